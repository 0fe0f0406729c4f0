import csv
import logging
import subprocess

from dashboards.report import pdf, render_report


def _published(folder, table: str, **members) -> str:
    """A release-period total straight from the CSV, formatted as the report prints counts."""
    period = folder.name
    with (folder / "tables" / f"{table}.csv").open() as handle:
        for row in csv.DictReader(handle):
            dims = {k: v for k, v in row.items() if k not in ("value", "flag")}
            wanted = {k: members.get(k, period if k == "period" else "ALL") for k in dims}
            if dims == wanted:
                return f"{int(row['value']):,}" if row["value"] else "suppressed"
    raise AssertionError(f"{table} {members} not in the release")


def _text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


HEADLINES = {
    "Requests for help": ("services", {"outcome": "requests"}),
    "Served": ("services", {"outcome": "served"}),
    "Partially served": ("services", {"outcome": "partially_served"}),
    "Referrals sent": ("referrals", {"status": "referrals"}),
    "Waiting for a service at period end": ("capacity", {"measure": "waitlist"}),
}


def test_pdf_text_holds_the_release_headline_figures(rendered):
    for folder in rendered.values():
        text = _text(folder / "report.pdf")
        summary = text[: text.index("Needs and service gaps")]
        for label, (table, members) in HEADLINES.items():
            figure = _published(folder, table, **members)
            line = next(line for line in summary.splitlines() if line.strip().startswith(label))
            assert figure in line.split(), (folder.name, line, figure)
        assert "Data note" in text


def test_the_voca_pdf_shows_its_categories_and_their_mapping(rendered):
    text = _text(rendered["funder:VOCA"] / "report.pdf")
    assert "VOCA service categories" in text
    assert "D. Shelter/housing services" in text
    assert "EMERGENCY_HOUSING" in text


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_without_chromium_the_pdf_still_renders_with_notes(
    release_copy, report_config, monkeypatch
):
    monkeypatch.setattr(pdf, "_kaleido", {"error": "chart images need chromium (not found)"})
    folder = release_copy("funder:VOCA")
    warnings = _Warnings()
    logging.getLogger("dashboards.report").addHandler(warnings)
    try:
        render_report(folder, report_config, {"pdf"})
    finally:
        logging.getLogger("dashboards.report").removeHandler(warnings)
    assert "Chart not available in this PDF" in _text(folder / "report.pdf")
    assert any("no chart images" in m for m in warnings.messages)
