"""Line rules, before any LP: what one additive line alone would give away.

A line is a set of cells that add up along one dimension: its members and their total, the
other dimensions fixed. With the total published, (1) a line with exactly one hidden cell gives
it away, and (2) a hidden cell can be at most the sum of the line's hidden members, which must
reach k. Both are necessary, cheap to enforce, and cut the LP loop's work; the LP loop then
handles what single lines can't see (several tables, the ledger).
"""

import numpy as np
import polars as pl

from transforms.release.spec import ALL, TABLES

STOCK = [t for t, s in TABLES.items() if s.stock]
LEAF_TOTALS = {t: s.leaf_total for t, s in TABLES.items() if s.leaf_total}


def _total_member(dimension: str) -> pl.Expr:
    if dimension == "period":
        return pl.col("months").str.contains("|", literal=True)
    if dimension == "leaf":
        return pl.col("leaf") == pl.col("table").replace_strict(LEAF_TOTALS, default="")
    return pl.col(dimension) == ALL


def lines(cells: pl.DataFrame) -> list[tuple[np.ndarray, int]]:
    """(member cell indices, total cell index) of every line among the new release's cells."""
    new = cells.filter(pl.col("is_new") & ~pl.col("table").is_in(STOCK))
    found = []
    for dimension in ("period", "region", "need", "leaf"):
        others = [
            c for c in ("table", "period", "region", "need", "dimension", "leaf") if c != dimension
        ]
        groups = (
            new.with_columns(_total_member(dimension).fill_null(False).alias("is_total"))
            .group_by(others, maintain_order=True)
            .agg(pl.col("cell"), pl.col("is_total"))
        )
        for members, totals in groups.select("cell", "is_total").iter_rows():
            if len(members) > 1 and sum(totals) == 1:
                total = members[totals.index(True)]
                found.append((np.asarray([m for m in members if m != total]), total))
    return found


def line_pass(cells: pl.DataFrame, suppressed: np.ndarray, threshold: int) -> np.ndarray:
    """Enforce both line rules on every line with a published total, until none is broken."""
    values = cells["value"].to_numpy()
    suppressed = suppressed.copy()
    all_lines = lines(cells)
    changed = True
    while changed:
        changed = False
        for members, total in all_lines:
            if suppressed[total]:
                continue
            hidden = suppressed[members]
            if not hidden.any():
                continue
            deficit = threshold - values[members][hidden].sum()
            if hidden.sum() >= 2 and deficit <= 0:
                continue
            open_members = members[~hidden & (values[members] > 0)]
            if open_members.size == 0:
                open_members = members[~hidden]
                if open_members.size == 0:
                    continue
            enough = open_members[values[open_members] >= deficit]
            pick = (
                enough[np.argmin(values[enough])]
                if enough.size
                else open_members[np.argmax(values[open_members])]
            )
            suppressed[pick] = True
            changed = True
    return suppressed
