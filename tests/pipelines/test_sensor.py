import json
import os

import dagster as dg

from collab.workspace import Workspace
from pipelines.defs.ingest.sensors import inbox_sensor
from pipelines.defs.warehouse.resources import build_resources


def _tick(root, cursor=None) -> dg.SensorResult:
    # A context manager: the workspace resource has a run lifecycle (the workspace lock).
    resources = build_resources(Workspace(root))
    with dg.build_sensor_context(cursor=cursor, resources=resources) as context:
        return inbox_sensor(context)


def test_one_run_per_month_with_new_files(example_workspace):
    inbox = example_workspace / "inbox"
    (inbox / "2026-08").mkdir()
    for path in (inbox / "2026-07").iterdir():
        target = inbox / "2026-08" / path.name.replace("2026-07", "2026-08")
        target.write_text(path.read_text().replace("2026-07", "2026-08"))
    result = _tick(example_workspace)
    intakes = [r for r in result.run_requests if r.job_name == "monthly_intake_job"]
    assert sorted(r.partition_key for r in intakes) == ["2026-07", "2026-08"]
    assert result.run_requests[0].job_name == "reference_job"  # first tick loads the config
    assert result.run_requests[-1].job_name == "quality_job"
    # Every file of both months, and the config.
    assert len(json.loads(result.cursor)) == len(list(inbox.rglob("*.csv"))) + 1 == 2 * 5 + 1


def test_unchanged_or_touched_files_request_nothing(example_workspace):
    first = _tick(example_workspace)
    assert _tick(example_workspace, first.cursor).run_requests == []
    path = example_workspace / "inbox" / "2026-07" / "OSE_capacity_2026-07.csv"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert _tick(example_workspace, first.cursor).run_requests == []


def test_changed_content_requests_its_month_with_a_new_run_key(example_workspace):
    first = _tick(example_workspace)
    path = example_workspace / "inbox" / "2026-07" / "OSE_capacity_2026-07.csv"
    path.write_text(path.read_text().replace(",12,0,", ",11,0,"))
    second = _tick(example_workspace, first.cursor)
    assert [r.partition_key for r in second.run_requests] == ["2026-07", None]
    assert second.run_requests[0].run_key != first.run_requests[0].run_key


def test_misfiled_file_requests_the_reference_job(example_workspace):
    first = _tick(example_workspace)
    (example_workspace / "inbox" / "notes.txt").write_text("x")
    second = _tick(example_workspace, first.cursor)
    assert [r.job_name for r in second.run_requests] == ["reference_job", "quality_job"]


def test_config_change_reloads_dimensions_only(example_workspace):
    first = _tick(example_workspace)
    config = example_workspace / "collaborative.yaml"
    config.write_text(config.read_text().replace("North County", "North County Area"))
    second = _tick(example_workspace, first.cursor)
    assert [r.job_name for r in second.run_requests] == ["reference_job", "quality_job"]
