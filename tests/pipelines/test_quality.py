import csv
import io

import yaml

from collab.workspace import Workspace
from pipelines.runner import run_pipeline
from tests.pipelines.conftest import materialize_months


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
    folder = example_workspace / "inbox" / "2026-07"
    services = (folder / "OSE_services_2026-07.csv").read_text()
    (folder / "OSE_services_2026-07.csv").write_text(services.replace(",42,", ",41,"))
    run_pipeline(Workspace(example_workspace))
    report = example_workspace / "reports" / "data-quality"
    assert report.stat().st_mode & 0o077 == 0
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
