import re
import zipfile

import fastexcel
import polars as pl
from polars.testing import assert_frame_equal

from dashboards.report.release import read_table


def test_xlsx_reads_back_equal_to_the_release_tables(rendered):
    for folder in rendered.values():
        book = fastexcel.read_excel(folder / "report.xlsx")
        tables = sorted((folder / "tables").glob("*.csv"))
        assert book.sheet_names[0] == "README"
        assert sorted(book.sheet_names[1:]) == sorted(p.stem for p in tables)
        for path in tables:
            expected = read_table(path).with_columns(
                pl.col("flag").replace("", None)  # an empty flag is an empty cell
            )
            sheet = book.load_sheet_by_name(path.stem, dtypes={"value": "int"}).to_polars()
            # The release table's own columns, with a label beside each code and each row's level.
            assert_frame_equal(
                sheet.select(expected.columns).cast({"value": pl.Int64}),
                expected,
                check_dtypes=False,
            )
            assert set(sheet["level"]) <= {"detail", "total"}
            assert (sheet["total_of"].is_null() == (sheet["level"] == "detail")).all()


def test_xlsx_sheets_have_frozen_headers_and_widths(rendered):
    with zipfile.ZipFile(rendered["collaborative"] / "report.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet2.xml").decode()
    assert 'state="frozen"' in sheet
    assert "<cols>" in sheet
    assert "<f>" not in sheet  # numbers and text only, never a formula


def test_readme_headline_figures_are_numbers(rendered):
    with zipfile.ZipFile(rendered["funder:VOCA"] / "report.xlsx") as book:
        readme = book.read("xl/worksheets/sheet1.xml").decode()
    numbers = re.findall(r'<c r="B\d+" s="\d+"><v>[\d.]+</v>', readme)  # no t="s": a number
    assert len(numbers) >= 5
