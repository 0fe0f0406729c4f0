"""The rule catalogue: every check of the gate, gathered from where each is declared.

Each rule (stable id, severity, what it checks, how to fix it) is declared once, beside its
logic, in `expectations/exports/`: the rules of every file, then each export type's, then
those read across files. `docs/rules.md` is generated from this list, in this order.
"""

from expectations.exports import (
    across_files,
    capacity,
    demographics,
    every_export,
    feedback,
    referrals,
    services,
)
from expectations.rule import Rule

RULES: tuple[Rule, ...] = (
    *every_export.RULES,
    *services.RULES,
    *referrals.RULES,
    *capacity.RULES,
    *demographics.RULES,
    *feedback.RULES,
    *across_files.RULES,
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
