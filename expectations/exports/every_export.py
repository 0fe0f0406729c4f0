"""Rules every partner file meets, whatever its export: its name, header, identity, codes, counts.

Row rules are Polars expressions declared beside their GX twins (`expectations.rows.RowRule`);
each export's module (`services`, `referrals`, ...) lists these with its own. File, header and
risk rules read a file or its text cells before any row is typed, so only their catalogue
entries live here; their logic is in `expectations.gate`, `expectations.limits` and
`expectations.read` (file) and `expectations.columns` (header). The rules on cells and shapes
that look like personal data live with their patterns in `expectations.risk`.
"""

from collections.abc import Callable

import polars as pl

from collab import contract
from collab.config import Collaborative
from expectations.codes import NEGATIVE, WHOLE, allowed_codes
from expectations.risk import RISK_RULES
from expectations.rows import FILE, PARTNER, PERIOD, Expect, RowRule, expect
from expectations.rule import Rule

FILE_RULES: tuple[Rule, ...] = (
    Rule(
        "file.name",
        "error",
        "The file name is `<partner_id>_<export>_<YYYY-MM>.csv` or `.xlsx`.",
        "Rename the file, e.g. `OSE_services_2026-07.csv`.",
    ),
    Rule(
        "file.partner_unknown",
        "error",
        "The partner id in the file name is listed in the collaborative config.",
        "Use your partner id as listed by the collaborative, or ask the evaluator to add you.",
    ),
    Rule(
        "file.period_range",
        "error",
        "The month in the file name is not before 2020-01 and not after the current month.",
        "Check the month in the file name.",
    ),
    Rule(
        "file.encoding",
        "error",
        "A CSV file is UTF-8 text (a byte-order mark is tolerated) without NUL bytes.",
        "Save the file as 'CSV UTF-8' from your spreadsheet program.",
    ),
    Rule(
        "file.unreadable",
        "error",
        "The file can be read as comma-separated text, or as an Excel workbook.",
        "Export the file again as CSV UTF-8 or .xlsx; do not rename other formats.",
    ),
    Rule(
        "file.empty",
        "error",
        "The file has a header row.",
        "Export the file again with its header row.",
    ),
    Rule(
        "file.not_regular",
        "error",
        "The file is a regular file: not a symbolic link, FIFO, device or socket (never opened).",
        "Copy the file itself into the inbox, not a link to it.",
    ),
    Rule(
        "file.too_large",
        "error",
        "The file is no bigger than `limits.max_file_mb` (default 50 MB); checked before reading.",
        "Send one partner's aggregated month per file; ask the evaluator if yours is larger.",
    ),
    Rule(
        "file.too_many_rows",
        "error",
        "The file has at most `limits.max_rows` data rows (default 200,000).",
        "Send aggregated counts, not one row per client or service.",
    ),
    Rule(
        "file.too_many_columns",
        "error",
        "The header has at most `limits.max_columns` cells (default 60).",
        "Export only the columns of the contract.",
    ),
    Rule(
        "file.cell_too_long",
        "error",
        "No cell holds more than `limits.max_cell_chars` characters (default 1,000).",
        "Cells hold codes and counts only; remove notes or pasted text.",
    ),
    Rule(
        "file.xlsx_uncompressed_size",
        "error",
        "An .xlsx unpacks to at most `limits.max_xlsx_uncompressed_mb` (default 200 MB), no "
        "large part is compressed more than `limits.max_xlsx_ratio` to 1 (default 100), and "
        "every part unpacks to the size and checksum its zip directory declares.",
        "Save the workbook again with only the export's sheet, or send CSV UTF-8.",
    ),
    Rule(
        "file.xlsx_external_link",
        "error",
        "An .xlsx has no links to other workbooks (`xl/externalLinks/`).",
        "Copy the sheet and paste values only into a new workbook, or send CSV UTF-8.",
    ),
    Rule(
        "file.xlsx_macro",
        "error",
        "An .xlsx carries no macros (no `vbaProject.bin`, no macro-enabled content type).",
        "Save as 'Excel Workbook (.xlsx)', not macro-enabled, or send CSV UTF-8.",
    ),
    Rule(
        "file.xlsx_embedded_object",
        "error",
        "An .xlsx embeds no objects or controls (`xl/embeddings/`, ActiveX, OLE objects).",
        "Remove embedded objects and buttons, or send CSV UTF-8.",
    ),
)

