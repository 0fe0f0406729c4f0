"""FVPSA's measures month by month: a share only from an exact yes and an exact no."""

from dashboards.counts import INCLUDES_SUPPRESSED
from dashboards.site.cells import NOT_PUBLISHED
from dashboards.site.releases import Month
from dashboards.site.survey import survey_shares


def _month(period: str, cells: dict | None) -> Month:
    return Month(period, {}, {} if cells is None else {"feedback": cells})


def test_shares_from_published_counts_and_gaps_otherwise():
    months = [
        _month("2026-07", {("safety_strategies", "yes"): 40, ("safety_strategies", "no"): 20}),
        _month("2026-08", {("safety_strategies", "yes"): 30, ("safety_strategies", "no"): None}),
        _month("2026-09", None),
        _month("2026-10", {("safety_strategies", "yes"): 0, ("safety_strategies", "no"): 0}),
    ]
    safety = survey_shares(months)["safety_strategies"]
    assert safety["share"]["v"] == [round(40 / 60, 4), None, None, None]
    assert safety["answered"]["text"][:2] == ["60", "at least 30"]
    assert safety["share"]["why"][2] == NOT_PUBLISHED
    assert safety["share"]["why"][3] == "nobody answered"
    # August's hidden "no" leaves no exact denominator: no share, and the page says why.
    assert safety["share"]["why"][1] == INCLUDES_SUPPRESSED
