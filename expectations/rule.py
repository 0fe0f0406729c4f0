"""What a catalogued rule is: a stable id, a severity, what it checks and how to fix it.

Rule ids are a contract with partners and evaluators (they appear in findings JSON and
`faults.json`); never rename one. Each rule is declared once, in `expectations/exports/`,
beside its logic; `expectations.catalogue` gathers them.
"""

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Rule:
    """One check of the gate."""

    id: str
    severity: Severity
    checks: str
    fix: str
