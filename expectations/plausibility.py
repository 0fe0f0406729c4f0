"""Warnings a single file can show: loaded, but an evaluator should ask the partner about them."""

import polars as pl

from collab import contract
from expectations.rows import RowRule, count_value


def warning_rules(export: contract.Export) -> list[RowRule]:
    """Row rules of severity `warning` for an export (cells are already valid)."""
    if export.name != "capacity":
        return []
    return [
        RowRule(
            "capacity.full_with_slots",
            "slots",
            ((pl.col("status") == "full") & (count_value("slots") > 0)).fill_null(False),
            "the need is marked `full` but has open slots",
        )
    ]
