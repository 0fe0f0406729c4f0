"""A sensor that watches the inbox and asks for one intake run per month with new files.

The cursor remembers (size, mtime, sha256) per file path. A file is hashed only when its size
or mtime changed, and a month is requested only when some file's content really changed: a
touched but identical file asks for nothing. One run per month, never one per file.
"""

import hashlib
import json

import dagster as dg

from expectations.inbox import InboxFile, scan_inbox
from pipelines.defs.ingest.assets import misfiled_submissions, monthly_intake
from pipelines.defs.quality.jobs import quality_job
from pipelines.defs.warehouse.assets import dimensions
from pipelines.defs.warehouse.resources import CollabWorkspace
from pipelines.partitions import monthly

CONFIG_KEY = "::collaborative.yaml"

intake_job = dg.define_asset_job(
    "monthly_intake_job", selection=dg.AssetSelection.assets(monthly_intake), partitions_def=monthly
)
reference_job = dg.define_asset_job(
    "reference_job", selection=dg.AssetSelection.assets(dimensions, misfiled_submissions)
)


def changed_months(
    cursor: dict[str, list], files: list[InboxFile], valid_months: set[str]
) -> tuple[list[str], bool, dict[str, list]]:
    """Months whose files changed, whether a file of no month changed, and the new cursor.

    Files of no month are misfiled inbox files and the config: both call for the reference
    job (dimensions and triage).
    """
    months: set[str] = set()
    misfiled = False
    new_cursor: dict[str, list] = {}
    for f in files:
        previous = cursor.get(f.relative)
        if previous is not None and previous[:2] == [f.size, f.mtime_ns]:
            new_cursor[f.relative] = previous
            continue
        digest = f.sha256()
        new_cursor[f.relative] = [f.size, f.mtime_ns, digest]
        if previous is not None and previous[2] == digest:
            continue
        if f.month in valid_months:
            months.add(f.month)
        else:
            misfiled = True
    return sorted(months), misfiled, new_cursor


def _run_key(month: str, cursor: dict[str, list]) -> str:
    digests = sorted(v[2] for k, v in cursor.items() if f"_{month}." in k)
    return f"{month}:{hashlib.sha256(''.join(digests).encode()).hexdigest()[:16]}"


@dg.sensor(
    jobs=[intake_job, reference_job, quality_job],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_sensor(context: dg.SensorEvaluationContext, collab: CollabWorkspace) -> dg.SensorResult:
    """Request an intake run for each month whose inbox files are new or changed."""
    workspace = collab.workspace
    cursor = json.loads(context.cursor) if context.cursor else {}
    files = scan_inbox(workspace.inbox) if workspace.inbox.is_dir() else []
    if workspace.config_path.is_file():
        # The config counts as a file of no month: a change reloads the dimensions first.
        stat = workspace.config_path.stat()
        files.append(
            InboxFile(workspace.config_path, CONFIG_KEY, stat.st_size, stat.st_mtime_ns, None)
        )
    months, misfiled, new_cursor = changed_months(cursor, files, set(monthly.get_partition_keys()))
    requests = [dg.RunRequest(job_name=reference_job.name)] if misfiled else []
    requests += [
        dg.RunRequest(job_name=intake_job.name, partition_key=m, run_key=_run_key(m, new_cursor))
        for m in months
    ]
    if requests:
        # Queued after the intakes (one run at a time), so the report sees what they loaded.
        requests.append(dg.RunRequest(job_name=quality_job.name))
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(new_cursor))
