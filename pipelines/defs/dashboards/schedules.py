"""Schedules: the collaborative's release and dashboards, and each funder's report.

The collaborative's runs after each month's deadline, a funder's on its calendar, each for the
period that has just ended.

A month's files are due by `submissions.due_day` of the next month; schedules run at 06:00
(UTC, Dagster's default) on the day after, so uploads made late on the due day are in. They
start RUNNING: a collaborative that leaves `collab ui` up expects its reports to appear without
anyone switching them on; anyone can stop one in the UI. Each run's period is worked out from
its scheduled time, so a late or repeated tick builds the right period, and the run key makes a
repeated tick for the same period a no-op.
"""

from datetime import UTC, datetime

import dagster as dg

from collab.config import ConfigError, Funder, Submissions
from collab.periods import CALENDARS, latest_due_month, period_just_ended
from collab.workspace import Workspace, WorkspaceError
from pipelines.defs.dashboards.jobs import collaborative_monthly_job, funder_report_job

PERIOD_TAG = "collab/period"
AUDIENCE_TAG = "collab/audience"
RUNNING = dg.DefaultScheduleStatus.RUNNING
FUNDER_REPORT_OP = "reports__funder_report"  # the op of asset key reports/funder_report


def cron_after_deadline(due_day: int, months: tuple[int, ...]) -> str | list[str]:
    """06:00 on the day after the deadline in those months.

    February has no 29th in most years: a deadline on the 28th is followed by a run on 1 March.
    """
    day = due_day + 1
    listed = "*" if len(months) == 12 else ",".join(str(m) for m in months)
    if day <= 28 or 2 not in months:
        return f"0 6 {day} {listed} *"
    others = ",".join(str(m) for m in months if m != 2)
    return [f"0 6 {day} {others} *", "0 6 1 3 *"]


def _when(context: dg.ScheduleEvaluationContext) -> datetime:
    return context.scheduled_execution_time or datetime.now(UTC)


def collaborative_schedule(due_day: int) -> dg.ScheduleDefinition:
    """Every month after the deadline: publish the due releases and rebuild the dashboards."""

    @dg.schedule(
        name="collaborative_monthly",
        cron_schedule=cron_after_deadline(due_day, CALENDARS["monthly"][1]),
        job=collaborative_monthly_job,
        default_status=RUNNING,
        description=f"Day after each month's deadline (day {due_day}): the collaborative's "
        "release of that month, then the gap dashboards.",
    )
    def collaborative_monthly(context: dg.ScheduleEvaluationContext):
        month = latest_due_month(_when(context), due_day)
        return dg.RunRequest(
            run_key=f"collaborative/{month}",
            tags={PERIOD_TAG: month, AUDIENCE_TAG: "collaborative"},
        )

    return collaborative_monthly


def schedule_name(funder: Funder) -> str:
    """`funder_<id>_report`, in the letters Dagster allows in a name."""
    return f"funder_{funder.id.lower().replace('-', '_')}_report"


def funder_schedule(funder: Funder, due_day: int) -> dg.ScheduleDefinition:
    """After the last month of each of the funder's periods is due: its release and report."""
    months = CALENDARS[funder.calendar][1]

    @dg.schedule(
        name=schedule_name(funder),
        cron_schedule=cron_after_deadline(due_day, months),
        job=funder_report_job,
        default_status=RUNNING,
        description=f"{funder.label}: release and report for each {funder.calendar} period, "
        "the day after its last month's deadline.",
    )
    def _schedule(context: dg.ScheduleEvaluationContext):
        period = period_just_ended(_when(context), funder.calendar, due_day)
        audience = f"funder:{funder.id}"
        settings = {"funder": funder.id, "period": period}
        return dg.RunRequest(
            run_key=f"{audience}/{period}",
            run_config={"ops": {FUNDER_REPORT_OP: {"config": settings}}},
            tags={PERIOD_TAG: period, AUDIENCE_TAG: audience},
        )

    return _schedule


def build_schedules(workspace: Workspace) -> list[dg.ScheduleDefinition]:
    """The collaborative's schedule and one per funder.

    Without a readable config (definitions also load outside a workspace) there is only the
    collaborative's, on the default deadline.
    """
    try:
        config = workspace.require()
    except (WorkspaceError, ConfigError):
        return [collaborative_schedule(Submissions().due_day)]
    due_day = config.submissions.due_day
    return [collaborative_schedule(due_day), *(funder_schedule(f, due_day) for f in config.funders)]
