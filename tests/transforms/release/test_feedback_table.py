"""The protected `feedback.csv`: survivors' answers per question, small counts hidden."""

import polars as pl

from collab import contract
from transforms.release.publish import publish

K = 11
# (partner, question, yes, no, not_applicable): responses is their sum.
ANSWERS = [
    ("OSE", "safety_strategies", 40, 12, 3),
    ("OSE", "felt_respected", 50, 2, 3),
    ("DSS", "safety_strategies", 20, 15, 0),
    ("DSS", "felt_respected", 30, 5, 0),
]


def _feedback(rows) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "partner_id": p,
                "period": "2026-07",
                "question": q,
                "responses": y + n + na,
                "yes": y,
                "no": n,
                "not_applicable": na,
                "source_row": i + 2,
                "revision": 1,
            }
            for i, (p, q, y, n, na) in enumerate(rows)
        ]
    )


def _release(warehouse, tmp_path, config) -> pl.DataFrame:
    con = warehouse([("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0])])
    con.register("answers", _feedback(ANSWERS).to_arrow())
    con.execute("INSERT INTO feedback BY NAME SELECT * FROM answers")
    folder = publish(con, config, tmp_path / "reports", "collaborative", "2026-07").folder
    return pl.read_csv(folder / "tables" / "feedback.csv", schema_overrides={"value": pl.Int64})


def test_feedback_has_every_question_and_answer_with_totals(warehouse, tmp_path, config):
    table = _release(warehouse, tmp_path, config)
    assert table.columns == ["period", "question", "answer", "value", "flag"]
    assert set(table["question"]) == {*contract.FEEDBACK_QUESTIONS, "ALL"}
    assert set(table["answer"]) == {"responses", *contract.FEEDBACK_ANSWERS}
    truth = {}
    for _, question, yes, no, not_applicable in ANSWERS:
        counts = dict(zip(contract.FEEDBACK_ANSWERS, (yes, no, not_applicable), strict=True))
        counts["responses"] = yes + no + not_applicable
        for q in (question, "ALL"):
            for answer, n in counts.items():
                truth[q, answer] = truth.get((q, answer), 0) + n
    shown = {(q, a): v for _, q, a, v, _ in table.iter_rows() if v is not None}
    assert shown and all(v == truth.get(key, 0) for key, v in shown.items())
    assert shown["safety_strategies", "responses"] == 90
    # Questions nobody asked this month are published as 0, not left out.
    assert shown["would_recommend", "responses"] == 0


def test_small_answers_are_hidden_and_stay_hidden(warehouse, tmp_path, config):
    table = _release(warehouse, tmp_path, config)
    hidden = table.filter(pl.col("flag") == "suppressed")
    # felt_respected: no = 7 and not_applicable = 3 are small; safety_strategies' 3 too.
    keys = set(zip(hidden["question"], hidden["answer"], strict=True))
    assert {("felt_respected", "no"), ("felt_respected", "not_applicable")} <= keys
    assert ("safety_strategies", "not_applicable") in keys
    assert table.filter(pl.col("value").is_between(1, K - 1)).height == 0
    # A line with one hidden member would give it away: none has exactly one.
    per_line = hidden.filter(pl.col("answer") != "responses").group_by("question").len()
    assert per_line.filter(pl.col("len") == 1).height == 0
