"""The partner contract's rules, one module per export type, each rule declared once.

A module holds its export's rules side by side, as a dataframely schema holds a table's: each
rule's catalogue entry (id, severity, what it checks, how to fix it), its Polars expression
and its Great Expectations twin. `every_export` holds the rules every file meets,
`across_files` those read across files and months. `expectations.catalogue` gathers the
entries; the gate and the GX suites get an export's row rules from `row_rules`.
"""

from types import ModuleType

from collab import contract
from collab.config import Collaborative
from expectations.exports import capacity, demographics, feedback, referrals, services
from expectations.rows import RowRule

BY_EXPORT: dict[str, ModuleType] = {
    "services": services,
    "referrals": referrals,
    "capacity": capacity,
    "demographics": demographics,
    "feedback": feedback,
}


def row_rules(export: contract.Export, config: Collaborative) -> list[RowRule]:
    """Every error rule of a row of `export`, in the order findings list them."""
    return BY_EXPORT[export.name].row_rules(config)


def warning_rules(export: contract.Export) -> list[RowRule]:
    """Row rules of severity `warning` for `export` (run on files whose cells are valid)."""
    return BY_EXPORT[export.name].warning_rules()