HEADER_RULES: tuple[Rule, ...] = (
    Rule(
        "header.blank",
        "error",
        "Every header cell has a column name.",
        "Remove empty columns or name them as the contract does.",
    ),
    Rule(
        "header.duplicate",
        "error",
        "No column name appears twice (names are compared trimmed and case-insensitively).",
        "Remove the repeated column.",
    ),
    Rule(
        "header.missing_column",
        "error",
        "Every column of the export type is present.",
        "Add the missing column; see the partner export contract.",
    ),
    Rule(
        "header.unknown_column",
        "error",
        "No column outside the contract is present (nothing free-text is ever sent).",
        "Delete the extra column before sending.",
    ),
)

# Its logic is the header check's (`expectations.columns`).
IDENTIFIER_COLUMN = Rule(
    "risk.identifier_column",
    "error",
    "No column is named like a personal identifier (name, dob, ssn, address, phone, "
    "email, case, client, notes, ...).",
    "This looks like a client-level export. Send the aggregate monthly export instead, "
    "and delete this file.",
)

PARTNER_MISMATCH = Rule(
    "row.partner_mismatch",
    "error",
    "Every row's `partner_id` is the one in the file name.",
    "Send one file per partner; fix `partner_id` or the file name.",
)
PERIOD_MISMATCH = Rule(
    "row.period_mismatch",
    "error",
    "Every row's `period` is the month in the file name.",
    "Send one file per month; fix `period` or the file name.",
)


def _identity_rule(rule: Rule, column: str, named: str, message: str) -> RowRule:
    return RowRule(
        rule.id,
        column,
        (pl.col(column) != pl.col(named)).fill_null(True),
        message,
        # A blank partner_id or period differs from the file name: no row is ignored.
        gx=(
            expect(
                "ExpectColumnPairValuesToBeEqual",
                column_A=column,
                column_B=named,
                ignore_row_if="neither",
            ),
        ),
    )


def identity_rules() -> list[RowRule]:
    """Every row's `partner_id` and `period` are the ones in the file name."""
    return [
        _identity_rule(
            PARTNER_MISMATCH,
            "partner_id",
            PARTNER,
            "`partner_id` is not the partner in the file name",
        ),
        _identity_rule(
            PERIOD_MISMATCH, "period", PERIOD, "`period` is not the month in the file name"
        ),
    ]


UNKNOWN_CODE = Rule(
    "value.unknown_code",
    "error",
    "Codes (need, direction, counterpart, status, region, dimension, category, question) "
    "are from the contract's lists and the collaborative config.",
    "Use the codes of the partner export contract exactly as written.",
)


def code_rule(
    column: str,
    allowed: list[str],
    known_also: pl.Expr | None = None,
    gx: tuple[Expect, ...] = (),
    gx_columns: tuple[pl.Expr, ...] = (),
) -> RowRule:
    """`column` holds one of `allowed` (and meets `known_also`, with its twin in `gx`)."""
    known = pl.col(column).is_in(allowed).fill_null(False)
    if known_also is not None:
        known = known & known_also
    return RowRule(
        UNKNOWN_CODE.id,
        column,
        ~known,
        f"`{column}` is not one of the contract's codes",
        # Value-set expectations skip nulls, but a blank code is an unknown code too.
        gx=(
            expect("ExpectColumnValuesToNotBeNull", column=column),
            expect("ExpectColumnValuesToBeInSet", column=column, value_set=allowed),
            *gx,
        ),
        gx_columns=gx_columns,
    )


CodeRule = Callable[[list[str]], RowRule]


def code_rules(
    export: contract.Export, config: Collaborative, special: dict[str, CodeRule]
) -> list[RowRule]:
    """`value.unknown_code` on each code column; `special[column]` builds a column's own rule.

    Codes come from the contract's lists and the collaborative config (`expectations.codes`).
    """
    allowed = allowed_codes(export, config)
    return [
        special[column](allowed[column])
        if column in special
        else code_rule(column, allowed[column])
        for column in export.codes
    ]


