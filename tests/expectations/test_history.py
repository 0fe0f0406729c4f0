import polars as pl

from expectations.history import big_changes


def _history(values: dict[str, int]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "partner_id": ["A"] * len(values),
            "period": list(values),
            "requests": list(values.values()),
        }
    )


def test_far_from_own_average_is_flagged_near_is_not():
    history = _history({"2026-01": 20, "2026-02": 22, "2026-03": 18, "2026-04": 20})
    candidates = pl.DataFrame(
        {
            "index": [0, 1, 2],
            "partner_id": ["A", "A", "A"],
            "period": ["2026-05", "2026-05", "2026-05"],
            "requests": [60, 29, 5],
        }
    )
    assert big_changes(history, candidates) == [0, 2]


def test_small_programs_need_a_change_of_at_least_ten():
    history = _history({"2026-01": 2, "2026-02": 3, "2026-03": 2})
    candidates = pl.DataFrame(
        {
            "index": [0, 1],
            "partner_id": ["A", "A"],
            "period": ["2026-04", "2026-04"],
            "requests": [9, 13],
        }
    )
    assert big_changes(history, candidates) == [1]


def test_too_little_history_or_history_too_old_flags_nothing():
    history = _history({"2025-01": 20, "2025-02": 20, "2025-03": 20, "2026-03": 20, "2026-04": 20})
    candidates = pl.DataFrame(
        {"index": [0], "partner_id": ["A"], "period": ["2026-05"], "requests": [200]}
    )
    assert big_changes(history, candidates) == []
