"""`collab report` refuses releases that must not exist, in one line, writing nothing."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml

from cli.main import main
from collab.periods import period_dates

COLLAB = str(Path(sys.executable).with_name("collab"))
LEDGER = ("ledger_releases", "ledger_cells", "ledger_inputs")
THIS_MONTH = f"{date.today():%Y-%m}"  # never due: its files are due next month


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, examples) -> Path:
    """OSE's example files for July and this month, DSS's services for June, after `collab run`.

    Funder LOCAL reports monthly on OSE alone, so its June has data in the warehouse but none
    of its own.
    """
    root = tmp_path_factory.mktemp("report") / "ws"
    config = yaml.safe_load((examples / "collaborative.yaml").read_text())
    config["funders"].append(
        {"id": "LOCAL", "label": "Local fund", "program": "private", "calendar": "monthly"}
        | {"partners": ["OSE"]}
    )
    root.mkdir()
    (root / "collaborative.yaml").write_text(yaml.safe_dump(config))
    for month in ("2026-07", THIS_MONTH):
        (root / "inbox" / month).mkdir(parents=True)
        for csv in sorted(examples.glob("OSE_*_2026-07.csv")):
            name = csv.name.replace("2026-07", month)
            (root / "inbox" / month / name).write_text(csv.read_text().replace("2026-07", month))
    (root / "inbox" / "2026-06").mkdir()
    services = (examples / "OSE_services_2026-07.csv").read_text()
    (root / "inbox" / "2026-06" / "DSS_services_2026-06.csv").write_text(
        services.replace("2026-07", "2026-06").replace("OSE", "DSS")
    )
    env = {k: v for k, v in os.environ.items() if k != "COLLAB_WORKSPACE"}
    done = subprocess.run(
        [COLLAB, "run", "--workspace", str(root)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def root(workspace, tmp_path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(workspace, copy)
    return copy


def _ledger_rows(root: Path) -> dict[str, int]:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LEDGER}


def _report(root: Path, audience: str, period: str, *more: str) -> int:
    args = ["report", "--workspace", str(root), "--audience", audience, "--period", period]
    return main([*args, "--format", "csv", *more])


def _refused(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("collab report: "), captured.err
    return lines[0]


def test_the_run_published_only_the_due_months(workspace):
    assert sorted(p.name for p in (workspace / "reports" / "collaborative").iterdir()) == [
        "2026-06",
        "2026-07",
    ]


def test_a_month_not_due_is_refused_and_nothing_is_written(root, capsys):
    before = _ledger_rows(root)
    assert _report(root, "collaborative", THIS_MONTH) == 1
    line = _refused(capsys)
    assert f"collaborative {THIS_MONTH}: not due yet" in line and "--provisional" in line
    assert not (root / "reports" / "collaborative" / THIS_MONTH).exists()
    assert _ledger_rows(root) == before


def test_provisional_writes_a_release_that_says_so_everywhere(root, capsys):
    before = _ledger_rows(root)
    assert _report(root, "collaborative", THIS_MONTH, "--format", "html,xlsx", "--provisional") == 0
    folder = root / "reports" / "collaborative" / THIS_MONTH
    assert capsys.readouterr().out.strip() == str(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["provisional"] is True
    when = f"{THIS_MONTH} \u00b7 {period_dates(THIS_MONTH)}"
    title = f"Collaborative report for {when} (provisional"
    assert f"<h1>{title}" in (folder / "report.html").read_text()
    with zipfile.ZipFile(folder / "report.xlsx") as book:
        assert title.encode() in book.read("xl/sharedStrings.xml")
    # Recorded in the ledger (later releases are protected against it), flagged provisional.
    assert _ledger_rows(root)["ledger_releases"] == before["ledger_releases"] + 1
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT release_id FROM provisional_releases").fetchall() == [
            (f"collaborative/{THIS_MONTH}/v1",)
        ]
    # Without --provisional it is still refused, and the provisional release stays as it was.
    assert _report(root, "collaborative", THIS_MONTH) == 1
    assert "not due yet" in _refused(capsys)
    assert json.loads((folder / "manifest.json").read_text())["provisional"] is True


@pytest.mark.parametrize(
    ("audience", "period"),
    [("collaborative", "2027-Q1"), ("funder:VOCA", "FY2025-Q4"), ("funder:LOCAL", "2026-06")],
)
def test_a_period_without_data_is_refused_even_provisionally(root, capsys, audience, period):
    before = _ledger_rows(root)
    for more in ((), ("--provisional",)):
        assert _report(root, audience, period, *more) == 1
        line = _refused(capsys)
        assert "no partner of this audience has an accepted submission" in line
    assert not (root / "reports" / audience / period).exists()
    assert _ledger_rows(root) == before


@pytest.mark.parametrize(
    ("audience", "period", "calendar", "nearest"),
    [
        ("funder:VOCA", "2026-Q3", "federal quarters", "FY2026-Q4"),
        ("funder:OVW", "2026-07", "half-years", "2026-H2"),
        ("funder:COMMFDN", "FY2026-Q4", "federal fiscal years", "FY2026"),
    ],
)
def test_a_funder_period_off_its_calendar_is_refused(
    root, capsys, audience, period, calendar, nearest
):
    before = _ledger_rows(root)
    assert _report(root, audience, period) == 1
    line = _refused(capsys)
    assert f"{audience} reports on {calendar}" in line and f"the nearest is {nearest}" in line
    assert not (root / "reports" / audience).exists()
    assert _ledger_rows(root) == before


def test_a_refused_previous_period_leaves_the_report_without_a_comparison(root, capsys):
    assert _report(root, "funder:LOCAL", "2026-07", "--format", "html") == 0
    page = (root / "reports" / "funder:LOCAL" / "2026-07" / "report.html").read_text()
    assert "No comparison with the previous period: the 2026-06 release could not be" in page
    assert "no partner of this audience has an accepted submission" in page
    assert not (root / "reports" / "funder:LOCAL" / "2026-06").exists()
