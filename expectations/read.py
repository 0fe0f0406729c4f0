"""Read a partner file (CSV or XLSX) into its header and its rows of raw text cells.

Nothing is typed here: every cell stays text so that the gate can say which cells break the
contract instead of failing on the first. Row numbers are as a partner sees them in a
spreadsheet: the header is row 1, the first data row is row 2. CSV goes through the standard
library's C reader, which is faster than a DataFrame reader on the small files partners send
and tells exactly which row is ragged.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from collab.config import Limits

ROW = "__row"


class UnreadableFile(Exception):
    """The file can't be read as a table; `rule` is the catalogue id, `row` where, if known."""

    def __init__(self, rule: str, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.row = row


@dataclass(frozen=True)
class RawTable:
    """Header cells (trimmed, lower-cased) and data rows as text (trimmed, '' as None)."""

    header: tuple[str, ...]
    records: list[list[str | None]]
    rows: list[int]


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise UnreadableFile("file.encoding", "the file contains NUL bytes; it is not CSV text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("file.encoding", "the file is not UTF-8 text") from None


def _xlsx_lines(data: bytes) -> list[list[str]]:
    try:
        sheet = pl.read_excel(
            io.BytesIO(data),
            sheet_id=1,
            has_header=False,
            infer_schema_length=0,
            drop_empty_rows=False,
            drop_empty_cols=False,
            raise_if_empty=False,
        )
    except Exception:  # noqa: BLE001 - fastexcel raises many types for broken workbooks
        raise UnreadableFile(
            "file.unreadable", "the file can't be read as an Excel workbook"
        ) from None
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows()]


def _check_cells(line: list[str], header: tuple[str, ...], number: int, limits: Limits) -> None:
    if max(map(len, line), default=0) <= limits.max_cell_chars:  # the common case, in C
        return
    for position, cell in enumerate(line):
        if len(cell) > limits.max_cell_chars:
            # A header cell is named only when it is a plain code: it too came from the file.
            name = header[position] if position < len(header) else ""
            column = name if name.isascii() and name.isidentifier() else f"column {position + 1}"
            raise UnreadableFile(
                "file.cell_too_long",
                f"a cell of `{column}` is longer than {limits.max_cell_chars} characters "
                "(limits.max_cell_chars)",
                number,
            )


def _table(lines: Iterator[list[str]], limits: Limits, long_cells_possible: bool) -> RawTable:
    first = next(lines, None)
    if first is None or not "".join(first).strip():
        raise UnreadableFile("file.empty", "the file has no header row")
    if len(first) > limits.max_columns:
        raise UnreadableFile(
            "file.too_many_columns",
            f"the header has {len(first)} cells; the limit is {limits.max_columns} "
            "(limits.max_columns)",
            1,
        )
    _check_cells(first, (), 1, limits)
    header = tuple(cell.strip().lower() for cell in first)
    records, rows = [], []
    for number, line in enumerate(lines, start=2):
        if not "".join(line).strip():  # a blank line; one join is cheaper than a test per cell
            continue
        if len(line) != len(header):
            raise UnreadableFile(
                "file.unreadable",
                "this row has a different number of cells than the header",
                number,
            )
        if long_cells_possible:
            _check_cells(line, header, number, limits)
        if len(rows) == limits.max_rows:
            raise UnreadableFile(
                "file.too_many_rows",
                f"the file has more than {limits.max_rows:,} data rows (limits.max_rows)",
                number,
            )
        records.append([cell.strip() or None for cell in line])
        rows.append(number)
    return RawTable(header=header, records=records, rows=rows)


def read_raw_table(path: Path, data: bytes | None = None, limits: Limits | None = None) -> RawTable:
    """Read `path` (or its already-read bytes) into header cells and text rows.

    Raises UnreadableFile when there is no table to speak of, a row is ragged or the table is
    over `limits` (rows, columns, characters in a cell). CSV stops at the first row over a
    limit, so a file of millions of (blank) lines is never held whole. Blank lines are dropped
    after numbering, so row numbers stay true.
    """
    limits = limits or Limits()
    data = path.read_bytes() if data is None else data
    if path.suffix.lower() == ".xlsx":
        return _table(iter(_xlsx_lines(data)), limits, long_cells_possible=True)
    text = _decode(data)
    # Without quotes no cell spans lines, so short lines mean short cells: no check per row.
    long_cells_possible = '"' in text or (
        max(map(len, text.splitlines()), default=0) > limits.max_cell_chars
    )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return _table(reader, limits, long_cells_possible)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own cap, 128 KiB
            raise UnreadableFile(
                "file.cell_too_long",
                f"a cell is longer than {limits.max_cell_chars} characters (limits.max_cell_chars)",
                reader.line_num or None,
            ) from None
        raise UnreadableFile(
            "file.unreadable",
            "the file can't be read as comma-separated text (a stray quote?)",
            reader.line_num or None,
        ) from None
