"""The report's survey section: FVPSA's measures from published counts only, never from hidden."""

from pathlib import Path

import polars as pl

from dashboards.report.document import Paragraph, Table
from dashboards.report.feedback import feedback_section
from dashboards.report.release import Release

PERIOD = "2026-Q3"


def _release(answers: dict[tuple[str, str], int | None]) -> Release:
    """A release whose feedback table holds `answers` (None: suppressed), the rest 0."""
    rows = [
        {
            "period": PERIOD,
            "question": q,
            "answer": a,
            "value": v,
            "flag": "" if v is not None else "suppressed",
        }
        for (q, a), v in answers.items()
    ]
    frame = pl.DataFrame(rows, schema_overrides={"value": pl.Int64})
    return Release(Path("."), {"audience": "x", "period": PERIOD}, {"feedback": frame})


ANSWERS = {
    ("ALL", "responses"): 120,
    ("safety_strategies", "yes"): 40,
    ("safety_strategies", "no"): 20,
    ("community_resources", "yes"): 30,
    ("community_resources", "no"): None,
    ("felt_respected", "yes"): 55,
    ("felt_respected", "no"): 0,
    ("would_recommend", "yes"): 0,
    ("would_recommend", "no"): 0,
}


def _tables(section) -> dict[str, list[list[str]]]:
    return {
        b.caption.split(",")[0]: [[c.text for c in row] for row in b.rows]
        for b in section.blocks
        if isinstance(b, Table)
    }


def test_fvpsa_funders_get_the_two_measures_against_the_target():
    tables = _tables(feedback_section(_release(ANSWERS), "FVPSA", for_collaborative=False))
    measures = tables["FVPSA outcome measures"]
    assert measures[0][1:] == ["60", "40", "66.7%", "met"]
    # A suppressed "no" leaves no exact denominator: no share, and no verdict on the target.
    assert measures[1][1] == "at least 30"
    assert measures[1][3].startswith("n/a") and measures[1][4] == "n/a"
    assert tables["Other survey questions"][0][1:] == ["55", "55", "100.0%"]
    assert tables["Other survey questions"][1][3].startswith("n/a")  # nobody answered


def test_other_funders_get_the_other_questions_only():
    tables = _tables(feedback_section(_release(ANSWERS), "VOCA", for_collaborative=False))
    assert list(tables) == ["Other survey questions"]
    collaborative = _tables(feedback_section(_release(ANSWERS), None, for_collaborative=True))
    assert "FVPSA outcome measures" in collaborative


def test_a_period_without_surveys_says_so():
    section = feedback_section(
        _release({("ALL", "responses"): 0}), "FVPSA", for_collaborative=False
    )
    assert [b.text for b in section.blocks if isinstance(b, Paragraph)] == [
        "No survey answers were received for this period."
    ]
