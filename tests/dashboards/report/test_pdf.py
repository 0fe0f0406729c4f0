import csv
import os
import shutil
import subprocess

from collab.periods import period_dates
from tests.dashboards.cli import COLLAB


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


def test_without_chromium_the_pdf_still_renders_with_notes(report_workspace, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(report_workspace, root)
    _, quarter = (root / "periods.txt").read_text().split()
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-chromium")}
    result = subprocess.run(
        [
            COLLAB,
            "report",
            "--workspace",
            root,
            "--audience",
            "funder:VOCA",
            "--period",
            quarter,
            "--format",
            "pdf",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "report.pdf has no chart images: chromium is not installed" in result.stderr
    assert "Traceback" not in result.stderr
    pdf_text = _text(root / "reports" / "funder:VOCA" / quarter / "report.pdf")
    assert "Chart not available in this PDF" in pdf_text


def test_every_page_is_letter_and_names_the_period_with_its_dates(rendered):
    folder = rendered["funder:VOCA"]
    period = folder.name
    info = subprocess.run(
        ["pdfinfo", str(folder / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "612 x 792 pts (letter)" in info
    dates = period_dates(period)
    pages = _text(folder / "report.pdf").split("\f")
    assert all(f"{period} \u00b7 {dates}" in page for page in pages if page.strip())
    assert "(private)" not in _text(rendered["collaborative"] / "report.pdf")
