"""Partner files as bytes: contract CSV (the fast path) and CSV of any columns (faults).

Contract files are UTF-8, comma-separated, one header row, LF line ends, integers as plain
digits. Codes never contain commas or quotes, so the contract path joins strings directly;
fault files, which carry Faker names and addresses, go through the csv module's quoting.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

import xlsxwriter

from collab.contract import EXPORTS

HEADERS: dict[str, str] = {name: ",".join(export.columns) for name, export in EXPORTS.items()}


def contract_csv(export: str, partner_id: str, period: str, rows: Iterable[tuple]) -> bytes:
    """A well-formed export file for one partner and month."""
    prefix = f"{partner_id},{period},"
    lines = [HEADERS[export], *(prefix + ",".join(map(str, row)) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def any_csv(columns: Sequence[str], rows: Iterable[Sequence[object]], line_end: str = "\n") -> str:
    """CSV text of any columns and cells, quoted where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def xlsx_bytes(
    columns: Sequence[str], rows: Iterable[Sequence[object]], created: datetime
) -> bytes:
    """An Excel workbook as a partner's spreadsheet would save it.

    First sheet, header in row 1, counts as numbers. Built in memory with a fixed creation
    date, so the bytes are reproducible.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"created": created, "author": "", "company": ""})
    sheet = workbook.add_worksheet("Export")
    sheet.write_row(0, 0, columns)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()
    return buffer.getvalue()
