"""`collab report`: build (or rebuild) one protected release, render it, print its directory.

What it does is `usecases/report.py`, shared with the funders' schedules; here are the
command's own messages and exit codes.
"""

import sys
from datetime import date

import duckdb

from collab.lock import WorkspaceBusy, workspace_lock
from collab.periods import is_due, parse_period
from collab.workspace import Workspace


def build(
    workspace: Workspace,
    config,
    audience: str,
    period: str,
    formats: set[str],
    provisional: bool = False,
):
    """Publish one release and render `formats` into its folder; returns the folder."""
    from usecases.report import publish_report

    today = date.today()
    with duckdb.connect(str(workspace.warehouse)) as con:
        report = publish_report(
            con, config, workspace.reports, audience, period, formats, provisional, today
        )
    published = report.published
    if published.note and not published.rebuilt:
        print(f"collab report: {audience} {period}: {published.note}", file=sys.stderr)
    last = parse_period(period).months[-1]
    if provisional and is_due(last, config.submissions.due_day, today):
        print(
            f"collab report: {audience} {period} is due, so the release is final "
            "(--provisional only applies before the deadline)",
            file=sys.stderr,
        )
    return report.folder


def main(args) -> int:
    """Exit 0 with the release directory printed; 1 when refused or unprotectable; 2 usage."""
    workspace = Workspace.resolve(args.workspace)
    config = workspace.require()
    from usecases.report import FORMATS, ReportFailed

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
