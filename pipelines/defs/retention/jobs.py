"""The purge job: `collab purge` as a Dagster run, so retention happens without anyone at hand."""

from datetime import UTC, datetime

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.warehouse.resources import CollabWorkspace
from transforms.retention import purge_as_run


@dg.op(description="Delete quarantined and raw files past the config's retention; log each.")
def purge_expired_files(
    context: dg.OpExecutionContext, collab: CollabWorkspace, warehouse: DuckDBResource
) -> dg.Output[None]:
    """Apply retention; fail the run if a file could not be deleted (named in the message)."""
    config = collab.config()
    workspace = collab.workspace
    now = datetime.now(UTC).replace(tzinfo=None)
    # The run holds the workspace lock (the `collab` resource), as `collab purge` does.
    with warehouse.get_connection() as con:
        report = purge_as_run(con, workspace, config.retention, now, "purge_job", (context.run_id,))
    if report.failed:
        failed = ", ".join(f"{path} ({why})" for path, why in report.failed)
        raise dg.Failure(f"could not delete: {failed}")
    counts = {kind: sum(d.kind == kind for d in report.deleted) for kind in ("quarantine", "raw")}
    context.log.info(
        f"purged {counts['quarantine']} quarantined and {counts['raw']} raw files; "
        f"finished {len(report.finished)} left by an interrupted purge"
    )
    return dg.Output(
        None,
        metadata={
            "quarantined_files_deleted": counts["quarantine"],
            "raw_files_deleted": counts["raw"],
            "bytes_deleted": sum(d.size_bytes for d in report.deleted),
            "interrupted_deletions_finished": len(report.finished),
        },
    )


@dg.job(description="Apply retention: delete expired quarantined and raw files (`collab purge`).")
def purge_job():
    purge_expired_files()
