"""The additive lines of a release's cells, for the suppression engine's line rules.

A line is a set of cells that add up along one dimension: its members and their total, the
other dimensions fixed (`sdc/lines.py` says what the rules do with them). Which cells add up
is ours to say: the period total of a stock table (capacity) is its last month, not a sum,
so stock tables have no period lines, and the leaf total of each table is named in its spec.
"""

import numpy as np
import polars as pl

from transforms.release.spec import ALL, TABLES

STOCK = [t for t, s in TABLES.items() if s.stock]
LEAF_TOTALS = {t: s.leaf_total for t, s in TABLES.items() if s.leaf_total}
KEY = ("table", "period", "region", "need", "dimension", "leaf")


def _total_member(dimension: str) -> pl.Expr:
    if dimension == "period":
        return pl.col("months").str.contains("|", literal=True)
    if dimension == "leaf":
        return pl.col("leaf") == pl.col("table").replace_strict(LEAF_TOTALS, default="")
    return pl.col(dimension) == ALL


def additive_lines(cells: pl.DataFrame) -> list[tuple[np.ndarray, int]]:
    """(member cells, total cell) of every line among the new release's cells, in visiting order."""
    new = cells.filter(pl.col("is_new") & ~pl.col("table").is_in(STOCK))
    found = []
    for dimension in ("period", "region", "need", "leaf"):
        others = [c for c in KEY if c != dimension]
        groups = (
            new.with_columns(_total_member(dimension).fill_null(False).alias("is_total"))
            .group_by(others, maintain_order=True)
            .agg(pl.col("cell"), pl.col("is_total"))
        )
        for members, totals in groups.select("cell", "is_total").iter_rows():
            if len(members) > 1 and sum(totals) == 1:
                total = members[totals.index(True)]
                found.append((np.array([m for m in members if m != total]), total))
    return found