COUNT_BLANK = Rule(
    "value.count_blank",
    "error",
    "Every count cell holds a number (an empty cell is an error, not a zero).",
    "Write 0 where there were none.",
)
COUNT_NOT_INTEGER = Rule(
    "value.count_not_integer",
    "error",
    "Every count is a whole number.",
    "Counts are people or referrals: use whole numbers without decimals or text.",
)
COUNT_NEGATIVE = Rule(
    "value.count_negative",
    "error",
    "No count is negative.",
    "Correct the count; a correction of an earlier month is a resend of that month.",
)


def _python_pattern(pattern: str) -> str:
    # pandas matches with Python's `re`, whose `$` also matches before a final newline; `\Z` is
    # what `$` means to Polars (Rust). The patterns themselves are the Polars path's, so the
    # two paths can't drift apart.
    return pattern.replace("$", r"\Z")


_NEGATIVE_COUNT = _python_pattern(NEGATIVE)
# A negative count is its own rule, so only text that is neither whole nor negative is
# "not a whole number".
_WHOLE_OR_NEGATIVE = f"{_python_pattern(WHOLE)}|{_NEGATIVE_COUNT}"


def count_rules(column: str) -> list[RowRule]:
    """A count cell is not blank, not negative, and a whole number (each a rule of its own)."""
    cell = pl.col(column)
    blank = cell.is_null()
    negative = cell.str.contains(NEGATIVE).fill_null(False)
    # Regex expectations skip nulls, so a blank count is `count_blank` only.
    return [
        RowRule(
            COUNT_BLANK.id,
            column,
            blank,
            f"`{column}` is empty; write 0 for none",
            gx=(expect("ExpectColumnValuesToNotBeNull", column=column),),
        ),
        RowRule(
            COUNT_NEGATIVE.id,
            column,
            negative,
            f"`{column}` is negative",
            gx=(expect("ExpectColumnValuesToNotMatchRegex", column=column, regex=_NEGATIVE_COUNT),),
        ),
        RowRule(
            COUNT_NOT_INTEGER.id,
            column,
            (~blank & ~negative & ~cell.str.contains(WHOLE)).fill_null(False),
            f"`{column}` is not a whole number",
            gx=(expect("ExpectColumnValuesToMatchRegex", column=column, regex=_WHOLE_OR_NEGATIVE),),
        ),
    ]


DUPLICATE_KEY = Rule(
    "row.duplicate_key",
    "error",
    "Each need (or direction/counterpart/need, dimension/category, or question) appears once.",
    "Add the duplicate rows together into one row.",
)


def duplicate_key_rule(export: contract.Export) -> RowRule:
    """No two rows of a file share the export's key."""
    key = ", ".join(export.key)
    return RowRule(
        DUPLICATE_KEY.id,
        key,
        pl.struct([FILE, *export.key]).is_duplicated(),
        f"another row has the same {key}",
        # A key is unique per file, and pandas, like Polars, counts blank key cells as equal.
        gx=(
            expect(
                "ExpectCompoundColumnsToBeUnique",
                column_list=[FILE, *export.key],
                ignore_row_if="never",
            ),
        ),
    )


def row_rules(
    export: contract.Export, config: Collaborative, special_codes: dict[str, CodeRule] | None = None
) -> list[RowRule]:
    """The row rules of every export, in the order findings list them.

    Identity, codes, counts, then the key; `special_codes` gives a code column a rule of its
    export's own (see `code_rules`).
    """
    rules = [*identity_rules(), *code_rules(export, config, special_codes or {})]
    for column in export.counts:
        rules += count_rules(column)
    return [*rules, duplicate_key_rule(export)]


RULES: tuple[Rule, ...] = (
    *FILE_RULES,
    *HEADER_RULES,
    IDENTIFIER_COLUMN,
    *RISK_RULES,
    PARTNER_MISMATCH,
    PERIOD_MISMATCH,
    COUNT_BLANK,
    COUNT_NOT_INTEGER,
    COUNT_NEGATIVE,
    UNKNOWN_CODE,
    DUPLICATE_KEY,
)
