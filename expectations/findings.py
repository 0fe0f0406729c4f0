"""Findings: what the gate says about a file. They name a place, never the value found there."""

from dataclasses import asdict, dataclass

from expectations.catalogue import RULES_BY_ID
from expectations.inbox import printable_name


@dataclass(frozen=True)
class Finding:
    """One broken rule at one place of one file (`row` as in a spreadsheet: header is 1)."""

    file: str
    rule: str
    severity: str
    column: str | None
    row: int | None
    message: str

    def to_json(self) -> dict:
        """The `collab check --json` shape: rule, severity, column, row, message."""
        fields = asdict(self)
        del fields["file"]
        return fields


def finding(
    file: str, rule: str, message: str, column: str | None = None, row: int | None = None
) -> Finding:
    """A finding of a catalogued rule, with the rule's severity; the file name made printable."""
    return Finding(printable_name(file), rule, RULES_BY_ID[rule].severity, column, row, message)


def is_rejected(findings: list[Finding]) -> bool:
    """Any error rejects the file; warnings and infos are loaded and shown."""
    return any(f.severity == "error" for f in findings)
