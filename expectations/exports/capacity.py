"""The `capacity` export, what a partner can offer at month end: one row per need it offers.

Its columns are the contract's (`collab.contract.EXPORTS["capacity"]`); its rules are those of
every export and one warning: loaded, but an evaluator should ask the partner about it.
"""

import polars as pl

from collab import contract
from collab.config import Collaborative
from expectations.exports import every_export
from expectations.rows import RowRule, count_value
from expectations.rule import Rule

EXPORT = contract.EXPORTS["capacity"]

FULL_WITH_SLOTS = Rule(
    "capacity.full_with_slots",
    "warning",
    "capacity: a need marked `full` has no open slots.",
    "Either the status is `limited` or `available`, or `slots` should be 0.",
)

RULES: tuple[Rule, ...] = (FULL_WITH_SLOTS,)


def row_rules(config: Collaborative) -> list[RowRule]:
    """Every error rule of a capacity row, in the order findings list them."""
    return every_export.row_rules(EXPORT, config)


def warning_rules() -> list[RowRule]:
    """Warnings of a capacity row, run on files whose cells are valid.

    No GX twin: the suites hold the errors, which block the ingest.
    """
    return [
        RowRule(
            FULL_WITH_SLOTS.id,
            "slots",
            ((pl.col("status") == "full") & (count_value("slots") > 0)).fill_null(False),
            "the need is marked `full` but has open slots",
        )
    ]
