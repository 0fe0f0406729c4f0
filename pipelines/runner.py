"""Run the pipeline in-process for `collab run`: no multiprocess start-up cost.

Reference data first (dimensions, misfiled files), then one run over the range of months that
have inbox files, so a whole backlog is one run and a rerun is a no-op.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg
import duckdb

from collab.periods import parse_period
from collab.workspace import Workspace
from pipelines.definitions import build_definitions
from pipelines.partitions import monthly
from transforms.inbox import scan_inbox

RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"
# The command line prints its own summary; details stay in the run's event log (`collab ui`).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


class RunFailed(Exception):
    """A step of the run failed; the message names the step."""


@dataclass(frozen=True)
class RunSummary:
    """What a run did: months covered, Dagster run ids, files taken in by status."""

    months: tuple[str, ...]
    run_ids: tuple[str, ...]
    files_by_status: dict[str, int]

    @property
    def text(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(self.files_by_status.items()))
        return f"new files: {counts}" if counts else "no new files (nothing changed)"


def _files_by_status(workspace: Workspace, since: datetime) -> dict[str, int]:
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT status, count(*) FROM submissions WHERE ingested_at >= ? GROUP BY status",
            [since],
        ).fetchall()
    return dict(rows)


def _months_to_run(workspace: Workspace, period: str | None) -> list[str]:
    valid = set(monthly.get_partition_keys())
    months = {f.month for f in scan_inbox(workspace.inbox)} & valid
    if period is not None:
        months &= set(parse_period(period).months)
    return sorted(months)


def _reason(result: dg.ExecuteInProcessResult) -> str:
    """The first step failure's own description (ours are written for people), or a pointer."""
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data.user_failure_data:
            description = event.step_failure_data.user_failure_data.description
            if description:
                return description
    return "see `collab ui` for the run's log"


def run_pipeline(workspace: Workspace, period: str | None = None) -> RunSummary:
    """Materialize every asset for the workspace; raises RunFailed naming the failed job."""
    workspace.require()
    workspace.prepare()
    defs = build_definitions(workspace)
    run_ids = []
    started = datetime.now(UTC).replace(tzinfo=None)
    with dg.DagsterInstance.get() as instance:
        jobs = [("reference_job", {})]
        months = _months_to_run(workspace, period)
        if months:
            jobs.append(("monthly_intake_job", {RANGE_START: months[0], RANGE_END: months[-1]}))
        jobs += [("quality_job", {}), ("release_job", {}), ("dashboards_job", {})]
        for job_name, tags in jobs:
            result = defs.resolve_job_def(job_name).execute_in_process(
                instance=instance, tags=tags, run_config=QUIET, raise_on_error=False
            )
            run_ids.append(result.run_id)
            if not result.success:
                raise RunFailed(f"{job_name} failed (run {result.run_id}): {_reason(result)}")
    return RunSummary(tuple(months), tuple(run_ids), _files_by_status(workspace, started))
