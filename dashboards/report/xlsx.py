"""Render a release as an Excel workbook: a README sheet, then one sheet per release table.

Numbers are numbers; a suppressed cell is left blank (never 0), shaded, and flagged
`suppressed` beside it. Text is always written as text (never a formula or link), and text that
starts with = + - @ also gets Excel's quote prefix, so editing the cell keeps it inert.
"""

import io

import xlsxwriter

from dashboards.report.document import BulletList, Cell, Paragraph, Report, Table
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


def _readme(writer: _Writer, report: Report, release: Release) -> None:
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
        "ALL is the total member of a dimension.",
    ):
        writer.text(sheet, row, 0, line, writer.wrap)
        row += 1
    for name in release.tables:
        writer.text(sheet, row, 0, f"{name}: {SHEET_NOTES.get(name, 'release table')}")
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


def _table_sheet(writer: _Writer, name: str, release: Release) -> None:
    frame = release.tables[name]
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
            else:
                writer.text(sheet, row, col, item)
    for col, column in enumerate(frame.columns):
        longest = frame[column].cast(str).str.len_chars().max() or 0
        sheet.set_column(col, col, min(max(len(column), longest) + 2, 40))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, frame.height, frame.width - 1)


def render_xlsx(report: Report, release: Release) -> bytes:
    """The workbook bytes: README first, then the release tables in file order."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        writer = _Writer(book)
        _readme(writer, report, release)
        for name in release.tables:
            _table_sheet(writer, name, release)
    return buffer.getvalue()
