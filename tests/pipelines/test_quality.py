import csv
import io
import stat
import zipfile
from pathlib import Path

import yaml

from cli.commands.report import build
from collab.workspace import Workspace
from pipelines.defs.quality.assets import PROFILE_TABLES
from pipelines.runner import run_pipeline
from tests.pipelines.conftest import materialize_months

REPORT_FILES = {"index.html", "files.csv", "findings.csv", *(f"{t}.csv" for t in PROFILE_TABLES)}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _break_services_sum(root: Path) -> None:
    """OSE's services file no longer adds up: it is quarantined, a partner-level finding."""
    path = root / "inbox" / "2026-07" / "OSE_services_2026-07.csv"
    path.write_text(path.read_text().replace(",42,", ",41,"))


def _add_shelter_files(root):
    folder = root / "inbox" / "2026-07"
    (folder / "SHELTER-N_capacity_2026-07.csv").write_text(
        "partner_id,period,need,status,slots,waitlist,region\n"
        "SHELTER-N,2026-07,PET_CARE,limited,1,0,NORTH\n"
        "SHELTER-N,2026-07,SAFETY_PLANNING,available,4,0,NORTH\n"
    )
    (folder / "SHELTER-N_demographics_2026-07.csv").write_text(
        "partner_id,period,dimension,category,individuals\n"
        "SHELTER-N,2026-07,total,all,3\n"
        "SHELTER-N,2026-07,age_band,25-59,3\n"
        "SHELTER-N,2026-07,gender,female,2\n"
        "SHELTER-N,2026-07,gender,not_reported,1\n"
        "SHELTER-N,2026-07,victimization,trafficking_sex,3\n"
    )


def test_risk_profile_finds_small_cells_attributes_and_sole_shelters(example_workspace, query):
    _add_shelter_files(example_workspace)
    run_pipeline(Workspace(example_workspace))
    small = dict(
        query(
            example_workspace,
            "SELECT export, small_cells FROM risk_small_cells WHERE partner_id = 'SHELTER-N'",
        )
    )
    assert small == {"capacity": 2, "demographics": 5}
    assert query(
        example_workspace,
        "SELECT partner_id, dimension, category, total "
        "FROM risk_attribute_disclosures ORDER BY dimension",
    ) == [
        ("SHELTER-N", "age_band", "25-59", 3),
        ("SHELTER-N", "victimization", "trafficking_sex", 3),
    ]
    # OSE also serves NORTH, but not pet care: the confidential shelter is its only provider.
    assert query(
        example_workspace, "SELECT region, need, partner_id FROM risk_sole_confidential_providers"
    ) == [("NORTH", "PET_CARE", "SHELTER-N")]


def test_quality_report_lists_files_findings_and_fixes(example_workspace):
    config = example_workspace / "collaborative.yaml"
    data = yaml.safe_load(config.read_text())
    data["name"] = "<script>alert(1)</script> Collaborative"
    config.write_text(yaml.safe_dump(data))
    _break_services_sum(example_workspace)
    run_pipeline(Workspace(example_workspace))
    report = example_workspace / "quality"
    assert _mode(report) == 0o700
    assert {p.name: _mode(p) for p in report.iterdir()} == dict.fromkeys(REPORT_FILES, 0o600)
    assert not (example_workspace / "reports" / "data-quality").exists()
    page = (report / "index.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "sum.requests" in page and "Every request ends in exactly one outcome" in page
    files = list(csv.DictReader(io.StringIO((report / "files.csv").read_text())))
    statuses = {(f["export"], f["status"]) for f in files if f["partner_id"] == "OSE"}
    assert ("services", "quarantined") in statuses and ("capacity", "accepted") in statuses
    findings = list(csv.DictReader(io.StringIO((report / "findings.csv").read_text())))
    rules = {f["rule"] for f in findings}
    assert {"sum.requests", "timeliness.missing"} <= rules
    assert all(f["fix"] for f in findings)


def test_quality_assets_run_after_materialized_months(example_workspace, query):
    materialize_months(example_workspace, ["2026-07"])
    assert query(example_workspace, "SELECT count(*) FROM cross_file_findings")[0][0] > 0


def _internal_markers(workspace: Workspace) -> set[str]:
    """What only the internal report and the quarantine show: file names, the page, the tables.

    A table is recognised by its header row, so a copy of a risk table under any name is found.
    """
    names = {"_services_2026-", "Data quality:", "Internal to the evaluators", *PROFILE_TABLES}
    for table in sorted(REPORT_FILES - {"index.html"}):
        text = (workspace.quality / table).read_text()
        names.add(text.splitlines()[0])
        if table in ("files.csv", "findings.csv"):
            rows = csv.DictReader(io.StringIO(text))
            names |= {row["file_name"] for row in rows if row["file_name"]}
    return names | {p.name for p in workspace.quarantine.rglob("*") if p.is_file()}


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    return path.read_bytes().decode("utf-8", "replace")


def test_nothing_internal_stays_or_lands_under_reports_or_dashboards(example_workspace):
    """A workspace whose v1 report sits in reports/data-quality/: one run moves it out."""
    _break_services_sum(example_workspace)
    old = example_workspace / "reports" / "data-quality"
    old.mkdir(parents=True)
    (old / "index.html").write_text("<title>Data quality: v1</title> OSE_services_2026-06.csv")
    (old / "files.csv").write_text("file_name\nOSE_services_2026-06.csv\n")
    (old / ".tmp-half").write_text("half")
    workspace = Workspace(example_workspace)
    run_pipeline(workspace)
    build(workspace, workspace.require(), "collaborative", "2026-07", {"csv", "html", "xlsx"})

    assert not old.exists()
    assert {p.name for p in workspace.quality.iterdir()} == REPORT_FILES
    assert "v1" not in (workspace.quality / "index.html").read_text()
    published = [
        path
        for folder in (workspace.reports, workspace.dashboards)
        for path in folder.rglob("*")
        if path.is_file()
    ]
    assert {"report.html", "report.xlsx", "manifest.json"} <= {p.name for p in published}
    assert (workspace.dashboards / "index.html") in published
    markers = _internal_markers(workspace)
    assert "OSE_services_2026-07.csv" in markers
    for path in published:
        assert path.name not in REPORT_FILES - {"index.html"}, path
        text = _text(path)
        assert not [m for m in markers if m in text], path
