"""The purge schedule: loads with the definitions, ticks monthly, and its job really purges."""

from datetime import UTC, datetime

import dagster as dg
import duckdb
import yaml

from collab.periods import add_months
from collab.workspace import Workspace
from pipelines.definitions import build_definitions
from tests.transforms.test_retention import build_workspace


def test_the_purge_schedule_runs_the_day_after_the_deadline(tmp_path, examples):
    root = build_workspace(tmp_path / "ws", examples, "2026-11")
    config = yaml.safe_load((root / "collaborative.yaml").read_text())
    config["submissions"] = {"due_day": 10}
    (root / "collaborative.yaml").write_text(yaml.safe_dump(config))
    repository = build_definitions(Workspace(root)).get_repository_def()
    schedule = repository.get_schedule_def("purge_monthly")
    assert schedule.cron_schedule == "0 6 11 * *"
    assert schedule.job_name == "purge_job"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    when = datetime(2026, 12, 11, 6, tzinfo=UTC)
    context = dg.build_schedule_context(scheduled_execution_time=when)
    (request,) = schedule.evaluate_tick(context).run_requests
    assert request.run_key == "purge/2026-12"


def test_definitions_without_a_workspace_purge_on_the_default_deadline(tmp_path):
    repository = build_definitions(Workspace(tmp_path)).get_repository_def()
    assert repository.get_schedule_def("purge_monthly").cron_schedule == "0 6 16 * *"


def test_the_purge_job_deletes_expired_files_and_logs_them(tmp_path, examples):
    current = f"{datetime.now(UTC):%Y-%m}"
    old = add_months(current, -5)
    root = build_workspace(tmp_path / "ws", examples, current)
    job = build_definitions(Workspace(root)).resolve_job_def("purge_job")
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance)
    assert result.success
    (output,) = [e for e in result.all_node_events if e.is_successful_output]
    metadata = {k: v.value for k, v in output.step_output_data.metadata.items()}
    examples_per_month = len(list(examples.glob("*.csv")))
    assert metadata["quarantined_files_deleted"] == 1
    assert metadata["raw_files_deleted"] == examples_per_month
    assert not (root / "inbox" / old).exists() and not (root / "quarantine" / old).exists()
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        kinds = con.execute("SELECT kind, count(*) FROM purge_log GROUP BY ALL").fetchall()
        runs = con.execute("SELECT command, status, dagster_runs FROM runs").fetchall()
    assert sorted(kinds) == [("quarantine", 1), ("raw", examples_per_month)]
    assert runs == [("purge_job", "ok", f'["{result.run_id}"]')]
