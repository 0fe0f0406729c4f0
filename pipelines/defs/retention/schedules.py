"""The purge schedule: monthly, the day after the submission deadline.

By then a quarantined month has had its chance of a resend, and the monthly release of the
same tick only reads the warehouse, which purge leaves as it is. Like the release schedules it
starts RUNNING, and the run key makes a repeated tick in the same month a no-op.
"""

from datetime import UTC, datetime

import dagster as dg

from collab.config import ConfigError, Submissions
from collab.periods import CALENDARS
from collab.workspace import Workspace, WorkspaceError
from pipelines.defs.dashboards.schedules import cron_after_deadline
from pipelines.defs.retention.jobs import purge_job


def purge_schedule(due_day: int) -> dg.ScheduleDefinition:
    """Purge at 06:00 on the day after each month's deadline."""

    @dg.schedule(
        name="purge_monthly",
        cron_schedule=cron_after_deadline(due_day, CALENDARS["monthly"][1]),
        job=purge_job,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Day after each month's deadline (day {due_day}): delete quarantined and "
        "raw files past retention, logging each in purge_log.",
    )
    def purge_monthly(context: dg.ScheduleEvaluationContext):
        when = context.scheduled_execution_time or datetime.now(UTC)
        return dg.RunRequest(run_key=f"purge/{when:%Y-%m}")

    return purge_monthly


def build_purge_schedule(workspace: Workspace) -> dg.ScheduleDefinition:
    """On the workspace's deadline; on the default one where no config can be read."""
    try:
        due_day = workspace.require().submissions.due_day
    except (WorkspaceError, ConfigError):
        due_day = Submissions().due_day
    return purge_schedule(due_day)
