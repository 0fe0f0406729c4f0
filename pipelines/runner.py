"""Run the pipeline in-process for `collab run`: no multiprocess start-up cost.

Reference data first (dimensions, misfiled files), then one run over the range of months that
have inbox files, so a whole backlog is one run and a rerun is a no-op.

A run holds the workspace lock and is recorded in the audit trail (`runs`). It survives being
killed at any point: warehouse writes are transactions, files are written beside their target
and renamed, the ledger is written before a release's files; so the next run redoes what was
not committed, and first clears what a killed run left half-done (see `sweep_leftovers`).
"""

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg
import duckdb

from collab.lock import workspace_lock
from collab.periods import parse_period
from collab.workspace import Workspace
from expectations.findings import Finding
from expectations.inbox import inbox_months, scan_inbox
from expectations.limits import fingerprint
from expectations.quarantine import quarantine_file
from pipelines.definitions import build_definitions
from pipelines.legacy_releases import scrub_legacy_releases
from pipelines.partitions import monthly
from transforms.audit_trail import finish_run, start_run

RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"
# The command line prints its own summary; details stay in the run's event log (`collab ui`).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


class RunFailed(Exception):
    """A step of the run failed; the message names the step."""


@dataclass(frozen=True)
class RunSummary:
    """What a run did: its audit-trail id, months covered, Dagster run ids, files by status."""

    run_id: str
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
    months = inbox_months(workspace.inbox) & valid
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


def sweep_leftovers(workspace: Workspace) -> None:
    """Clear what a killed run left half-done; safe because we hold the workspace lock.

    A release swap killed between its two renames leaves `.<period>.old-<pid>` and no
    `<period>`: the old release goes back. Staging folders and `.tmp-` files are removed.
    """
    for folder in (
        workspace.reports,
        workspace.quarantine,
        workspace.dashboards,
        workspace.quality,
    ):
        for path in sorted(folder.rglob(".*"), key=lambda p: len(p.parts), reverse=True):
            name = path.name
            if ".old-" in name and path.is_dir() and path.parent.parent == workspace.reports:
                release = path.with_name(name[1:].split(".old-")[0])
                if not release.exists():
                    os.replace(path, release)
                else:
                    shutil.rmtree(path)
            elif name.startswith(".tmp-") and path.is_file():
                path.unlink()
            elif ".tmp-" in name and path.is_dir():
                shutil.rmtree(path)


def finish_quarantine_moves(workspace: Workspace) -> int:
    """Move rejected files a killed run recorded but left in the inbox; returns how many.

    The intake commits a rejected file's row, then moves it to quarantine/. Killed in between,
    the file stays in the inbox, known to the warehouse, so no intake would move it again.
    Only a file with the recorded path and sha256 moves (a resend under the same name stays),
    and never one whose quarantined copy a purge deleted (the same bytes sent again are new).
    """
    if not workspace.warehouse.exists():
        return 0
    with duckdb.connect(str(workspace.warehouse)) as con:
        if not con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'submissions'"
        ).fetchone()[0]:
            return 0
        purged = con.execute(
            "SELECT count(*) FROM duckdb_columns() "
            "WHERE table_name = 'submissions' AND column_name = 'purged_at'"
        ).fetchone()[0]
        recorded = con.execute(
            "SELECT inbox_path, sha256, file_name, quarantine_path FROM submissions "
            "WHERE status = 'quarantined' AND quarantine_path IS NOT NULL"
            + (" AND purged_at IS NULL" if purged else "")
        ).fetchall()
        pending = {
            (inbox_path, sha256): (file_name, workspace.root / target)
            for inbox_path, sha256, file_name, target in recorded
            if not (workspace.root / target).exists()
        }
        paths = {relative for relative, _ in pending}
        limits = workspace.require().limits
        moves = []
        for inbox_file in scan_inbox(workspace.inbox):
            if inbox_file.relative not in paths:
                continue
            sha256 = fingerprint(inbox_file.path, limits)
            if (inbox_file.relative, sha256) not in pending:
                continue
            file_name, target = pending[(inbox_file.relative, sha256)]
            findings = [
                Finding(file_name, *row)
                for row in con.execute(
                    'SELECT rule, severity, "column", "row", message FROM findings '
                    "WHERE sha256 = ? AND file_name = ? ORDER BY ALL",
                    [sha256, file_name],
                ).fetchall()
            ]
            moves.append((inbox_file.path, target, findings))
    for source, target, findings in moves:
        quarantine_file(source, target, findings)
    return len(moves)


def _execute(workspace: Workspace, period: str | None, run_ids: list[str]) -> list[str]:
    """Run the jobs in order; each Dagster run id is appended to `run_ids` as it ends."""
    defs = build_definitions(workspace)
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
    return months


def run_pipeline(
    workspace: Workspace, period: str | None = None, command: str = "collab run"
) -> RunSummary:
    """Materialize every asset for the workspace; raises RunFailed naming the failed job.

    Takes the workspace lock (raises `collab.lock.WorkspaceBusy` when another process has
    it, unless the caller already holds it) and records the run in the audit trail.
    """
    workspace.require()
    with workspace_lock(workspace.root, command):
        workspace.prepare()
        sweep_leftovers(workspace)
        # Before any job: a failed run must not leave the internal report published either.
        workspace.move_old_quality_report()
        scrub_legacy_releases(workspace)
        finish_quarantine_moves(workspace)
        started = datetime.now(UTC).replace(tzinfo=None)
        with duckdb.connect(str(workspace.warehouse)) as con:
            audit_id = start_run(con, command)
        run_ids: list[str] = []
        try:
            months = _execute(workspace, period, run_ids)
        except BaseException as exc:
            message = str(exc) if isinstance(exc, RunFailed) else type(exc).__name__
            with duckdb.connect(str(workspace.warehouse)) as con:
                finish_run(con, audit_id, "failed", message, tuple(run_ids))
            raise
        with duckdb.connect(str(workspace.warehouse)) as con:
            finish_run(con, audit_id, "ok", None, tuple(run_ids))
        return RunSummary(
            audit_id, tuple(months), tuple(run_ids), _files_by_status(workspace, started)
        )
