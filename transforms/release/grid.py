"""The published shape of each table: every member of every dimension, zeros included.

Zero is published (it is not small), so a reader sees every need and region, and the
totals visibly add up. Values come from the protected cells; cells absent there are 0.
"""

import polars as pl

from collab import contract
from collab.config import Collaborative
from transforms.release.cells import CELL_KEY, row_months
from transforms.release.spec import ALL, TABLES

# Tables whose `dimension` column is a dimension of their own, and its members besides ALL.
DIMENSION_MEMBERS: dict[str, tuple[str, ...]] = {
    "referral_flows": contract.PARTNER_CATEGORIES,
    "feedback": tuple(contract.FEEDBACK_QUESTIONS),
}


def _frame(**columns: list) -> pl.DataFrame:
    return pl.DataFrame({k: pl.Series(v, dtype=pl.String) for k, v in columns.items()})


def grid(table: str, config: Collaborative, release) -> pl.DataFrame:
    """Every cell key of one table of a release, as (table, period, region, need, dim, leaf).

    `release` has `period`, `months`, `by_region` and `period_rows` (a ledger release). A
    regional table the release does not break down by region has the `ALL` region only.
    """
    spec = TABLES[table]
    rows = [label for label, _ in row_months(release.months, release.period_rows)]
    periods = _frame(period=[*rows, release.period])
    codes = [r.code for r in config.regions] if table in release.by_region else []
    regions = _frame(region=[*codes, ALL])
    needs = _frame(need=list(contract.NEEDS) + [ALL])
    leaves = _frame(leaf=([spec.leaf_total] if spec.leaf_total else []) + list(spec.leaves))
    if table == "demographics":
        pairs = [
            (d, c)
            for d in contract.DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL
            for c in (*contract.DEMOGRAPHIC_CATEGORIES[d], ALL)
        ]
        body = _frame(dimension=[d for d, _ in pairs], leaf=[c for _, c in pairs])
        frame = periods.join(body, how="cross").with_columns(
            pl.lit(None, pl.String).alias("region"), pl.lit(None, pl.String).alias("need")
        )
    elif table in DIMENSION_MEMBERS:
        members = _frame(dimension=[*DIMENSION_MEMBERS[table], ALL])
        frame = (
            periods.join(members, how="cross")
            .join(leaves, how="cross")
            .with_columns(
                pl.lit(None, pl.String).alias("region"), pl.lit(None, pl.String).alias("need")
            )
        )
    elif spec.atoms_family == "referrals":
        frame = (
            periods.join(needs, how="cross")
            .join(leaves, how="cross")
            .with_columns(
                pl.lit(None, pl.String).alias("region"), pl.lit(None, pl.String).alias("dimension")
            )
        )
    else:
        frame = (
            periods.join(regions, how="cross")
            .join(needs, how="cross")
            .join(leaves, how="cross")
            .with_columns(pl.lit(None, pl.String).alias("dimension"))
        )
    return frame.with_columns(pl.lit(table).alias("table")).select(
        [c for c in CELL_KEY if c != "months"]
    )


def published_table(
    table: str, config: Collaborative, release, cells: pl.DataFrame
) -> pl.DataFrame:
    """The tidy CSV frame: dimension columns, `value` (null when suppressed), `flag`."""
    spec = TABLES[table]
    key = [c for c in CELL_KEY if c != "months"]
    joined = (
        grid(table, config, release)
        .join(
            cells.filter(pl.col("table") == table).select(*key, "value", "suppressed"),
            on=key,
            how="left",
            nulls_equal=True,
        )
        .with_columns(pl.col("value").fill_null(0), pl.col("suppressed").fill_null(False))
    )
    return joined.select(
        *[pl.col(c).alias(spec.published_name(c)) for c in spec.columns],
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col("value")).alias("value"),
        pl.when(pl.col("suppressed")).then(pl.lit("suppressed")).alias("flag"),
    )
