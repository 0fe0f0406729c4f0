"""`collab demo`: a synthetic collaborative, the whole pipeline on it, and where to look."""

import sys
from pathlib import Path

from collab.workspace import Workspace

DEMO_PARTNERS = 24
DEMO_MONTHS = 24


def _reports(workspace: Workspace, last_month: str) -> list[tuple[str, object]]:
    """Each funder's report for its latest ended period, and the collaborative's quarter.

    Periods are judged from the data's last due month, not only from today, so a demo made
    later than its synthetic data still reports on months that exist.
    """
    from datetime import datetime, time, timedelta

    from cli.commands.report import build
    from collab.lock import workspace_lock
    from collab.periods import due_date, latest_due_month, period_just_ended
    from usecases.report import FORMATS, ReportFailed

    config = workspace.require()
    due_day = config.submissions.due_day
    today = datetime.now()
    last = min(latest_due_month(today, due_day), last_month)
    when = datetime.combine(due_date(last, due_day) + timedelta(days=1), time(6))
    wanted = [("collaborative", period_just_ended(when, "calendar_quarter", due_day))]
    wanted += [
        (f"funder:{f.id}", period_just_ended(when, f.calendar, due_day)) for f in config.funders
    ]
    done = []
    with workspace_lock(workspace.root, "collab demo"):
        for audience, period in wanted:
            try:
                result = build(workspace, config, audience, period, FORMATS)
            except ReportFailed as exc:
                result = f"not written: {exc}"
            done.append((f"{audience} {period}", result))
    return done


def main(args) -> int:
    """Synth (with faults, so quarantine has something to show) + run, then print paths."""
    from pipelines.runner import RunFailed, run_pipeline
    from synthetic import generate

    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        print(
            f"collab demo: {out} is not empty; remove it or choose another --out", file=sys.stderr
        )
        return 2
    generate(out, partners=DEMO_PARTNERS, months=DEMO_MONTHS, seed=7, faults=True)
    workspace = Workspace.resolve(out)
    try:
        summary = run_pipeline(workspace)
    except RunFailed as exc:
        print(f"collab demo: {exc}", file=sys.stderr)
        return 1
    print(
        f"demo collaborative: {DEMO_PARTNERS} partners, {DEMO_MONTHS} months "
        f"({summary.months[0]} to {summary.months[-1]})"
    )
    print(summary.text)
    reports = _reports(workspace, summary.months[-1])
    print("where to look:")
    for label, path in (
        ("workspace", workspace.root),
        ("config", workspace.config_path),
        ("inbox", workspace.inbox),
        ("warehouse", workspace.warehouse),
        ("quarantine", workspace.quarantine),
        ("data quality", workspace.quality / "index.html"),
        ("releases", workspace.reports / "collaborative"),
        ("dashboards", workspace.dashboards / "index.html"),
        ("expected faults", workspace.root / "faults.json"),
    ):
        print(f"  {label:<16} {path}")
    print("reports (HTML, PDF, Excel, CSV):")
    for label, result in reports:
        print(f"  {label:<32} {result}")
    print(f"next: collab status --workspace {workspace.root}")
    print(f"      collab ui --workspace {workspace.root}")
    print(f"      open {workspace.dashboards / 'index.html'} in a browser (works offline)")
    return 0
