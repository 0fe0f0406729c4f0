"""Labels from the config are data, never markup or formulas."""

import re
import zipfile

import fastexcel

from collab.config import Region
from dashboards.report import render_report

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("x")'


def _hostile(config):
    regions = tuple(
        Region(code=r.code, label=SCRIPT if i == 0 else FORMULA)
        for i, r in enumerate(config.regions)
    )
    partners = tuple(
        p.model_copy(update={"label": FORMULA if i % 2 else SCRIPT})
        for i, p in enumerate(config.partners)
    )
    funders = tuple(f.model_copy(update={"label": SCRIPT}) for f in config.funders)
    return config.model_copy(
        update={"name": FORMULA, "regions": regions, "partners": partners, "funders": funders}
    )


def test_labels_are_escaped_in_html(release_copy, report_config):
    folder = release_copy("funder:VOCA")
    render_report(folder, _hostile(report_config), {"html"})
    page = (folder / "report.html").read_text()
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "alert(1)</script>" not in page


def test_labels_stay_inert_text_in_xlsx(release_copy, report_config):
    folder = release_copy("collaborative")
    render_report(folder, _hostile(report_config), {"xlsx"})
    readme = fastexcel.read_excel(folder / "report.xlsx").load_sheet(0, header_row=None)
    texts = {v for column in readme.to_polars().iter_columns() for v in column.to_list()}
    assert FORMULA in texts  # kept as the text it is
    with zipfile.ZipFile(folder / "report.xlsx") as book:
        sheets = "".join(
            book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")
        )
        styles = book.read("xl/styles.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheets  # no formula anywhere
    assert "HYPERLINK" in strings  # a shared string, not a formula
    assert re.search(r'quotePrefix="1"', styles)  # and marked as text if edited
