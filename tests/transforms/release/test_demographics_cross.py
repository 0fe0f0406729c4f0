"""Demographics atoms are age band x gender: a partner's two dimensions share one total."""

import polars as pl
import pytest

from transforms.release.atoms import cross_demographics


def _margins(rows) -> pl.DataFrame:
    """(sig, month, dimension, category, value) -> the demographics family's margin atoms."""
    return pl.DataFrame(
        [
            {
                "family": "demographics",
                "sig": sig,
                "confidential": False,
                "month": month,
                "region": None,
                "need": None,
                "dimension": dimension,
                "detail": None,
                "leaf": category,
                "value": value,
            }
            for sig, month, dimension, category, value in rows
        ],
        schema_overrides={"region": pl.String, "need": pl.String, "detail": pl.String},
    )


ROWS = [
    (1, "2026-07", "age_band", "18-24", 3),
    (1, "2026-07", "age_band", "25-59", 7),
    (1, "2026-07", "gender", "female", 9),
    (1, "2026-07", "gender", "male", 1),
    (2, "2026-07", "age_band", "60+", 4),
    (2, "2026-07", "gender", "not_reported", 4),
]


def test_the_cross_keeps_both_margins_and_leaves_every_pair_free():
    cross = cross_demographics(_margins(ROWS))
    parts = cross.with_columns(
        pl.col("leaf").str.split("@").list.get(0).alias("age"),
        pl.col("leaf").str.split("@").list.get(1).alias("gender"),
    )
    for dimension, column in (("age_band", "age"), ("gender", "gender")):
        summed = parts.group_by("sig", column).agg(pl.col("value").sum()).sort("sig", column)
        expected = sorted((s, c, v) for s, _, d, c, v in ROWS if d == dimension)
        assert summed.rows() == expected
    # Every pair of non-empty margins is an atom, the pairs the split leaves empty too: a
    # reader can't tell how the 18-24s and the 25-59s divide between women and men.
    assert sorted(cross.filter(pl.col("sig") == 1)["leaf"].to_list()) == [
        "18-24@female",
        "18-24@male",
        "25-59@female",
        "25-59@male",
    ]
    assert cross.filter(pl.col("value") == 0).height == 1
    assert cross.filter(pl.col("sig") == 2).rows(named=True)[0]["leaf"] == "60+@not_reported"


def test_margins_that_disagree_are_refused():
    broken = [*ROWS, (2, "2026-07", "gender", "female", 1)]
    with pytest.raises(RuntimeError, match="different totals"):
        cross_demographics(_margins(broken))
