import shutil

from collab.periods import previous_period
from tests.dashboards.cli import collab_report


def test_collab_report_writes_every_format_and_the_previous_period(report_workspace, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(report_workspace, root)
    month, quarter = (root / "periods.txt").read_text().split()
    out = collab_report(root, "collaborative", month, "html,pdf,xlsx,csv")
    folder = root / "reports" / "collaborative" / month
    assert out.strip() == str(folder)
    assert {p.name for p in folder.iterdir()} >= {
        "report.html",
        "report.pdf",
        "report.xlsx",
        "tables",
        "manifest.json",
    }
    previous = previous_period(month)
    assert (root / "reports" / "collaborative" / previous / "manifest.json").exists()
    page = (folder / "report.html").read_text()
    assert f'<th scope="col">{previous}</th>' in page  # compared with the previous month


def test_without_the_previous_months_the_report_says_why(report_workspace, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(report_workspace, root)
    month, quarter = (root / "periods.txt").read_text().split()
    collab_report(root, "funder:VOCA", quarter, "html")
    page = (root / "reports" / "funder:VOCA" / quarter / "report.html").read_text()
    assert "No comparison with the previous period: the warehouse has no data for" in page
