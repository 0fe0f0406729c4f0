"""From atoms to the cells of a release: every cell is the sum of the atoms it covers.

A release is an audience (a partner set) and a period (its months). Expanding an atom into
every cell that contains it (its own members and each dimension's total member) gives both
the release's values and the incidence (cell, atom) that the protection LP works on.
"""

from dataclasses import dataclass

import polars as pl

from collab.contract import DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL
from collab.periods import parse_period
from transforms.release.spec import ALL, LOOP_LEAVES, REGIONAL, TABLES

CELL_KEY = ["table", "period", "months", "region", "need", "dimension", "leaf"]


@dataclass(frozen=True)
class Release:
    """What one release covers: `bit` is the audience's bit in the atoms' signatures.

    `by_region` lists the regional tables the release breaks down by region; the others
    publish the `ALL` region only (`transforms/release/regions.py` says when). `period_rows`
    are the periods below the release period (its months, or a funder's quarters; see
    `spec.period_rows`); None for the months, as every release before funder shapes had.
    """

    release_id: str
    audience: str
    period: str
    months: tuple[str, ...]
    bit: int
    tables: tuple[str, ...] = tuple(TABLES)
    by_region: tuple[str, ...] = REGIONAL
    period_rows: tuple[str, ...] | None = None

    def row_months(self) -> list[tuple[str, tuple[str, ...]]]:
        """(period, its months) of every row below the release period."""
        return row_months(self.months, self.period_rows)


def row_months(
    months: tuple[str, ...], period_rows: tuple[str, ...] | None
) -> list[tuple[str, tuple[str, ...]]]:
    """(period, its months) of the rows below a release period of `months`."""
    if len(months) < 2:
        return []
    if period_rows is None:
        return [(month, (month,)) for month in months]
    return [(label, parse_period(label).months) for label in period_rows]


def _period_total(frame: pl.DataFrame, label: str, months: tuple[str, ...]) -> pl.DataFrame:
    """The rows of a period made of `months`: their sum, or a stock table's last month."""
    stock = pl.col("table").is_in([t for t, s in TABLES.items() if s.stock])
    within = pl.col("period").is_in(months) & (~stock | (pl.col("period") == months[-1]))
    return frame.filter(within).with_columns(
        pl.lit(label).alias("period"),
        pl.when(stock).then(pl.lit(months[-1])).otherwise(pl.lit("|".join(months))).alias("months"),
    )


def in_release(bit: int) -> pl.Expr:
    """Whether an atom's signature has the release with this bit."""
    return ((pl.col("sig") // (2**bit)) % 2) == 1


def _with_total(frame: pl.DataFrame, column: str, total: str, where: pl.Expr) -> pl.DataFrame:
    return pl.concat([frame, frame.filter(where).with_columns(pl.lit(total).alias(column))])


def _status(leaf: pl.Expr) -> pl.Expr:
    """`got_help@responded_2d` -> `got_help`; the loop's two parts make `accepted`."""
    return leaf.str.split("@").list.first()


def project(atoms: pl.DataFrame, table: str) -> pl.DataFrame:
    """The atoms of `table`'s family that it counts, keyed by the table's own cells."""
    family = atoms.filter(pl.col("family") == TABLES[table].atoms_family)
    status = _status(pl.col("leaf"))
    no_dimension = pl.lit(None, pl.String).alias("dimension")
    if table == "referrals":
        leaf = pl.when(status.is_in(LOOP_LEAVES)).then(pl.lit("accepted")).otherwise(status)
        family = family.with_columns(leaf.alias("leaf"), no_dimension)
    elif table == "referral_loop":
        family = family.filter(status.is_in(LOOP_LEAVES)).with_columns(
            status.alias("leaf"), no_dimension
        )
    elif table == "referral_answers":
        family = family.filter(pl.col("leaf").str.contains("@", literal=True)).with_columns(
            pl.col("leaf").str.split("@").list.last().alias("leaf"), no_dimension
        )
    elif table == "demographics":
        family = pl.concat(
            family.with_columns(
                pl.lit(dimension).alias("dimension"),
                pl.col("leaf").str.split("@").list.get(i).alias("leaf"),
            )
            for i, dimension in enumerate(DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL)
        )
    elif table == "referral_flows":
        family = family.with_columns(
            pl.col("detail").alias("leaf"), pl.lit(None, pl.String).alias("need")
        )
    return family.select(
        "atom", pl.lit(table).alias("table"), "month", "region", "need", "dimension", "leaf"
    )


def expand(
    atoms: pl.DataFrame,
    release: Release,
    without_bit: int | None = None,
    within_bit: int | None = None,
) -> pl.DataFrame:
    """(cell key…, atom) for every atom of the release, in every cell that contains it.

    `atoms` carries an `atom` id. `without_bit` keeps only atoms outside that audience: the
    cells of "this release minus that audience", the pieces a difference attack would get.
    """
    members = in_release(release.bit)
    if without_bit is not None:
        members = members & ~in_release(without_bit)
    if within_bit is not None:
        members = members & in_release(within_bit)
    mine = atoms.filter(members & pl.col("month").is_in(release.months))
    frame = pl.concat([project(mine, table) for table in release.tables]).select(
        "atom",
        "table",
        pl.col("month").alias("period"),
        pl.col("month").alias("months"),
        "region",
        "need",
        "dimension",
        "leaf",
    )
    if len(release.months) > 1:
        rows = [
            frame.filter(pl.col("period") == label)
            if len(months) == 1
            else _period_total(frame, label, months)
            for label, months in release.row_months()
        ]
        frame = pl.concat([*rows, _period_total(frame, release.period, release.months)])
    for table, spec in TABLES.items():
        is_table = pl.col("table") == table
        for column in spec.totals:
            if column == "region" and table not in release.by_region:
                frame = frame.with_columns(
                    pl.when(is_table).then(pl.lit(ALL)).otherwise(pl.col("region")).alias("region")
                )
            else:
                frame = _with_total(frame, column, ALL, is_table)
        if spec.leaf_total is not None:
            frame = _with_total(frame, "leaf", spec.leaf_total, is_table)
    return frame.select(*CELL_KEY, "atom")


def cell_values(incidence: pl.DataFrame, atoms: pl.DataFrame) -> pl.DataFrame:
    """The value of every cell: the sum of its atoms."""
    return (
        incidence.join(atoms.select("atom", "value"), on="atom")
        .group_by(CELL_KEY)
        .agg(pl.col("value").sum())
    )
