"""Header rules: blank, repeated, missing and unknown columns, and identifier-like names.

An unknown column is named by its position only ("column 5"): a header cell of a client list
may itself be a person's name, and findings never echo partner text.
"""

import re

from collab.contract import Export
from expectations.findings import Finding, finding

# Names that mean a client-level export. Matched as words inside the normalised header.
IDENTIFIER_WORDS = (
    "name",
    "first",
    "last",
    "surname",
    "dob",
    "birth",
    "ssn",
    "social_security",
    "address",
    "street",
    "zip",
    "postal",
    "phone",
    "mobile",
    "cell",
    "email",
    "mail",
    "case",
    "client",
    "notes",
    "note",
    "comment",
    "comments",
    "lat",
    "latitude",
    "lon",
    "lng",
    "longitude",
    "victim_id",
    "person",
    "member",
    "patient",
    "id_number",
    "license",
    "age",
    "gps",
)
_IDENTIFIER = re.compile(
    r"(^|[^a-z])(" + "|".join(sorted(IDENTIFIER_WORDS, key=len, reverse=True)) + r")($|[^a-z])"
)


def looks_like_identifier(column: str) -> bool:
    """True for headers such as `Client Name`, `DOB`, `case_no`, `e-mail`."""
    return _IDENTIFIER.search(column.replace("-", "")) is not None


def check_header(file: str, header: tuple[str, ...], export: Export) -> list[Finding]:
    """Every header rule; an empty list means the columns are exactly the contract's."""
    findings = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        where = f"column {position}"
        if not column:
            findings.append(finding(file, "header.blank", f"{where} has no name", where, 1))
        elif column in seen:
            named = column if column in export.columns else where
            findings.append(
                finding(file, "header.duplicate", f"{where} repeats an earlier column", named, 1)
            )
        elif column not in export.columns:
            if looks_like_identifier(column):
                findings.append(
                    finding(
                        file,
                        "risk.identifier_column",
                        f"{where} is named like a personal identifier; partners send aggregate "
                        "counts only, never client-level data",
                        where,
                        1,
                    )
                )
            else:
                findings.append(
                    finding(
                        file,
                        "header.unknown_column",
                        f"{where} is not a column of the {export.name} export",
                        where,
                        1,
                    )
                )
        seen.add(column)
    for column in export.columns:
        if column not in seen:
            findings.append(
                finding(
                    file,
                    "header.missing_column",
                    f"the {export.name} export needs a `{column}` column",
                    column,
                    1,
                )
            )
    return findings
