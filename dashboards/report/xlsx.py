"""Render a release as an Excel workbook: a README sheet, then one sheet per release table.

Numbers are numbers; a suppressed cell is left blank (never 0), shaded, and flagged
`suppressed` beside it. Text is always written as text (never a formula or link), and text that
starts with = + - @ also gets Excel's quote prefix, so editing the cell keeps it inert.
"""

import io

import polars as pl
import xlsxwriter

from collab import contract
from collab.config import Collaborative
from dashboards.report.document import BulletList, Cell, Paragraph, Report, Table
from dashboards.report.labels import CATEGORIES, OUTCOMES, STATUSES
from dashboards.report.release import SUPPRESSED, Release

FORMULA_STARTS = ("=", "+", "-", "@")
SHEET_NOTES = {
    "services": "Requests and outcomes by period, region and need",
    "referrals": "Referrals sent, by period, need and status",
    "demographics": "Survivors by period, dimension and category",
    "capacity": "Waitlists and open slots (a stock: the period row is the last month)",
    "referral_answers": "Referrals answered, and how fast, by period and need",
    "referral_loop": "Referrals accepted and whether the survivor got help",
    "referral_flows": "Referrals between partner categories",
    "feedback": "Survivors' survey answers by period, question and answer",
}


class _Writer:
    """Keeps the workbook's formats and writes text cells inertly."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.inert = book.add_format({"quote_prefix": True})
        self.bold = book.add_format({"bold": True})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.header = book.add_format({"bold": True, "bg_color": "#E8E8E8", "bottom": 1})
        self.suppressed = book.add_format(
            {"pattern": 5, "fg_color": "#BBBBBB", "bg_color": "#FFFFFF"}
        )
        self.flag = book.add_format({"italic": True, "font_color": "#666666"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.count = book.add_format({"num_format": "#,##0", "valign": "top"})
        self.percent = book.add_format({"num_format": '0.0"%"', "valign": "top"})

    def display(self, sheet, row: int, col: int, cell: Cell) -> None:
        """A report table cell: published counts and rates as numbers, the rest as text."""
        if cell.kind == "num":
            digits = cell.text.removesuffix("%").replace(",", "")
            if digits.replace(".", "", 1).isdigit():
                fmt = self.percent if cell.text.endswith("%") else self.count
                sheet.write_number(row, col, float(digits), fmt)
                return
        self.text(sheet, row, col, cell.text, self.wrap)

    def text(self, sheet, row: int, col: int, value: str, fmt=None) -> None:
        if value.startswith(FORMULA_STARTS):
            fmt = self.inert
        sheet.write_string(row, col, value, fmt)


def _readme(writer: _Writer, report: Report, release: Release, labels: dict) -> None:
    sheet = writer.book.add_worksheet("README")
    sheet.set_column(0, 0, 70)
    sheet.set_column(1, 3, 22)
    row = 0
    writer.text(sheet, row, 0, report.title, writer.title)
    writer.text(sheet, row + 1, 0, report.subtitle)
    row += 3
    rows = [
        ("Audience", release.audience),
        ("Period", release.period),
        ("Version", str(release.manifest.get("version", 1))),
        ("Created", release.manifest["created_at"]),
        ("Disclosure threshold", str(release.manifest["threshold"])),
        ("Suppressed cells", f"{release.manifest['suppressed_cells']:,}"),
    ]
    correction = release.manifest.get("correction")
    if correction:
        rows.append(("Correction", correction["note"]))
    for label, value in rows:
        writer.text(sheet, row, 0, label, writer.bold)
        writer.text(sheet, row, 1, value)
        row += 1
    row += 1
    writer.text(sheet, row, 0, "How to read the table sheets", writer.bold)
    row += 1
    for line in (
        "One sheet per published table: the dimension columns, then value, then flag.",
        "A suppressed cell has no value (shaded) and the flag 'suppressed': it is not 0.",
        "ALL is the total member of a dimension; each code has its label in the column beside it.",
        "level: detail rows are at no total member (a month or quarter, a region, a need, an "
        "outcome); total rows add up detail rows (total_of names which dimensions). Sum or "
        "pivot the detail rows only, and nothing is counted twice.",
        "capacity is a stock: its period row is the last month's value; never add months up.",
    ):
        writer.text(sheet, row, 0, line, writer.wrap)
        row += 1
    for name in release.tables:
        writer.text(sheet, row, 0, f"{name}: {SHEET_NOTES.get(name, 'release table')}")
        row += 1
    row += 1
    writer.text(sheet, row, 0, "Codes", writer.bold)
    row += 1
    for column, names in labels.items():
        for code, label in names.items():
            writer.text(sheet, row, 0, f"{column} = {code}")
            writer.text(sheet, row, 1, label)
            row += 1
    for section in report.sections:
        if section.key not in ("summary", "data-note"):
            continue
        row += 1
        writer.text(sheet, row, 0, section.title, writer.bold)
        row += 1
        for block in section.blocks:
            if isinstance(block, Table):
                for col, heading in enumerate(block.columns):
                    writer.text(sheet, row, col, heading, writer.header)
                row += 1
                for cells in block.rows:
                    for col, cell in enumerate(cells):
                        writer.display(sheet, row, col, cell)
                    row += 1
            elif isinstance(block, Paragraph):
                writer.text(sheet, row, 0, block.text, writer.wrap)
                row += 1
            elif isinstance(block, BulletList):
                for item in block.items:
                    writer.text(sheet, row, 0, f"• {item}", writer.wrap)
                    row += 1


def _totals(release: Release, name: str) -> dict[str, str]:
    """Each dimension's total member in this table, as the manifest lists them."""
    listed = next(
        (t for t in release.manifest.get("tables", []) if t["file"].endswith(f"/{name}.csv")), None
    )
    return dict(listed["total_members"]) if listed else {"period": release.period}


