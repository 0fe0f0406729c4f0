"""Re-identification risk rules: cells and shapes that look like personal data.

Runs on the raw text cells, before anything is typed, as regular expressions and name sets
vectorised in Polars. Only cells that are not already valid (a known code, a whole-number
count, the file's own partner and month) are examined, so clean files cost almost nothing.
A risk finding names the rule, column and row; the value is never kept, printed or logged.
"""

import polars as pl

from collab import contract
from collab.config import Collaborative
from expectations.codes import WHOLE, allowed_codes
from expectations.names import person_names
from expectations.read import ROW
from expectations.rows import FILE, PARTNER, PERIOD
from expectations.rule import Rule

# The catalogue's entries of the cell and shape rules below (`expectations.catalogue`).
RISK_RULES: tuple[Rule, ...] = (
    Rule(
        "risk.ssn",
        "error",
        "No cell looks like a social security number.",
        "Personal data must never leave your records: delete this file and send the "
        "aggregate export.",
    ),
    Rule(
        "risk.email",
        "error",
        "No cell looks like an e-mail address.",
        "Delete this file and send the aggregate export; never put contact details in it.",
    ),
    Rule(
        "risk.date",
        "error",
        "No cell holds a full date or date-time (a month is `YYYY-MM`).",
        "Write the month as `YYYY-MM` in `period`; dates of birth or service never go in.",
    ),
    Rule(
        "risk.lat_long",
        "error",
        "No cell looks like a latitude or longitude.",
        "Locations are never sent; use the region code from the collaborative's list.",
    ),
    Rule(
        "risk.phone",
        "error",
        "No cell looks like a phone number.",
        "Delete this file and send the aggregate export; never put contact details in it.",
    ),
    Rule(
        "risk.zip",
        "error",
        "No cell looks like a ZIP code.",
        "Places are sent only as the collaborative's region codes.",
    ),
    Rule(
        "risk.street_address",
        "error",
        "No cell looks like a street address or P.O. box.",
        "Addresses are never sent; use the region code from the collaborative's list.",
    ),
    Rule(
        "risk.person_name",
        "error",
        "No code or count cell holds a word from the person-name lists (Faker's first and "
        "last names across locales, minus the contract's own words).",
        "Codes and counts only: check that no client or staff name slipped into the file.",
    ),
    Rule(
        "risk.free_text",
        "error",
        "No code or count cell holds free text (several words, or a long text).",
        "Nothing free-text is ever sent: use the contract's codes and whole numbers.",
    ),
    Rule(
        "risk.fine_place",
        "error",
        "`region` is always one of the configured region codes, never a finer place.",
        "Use the region code from the collaborative's list; never a town, street or site.",
    ),
    Rule(
        "risk.person_rows",
        "error",
        "The file is not shaped like one row per person (25 rows or more whose counts are "
        "all 0 or 1).",
        "Send one row per need (or per counterpart and need) with totals for the month.",
    ),
)

# Ordered from most to least specific: a cell gets the first rule it matches.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("risk.ssn", r"(^|\D)\d{3}-\d{2}-\d{4}(\D|$)"),
    ("risk.email", r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    (
        "risk.date",
        r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
        r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b",
    ),
    ("risk.lat_long", r"^[-+]?\d{1,3}\.\d{4,}(\s*[,;]\s*[-+]?\d{1,3}\.\d{4,})?$"),
    ("risk.phone", r"(^|[^\d])(\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}([^\d]|$)"),
    ("risk.zip", r"^\d{5}(-\d{4})?$"),
    (
        "risk.street_address",
        r"^\d+[a-z]?\s+(\S+\s+){0,4}(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|"
        r"dr|court|ct|way|place|pl|terrace|circle|cir|highway|hwy|parkway|pkwy)\b"
        r"|\b(p\.?\s?o\.?\s+box|apt\.?|apartment|suite|unit)\s*#?\s*\d+",
    ),
)
# A code or count cell holding several words is free text, whatever it says.
FREE_TEXT = r"\S+\s+\S+|^.{33,}$"
# A file this long whose every count is 0 or 1 is shaped like one row per person.
PERSON_ROWS_MIN = 25
MESSAGES = {
    "risk.ssn": "looks like a social security number",
    "risk.email": "looks like an e-mail address",
    "risk.date": "looks like a full date or date-time",
    "risk.lat_long": "looks like a latitude/longitude",
    "risk.phone": "looks like a phone number",
    "risk.zip": "looks like a ZIP code",
    "risk.street_address": "looks like a street address",
    "risk.person_name": "looks like a person's name",
    "risk.free_text": "holds free text where a code or count belongs",
    "risk.fine_place": "is a place that is not a configured region (finer places are never sent)",
}


def _valid(export: contract.Export, config: Collaborative, column: str) -> pl.Expr:
    cell = pl.col(column)
    if column == "partner_id":
        return cell == pl.col(PARTNER)
    if column == "period":
        return cell == pl.col(PERIOD)
    if column in export.counts:
        # 5 digits with a leading zero is how a ZIP code looks, never how a count is written.
        return cell.str.contains(WHOLE) & ~cell.str.contains(r"^0\d{4}$")
    return cell.is_in(allowed_codes(export, config)[column])


def _name_like(value: pl.Expr) -> pl.Expr:
    words = value.str.to_lowercase().str.extract_all(r"[^\W\d_]{2,}")
    return words.list.eval(pl.element().is_in(list(person_names()))).list.any()


def _classify(value: pl.Expr, column: pl.Expr) -> pl.Expr:
    text = value.str.to_lowercase()
    chain = pl.when(pl.lit(False)).then(None)
    for rule, pattern in PATTERNS:
        chain = chain.when(text.str.contains(pattern)).then(pl.lit(rule))
    return (
        chain.when(_name_like(value).fill_null(False))
        .then(pl.lit("risk.person_name"))
        .when(column == "region")
        .then(pl.lit("risk.fine_place"))
        .when(text.str.contains(FREE_TEXT))
        .then(pl.lit("risk.free_text"))
        .otherwise(None)
    )


def risky_cells(export: contract.Export, config: Collaborative, rows: pl.DataFrame) -> pl.DataFrame:
    """Every flagged cell of a batch as (file, rule, column, row), in file and row order.

    Valid cells are blanked first, so the patterns and name lists only see the few cells
    that are not already a code, a count or the file's own partner and month.
    """
    columns = list(export.columns)
    suspicious = (
        rows.select(
            FILE,
            ROW,
            *[
                pl.when(_valid(export, config, c).fill_null(False))
                .then(None)
                .otherwise(pl.col(c))
                .alias(c)
                for c in columns
            ],
        )
        .unpivot(index=[FILE, ROW], on=columns, variable_name="column", value_name="value")
        .drop_nulls("value")
    )
    return (
        suspicious.with_columns(_classify(pl.col("value"), pl.col("column")).alias("rule"))
        .drop_nulls("rule")
        .select(FILE, "rule", "column", ROW)
        .sort(FILE, ROW, "column")
    )


def person_shaped_files(export: contract.Export, rows: pl.DataFrame) -> list[int]:
    """Files of the batch with many rows whose counts are all 0 or 1 (one row per person)."""
    binary = pl.all_horizontal([pl.col(c).is_in(["0", "1"]) for c in export.counts])
    shape = rows.group_by(FILE).agg(pl.len().alias("rows"), binary.all().alias("binary"))
    return sorted(shape.filter((pl.col("rows") >= PERSON_ROWS_MIN) & pl.col("binary"))[FILE])
