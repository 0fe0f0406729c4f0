"""Schedules: one for the collaborative and one per funder, each building the period just ended."""

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from collab.periods import latest_due_month
from collab.workspace import Workspace
from pipelines.definitions import build_definitions
from pipelines.defs.dashboards.schedules import AUDIENCE_TAG, PERIOD_TAG, cron_after_deadline

FUNDERS = {
    "FED-Q": "federal_quarter",
    "CAL-Q": "calendar_quarter",
    "OVW": "semiannual",
    "FDN": "annual_federal",
    "CITY": "monthly",
}


@pytest.fixture
def definitions(tmp_path) -> dg.Definitions:
    """Definitions of a workspace whose funders use every calendar; files due on the 10th."""
    config = {
        "name": "Schedules test",
        "regions": [{"code": "NORTH", "label": "North"}],
        "partners": [
            {"id": "DVC-N1", "label": "A", "category": "victim_service", "regions": ["NORTH"]}
        ],
        "funders": [
            {"id": fid, "label": fid, "program": "private", "calendar": cal, "partners": ["DVC-N1"]}
            for fid, cal in FUNDERS.items()
        ],
        "submissions": {"due_day": 10},
    }
    (tmp_path / "collaborative.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return build_definitions(Workspace(tmp_path))


def tick(definitions: dg.Definitions, name: str, when: datetime) -> dg.RunRequest:
    schedule = definitions.get_repository_def().get_schedule_def(name)
    context = dg.build_schedule_context(scheduled_execution_time=when)
    (request,) = schedule.evaluate_tick(context).run_requests
    return request


def test_one_schedule_for_the_collaborative_and_one_per_funder_all_running(definitions):
    schedules = definitions.get_repository_def().schedule_defs
    assert {s.name for s in schedules} == {
        "collaborative_monthly",
        "funder_fed_q_report",
        "funder_cal_q_report",
        "funder_ovw_report",
        "funder_fdn_report",
        "funder_city_report",
        "purge_monthly",
    }
    assert {s.default_status for s in schedules} == {dg.DefaultScheduleStatus.RUNNING}


def test_definitions_without_a_workspace_still_have_the_collaborative_schedule(tmp_path):
    schedules = build_definitions(Workspace(tmp_path)).get_repository_def().schedule_defs
    assert [s.name for s in schedules] == ["collaborative_monthly", "purge_monthly"]


def test_schedules_run_the_day_after_the_deadline_in_the_months_a_period_ends(definitions):
    crons = {s.name: s.cron_schedule for s in definitions.get_repository_def().schedule_defs}
    assert crons == {
        "collaborative_monthly": "0 6 11 * *",
        "funder_fed_q_report": "0 6 11 1,4,7,10 *",
        "funder_cal_q_report": "0 6 11 1,4,7,10 *",
        "funder_ovw_report": "0 6 11 1,7 *",
        "funder_fdn_report": "0 6 11 10 *",
        "funder_city_report": "0 6 11 * *",
        "purge_monthly": "0 6 11 * *",
    }


def test_collaborative_tick_builds_the_month_just_due(definitions):
    request = tick(definitions, "collaborative_monthly", datetime(2026, 8, 11, 6, tzinfo=UTC))
    assert request.tags[PERIOD_TAG] == "2026-07"
    assert request.tags[AUDIENCE_TAG] == "collaborative"
    assert request.run_key == "collaborative/2026-07"
    assert request.job_name in (None, "collaborative_monthly_job")


@pytest.mark.parametrize(
    ("funder", "when", "period"),
    [
        ("FED-Q", datetime(2026, 10, 11, 6), "FY2026-Q4"),
        ("FED-Q", datetime(2026, 1, 11, 6), "FY2026-Q1"),
        ("CAL-Q", datetime(2026, 7, 11, 6), "2026-Q2"),
        ("CAL-Q", datetime(2027, 1, 11, 6), "2026-Q4"),
        ("OVW", datetime(2026, 7, 11, 6), "2026-H1"),
        ("OVW", datetime(2027, 1, 11, 6), "2026-H2"),
        ("FDN", datetime(2026, 10, 11, 6), "FY2026"),
        ("CITY", datetime(2026, 3, 11, 6), "2026-02"),
        # A tick run late, or on the due day itself, builds a period whose deadline has passed.
        ("CAL-Q", datetime(2026, 8, 2, 6), "2026-Q2"),
        ("OVW", datetime(2026, 7, 10, 6), "2025-H2"),
    ],
)
def test_funder_tick_publishes_the_period_just_ended(definitions, funder, when, period):
    name = f"funder_{funder.lower().replace('-', '_')}_report"
    request = tick(definitions, name, when.replace(tzinfo=UTC))
    assert request.tags[PERIOD_TAG] == period
    assert request.tags[AUDIENCE_TAG] == f"funder:{funder}"
    assert request.run_key == f"funder:{funder}/{period}"
    job = definitions.resolve_job_def("funder_report_job")
    assert dg.validate_run_config(job, request.run_config)
    config = request.run_config["ops"]["reports__funder_report"]["config"]
    assert config == {"funder": funder, "period": period}


def test_a_deadline_on_the_28th_runs_on_1_march_when_february_has_no_29th():
    assert cron_after_deadline(28, tuple(range(1, 13))) == [
        "0 6 29 1,3,4,5,6,7,8,9,10,11,12 *",
        "0 6 1 3 *",
    ]
    assert cron_after_deadline(28, (1, 4, 7, 10)) == "0 6 29 1,4,7,10 *"
    # Both runs of a leap year (29 February, 1 March) build January: one run key.
    assert latest_due_month(datetime(2028, 2, 29), 28) == latest_due_month(datetime(2028, 3, 1), 28)


@pytest.fixture(scope="module")
def synthetic_workspace(tmp_path_factory) -> Path:
    """A synthetic collaborative (12 partners x 6 months to 2026-10) with its warehouse loaded."""
    root = tmp_path_factory.mktemp("schedules") / "ws"
    collab = str(Path(sys.executable).with_name("collab"))
    env = {k: v for k, v in os.environ.items() if k != "COLLAB_WORKSPACE"}
    for args in (
        ["synth", "--out", str(root), "--partners", "12", "--months", "6", "--seed", "7"],
        ["run", "--workspace", str(root)],
    ):
        done = subprocess.run([collab, *args], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    return root


def _release_files(folder: Path) -> dict[str, object]:
    """A release's tables and manifest, the manifest without its time of writing."""
    found = {p.name: p.read_text() for p in sorted((folder / "tables").glob("*.csv"))}
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest.pop("created_at")
    return {**found, "manifest.json": manifest}


def test_scheduled_runs_publish_the_funder_report_and_the_dashboards(synthetic_workspace, tmp_path):
    # The same report by hand, on a copy of the same workspace, for comparison below.
    by_hand = tmp_path / "by-hand"
    shutil.copytree(synthetic_workspace, by_hand)
    collab = str(Path(sys.executable).with_name("collab"))
    done = subprocess.run(
        [collab, "report", "--workspace", str(by_hand), "--audience", "funder:VOCA"]
        + ["--period", "FY2026-Q4", "--format", "html"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    workspace = Workspace(synthetic_workspace)
    definitions = build_definitions(workspace)
    shutil.rmtree(workspace.dashboards)
    request = tick(definitions, "funder_voca_report", datetime(2026, 10, 16, 6, tzinfo=UTC))
    run_config = request.run_config
    run_config["ops"]["reports__funder_report"]["config"]["formats"] = ["html"]  # no PDF: fast
    with dg.DagsterInstance.ephemeral() as instance:
        funder = definitions.resolve_job_def("funder_report_job").execute_in_process(
            run_config=run_config, instance=instance, tags=request.tags
        )
        monthly = definitions.resolve_job_def("collaborative_monthly_job").execute_in_process(
            instance=instance
        )
    assert funder.success and monthly.success
    folder = workspace.reports / "funder:VOCA" / "FY2026-Q4"
    assert (folder / "manifest.json").is_file() and (folder / "report.html").is_file()
    assert (workspace.dashboards / "index.html").is_file()
    # The schedule runs `collab report`'s own use case: the same releases (the previous
    # quarter too, when the warehouse has its months), byte for byte, and a run in the trail.
    scheduled = sorted(p.name for p in (workspace.reports / "funder:VOCA").glob("FY*"))
    assert scheduled == sorted(p.name for p in (by_hand / "reports" / "funder:VOCA").glob("FY*"))
    for period in scheduled:
        assert _release_files(workspace.reports / "funder:VOCA" / period) == _release_files(
            by_hand / "reports" / "funder:VOCA" / period
        )
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        commands = [c for (c,) in con.execute("SELECT command FROM runs").fetchall()]
    assert "collab report --audience funder:VOCA --period FY2026-Q4" in commands
