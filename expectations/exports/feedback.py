"""The optional `feedback` export, survivors' anonymous surveys: one row per question asked.

Its columns are the contract's (`collab.contract.EXPORTS["feedback"]`); its rules are those of
every export and the sum of answers below.
"""

from collab import contract
from collab.config import Collaborative
from expectations.exports import every_export
from expectations.exports.sums import sum_rule
from expectations.rows import RowRule
from expectations.rule import Rule

EXPORT = contract.EXPORTS["feedback"]

RESPONSES = Rule(
    "sum.responses",
    "error",
    "feedback: responses = yes + no + not_applicable.",
    "Every survey that reached a question is counted once as yes, no or not_applicable; "
    "correct the counts.",
)

RULES: tuple[Rule, ...] = (RESPONSES,)


def row_rules(config: Collaborative) -> list[RowRule]:
    """Every error rule of a feedback row, in the order findings list them."""
    return [
        *every_export.row_rules(EXPORT, config),
        sum_rule(RESPONSES, "responses", contract.FEEDBACK_ANSWERS),
    ]


def warning_rules() -> list[RowRule]:
    """No warning is read from a feedback file alone."""
    return []
