"""`collab report`: build (or rebuild) one protected release, render it, print its directory.

The CSV tables and `manifest.json` are the release; `report.html`, `report.pdf` and
`report.xlsx` are drawn from that folder only. For "what changed", the previous period of the
same kind is published first when it is missing and the warehouse has its months (if that
release is refused, the report has no comparison). A release that must not exist (no data, not
due without `--provisional`, off the funder's calendar) or can't be proven safe is not written
at all (exit 1).
"""

import sys
from datetime import date

import duckdb

from collab.lock import WorkspaceBusy, workspace_lock
from collab.periods import is_due, parse_period, previous_period
from collab.workspace import Workspace

FORMATS = {"csv", "html", "pdf", "xlsx"}


def _previous_release(con, config, reports, audience: str, period: str, today) -> str | None:
    """Publish the previous period's release if needed; None when it exists, else why not."""
    from transforms.release.eligibility import publish_release
    from transforms.release.publish import ReleaseError

    previous = previous_period(period)
    if (reports / audience / previous / "manifest.json").exists():
        return None
    months = parse_period(previous).months
    loaded = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT period FROM submissions WHERE is_current AND period IN "
            "(SELECT unnest($1))",
            [list(months)],
        ).fetchall()
    }
    missing = [m for m in months if m not in loaded]
    if missing:
        return f"the warehouse has no data for {', '.join(missing)} ({previous})"
    try:
        publish_release(con, config, reports, audience, previous, today=today)
    except ReleaseError as exc:
        return f"the {previous} release could not be published: {exc}"
    return None


class ReportFailed(Exception):
    """The release (or its report files) could not be written; the message says why."""


def _publish(con, config, reports, audience, period, rendered, provisional: bool, today: date):
    """The release, and why "what changed" is missing (or None), recorded as a run."""
    from transforms.audit_trail import finish_run, start_run
    from transforms.release.eligibility import publish_release
    from transforms.release.publish import ReleaseError

    command = f"collab report --audience {audience} --period {period}"
    run_id = start_run(con, command + (" --provisional" if provisional else ""))
    try:
        published = publish_release(
            con, config, reports, audience, period, provisional=provisional, today=today
        )
        note = None
        if rendered:
            note = _previous_release(con, config, reports, audience, period, today)
    except ReleaseError as exc:
        finish_run(con, run_id, "failed", str(exc))
        raise ReportFailed(str(exc)) from None
    except BaseException as exc:
        finish_run(con, run_id, "failed", type(exc).__name__)
        raise
    finish_run(con, run_id, "ok")
    return published, note


def build(
    workspace: Workspace,
    config,
    audience: str,
    period: str,
    formats: set[str],
    provisional: bool = False,
):
    """Publish one release and render `formats` into its folder; returns the folder."""
    rendered, today = formats - {"csv"}, date.today()
    with duckdb.connect(str(workspace.warehouse)) as con:
        published, note = _publish(
            con, config, workspace.reports, audience, period, rendered, provisional, today
        )
    if published.note and not published.rebuilt:
        print(f"collab report: {audience} {period}: {published.note}", file=sys.stderr)
    last = parse_period(period).months[-1]
    if provisional and is_due(last, config.submissions.due_day, today):
        print(
            f"collab report: {audience} {period} is due, so the release is final "
            "(--provisional only applies before the deadline)",
            file=sys.stderr,
        )
    if rendered:
        from dashboards.report import render_report

        try:
            render_report(published.folder, config, rendered, note)
        except OSError as exc:
            raise ReportFailed(f"could not write the report: {exc}") from None
    return published.folder


def main(args) -> int:
    """Exit 0 with the release directory printed; 1 when refused or unprotectable; 2 usage."""
    workspace = Workspace.resolve(args.workspace)
    config = workspace.require()
    formats = {f.strip() for f in args.format.split(",") if f.strip()}
    unknown = formats - FORMATS
    if unknown or not formats:
        print(
            f"collab report: --format takes a list of {', '.join(sorted(FORMATS))}", file=sys.stderr
        )
        return 2
    if not workspace.warehouse.exists():
        print("collab report: no warehouse yet; run `collab run` first", file=sys.stderr)
        return 2
    try:
        with workspace_lock(workspace.root, f"collab report {args.audience} {args.period}"):
            folder = build(workspace, config, args.audience, args.period, formats, args.provisional)
    except (ReportFailed, WorkspaceBusy) as exc:
        print(f"collab report: {exc}", file=sys.stderr)
        return 1
    print(folder)
    return 0