def with_levels(frame: pl.DataFrame, release: Release, name: str, labels: dict) -> pl.DataFrame:
    """The table with a label beside each coded column, and each row's level.

    `level` is `detail` for a row at no total member (a month or quarter, a region, a need,
    an outcome), else `total`, and `total_of` names the dimensions it totals: summing or
    pivoting the detail rows never counts anything twice.
    """
    totals = {c: m for c, m in _totals(release, name).items() if c in frame.columns}
    at_total = [pl.when(pl.col(c) == m).then(pl.lit(c)) for c, m in totals.items()]
    total_of = pl.concat_str(at_total, separator=", ", ignore_nulls=True) if at_total else None
    columns = []
    for column in frame.columns:
        if column in ("value", "flag"):
            continue
        columns.append(pl.col(column))
        if column in labels:
            columns.append(
                pl.col(column)
                .replace_strict(labels[column], default=pl.col(column), return_dtype=pl.String)
                .alias(f"{column}_label")
            )
    if total_of is None:
        level = [pl.lit("detail").alias("level"), pl.lit("").alias("total_of")]
    else:
        level = [
            pl.when(total_of.fill_null("") == "")
            .then(pl.lit("detail"))
            .otherwise(pl.lit("total"))
            .alias("level"),
            total_of.fill_null("").alias("total_of"),
        ]
    return frame.select(*columns, *level, "value", "flag")


def _table_sheet(writer: _Writer, name: str, release: Release, labels: dict) -> None:
    frame = with_levels(release.tables[name], release, name, labels)
    sheet = writer.book.add_worksheet(name[:31])
    for col, column in enumerate(frame.columns):
        writer.text(sheet, 0, col, column, writer.header)
    value_col, flag_col = frame.columns.index("value"), frame.columns.index("flag")
    for row, record in enumerate(frame.iter_rows(), start=1):
        for col, item in enumerate(record):
            if col == value_col:
                if item is None:
                    sheet.write_blank(row, col, None, writer.suppressed)
                else:
                    sheet.write_number(row, col, item)
            elif col == flag_col:
                if item:
                    writer.text(sheet, row, col, item, writer.flag if item == SUPPRESSED else None)
            elif item:
                writer.text(sheet, row, col, item)
    for col, column in enumerate(frame.columns):
        longest = frame[column].cast(str).str.len_chars().max() or 0
        sheet.set_column(col, col, min(max(len(column), longest) + 2, 40))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, frame.height, frame.width - 1)


def code_labels(config: Collaborative) -> dict[str, dict[str, str]]:
    """Reader's labels of the codes in the release tables, by published column name."""
    categories = {**CATEGORIES}
    leaves = {**OUTCOMES, "referrals": "Referrals sent", **STATUSES}
    return {
        "region": {**{r.code: r.label for r in config.regions}, "ALL": "All regions"},
        "need": {**contract.NEEDS, "ALL": "All needs"},
        "outcome": leaves,
        "status": leaves,
        "question": {**contract.FEEDBACK_QUESTIONS, "ALL": "All questions"},
        "from_category": categories,
        "to_category": categories,
    }


def render_xlsx(report: Report, release: Release, config: Collaborative) -> bytes:
    """The workbook bytes: README first, then the release tables in file order."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        writer = _Writer(book)
        labels = code_labels(config)
        _readme(writer, report, release, labels)
        for name in release.tables:
            _table_sheet(writer, name, release, labels)
    return buffer.getvalue()
