"""The `services` export, needs met and unmet: one row per need with any requests that month.

Its columns are the contract's (`collab.contract.EXPORTS["services"]`); its rules are those of
every export and the sum of outcomes below. Its month-on-month check (`history.big_change`)
compares files, so it is in `across_files`.
"""

from collab import contract
from collab.config import Collaborative
from expectations.exports import every_export
from expectations.exports.sums import sum_rule
from expectations.rows import RowRule
from expectations.rule import Rule

EXPORT = contract.EXPORTS["services"]

REQUESTS = Rule(
    "sum.requests",
    "error",
    "services: requests = served + partially_served + unmet_capacity + "
    "unmet_eligibility + unmet_declined + unmet_other.",
    "Every request ends in exactly one outcome; correct the counts.",
)

RULES: tuple[Rule, ...] = (REQUESTS,)


def row_rules(config: Collaborative) -> list[RowRule]:
    """Every error rule of a services row, in the order findings list them."""
    return [
        *every_export.row_rules(EXPORT, config),
        sum_rule(REQUESTS, "requests", contract.SERVICE_OUTCOMES),
    ]


def warning_rules() -> list[RowRule]:
    """No warning is read from a services file alone."""
    return []
