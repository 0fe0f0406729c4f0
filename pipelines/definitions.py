"""Everything Dagster knows about collab-eval, gathered from `pipelines/defs/<area>/`.

The workspace comes from `$COLLAB_WORKSPACE` (set by `collab run` / `collab ui`) or the current
directory; definitions load even where no workspace exists yet, so `dg check defs` and the
tests can load them anywhere.
"""

import dagster as dg

from collab.workspace import Workspace
from pipelines.defs.dashboards.assets import funder_report, gap_dashboards
from pipelines.defs.dashboards.jobs import (
    collaborative_monthly_job,
    dashboards_job,
    funder_report_job,
)
from pipelines.defs.dashboards.schedules import build_schedules
from pipelines.defs.ingest.assets import misfiled_submissions, monthly_intake
from pipelines.defs.ingest.sensors import inbox_sensor, intake_job, reference_job
from pipelines.defs.quality.assets import data_quality_report, risk_profile_tables
from pipelines.defs.quality.jobs import quality_job
from pipelines.defs.releases.assets import collaborative_release
from pipelines.defs.releases.jobs import release_job
from pipelines.defs.retention.jobs import purge_job
from pipelines.defs.retention.schedules import build_purge_schedule
from pipelines.defs.warehouse.assets import dimensions
from pipelines.defs.warehouse.resources import build_resources


def build_definitions(workspace: Workspace) -> dg.Definitions:
    """The definitions bound to one workspace."""
    return dg.Definitions(
        assets=[
            dimensions,
            monthly_intake,
            misfiled_submissions,
            risk_profile_tables,
            data_quality_report,
            collaborative_release,
            gap_dashboards,
            funder_report,
        ],
        jobs=[
            intake_job,
            reference_job,
            quality_job,
            release_job,
            collaborative_monthly_job,
            dashboards_job,
            funder_report_job,
            purge_job,
        ],
        schedules=[*build_schedules(workspace), build_purge_schedule(workspace)],
        sensors=[inbox_sensor],
        resources=build_resources(workspace),
        # One process per run: DuckDB has one writer, and the run holds the workspace lock.
        executor=dg.in_process_executor,
    )


defs = build_definitions(Workspace.resolve())
