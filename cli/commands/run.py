"""`collab run`: materialize every asset in-process, then say what happened and where."""

import sys

from collab.lock import WorkspaceBusy, workspace_lock
from collab.workspace import Workspace


def main(args) -> int:
    """Exit 1 when a run step fails (the message names it) or the workspace is busy, else 0."""
    workspace = Workspace.resolve(args.workspace)
    workspace.require()
    if args.period is not None:
        from collab.periods import parse_period

        try:
            parse_period(args.period)
        except ValueError as exc:
            print(f"collab run: --period: {exc}", file=sys.stderr)
            return 2
    command = "collab run" + (f" --period {args.period}" if args.period else "")
    try:
        # Taken before importing Dagster: a busy workspace answers at once.
        with workspace_lock(workspace.root, command, wait=args.wait):
            from pipelines.runner import RunFailed, run_pipeline

            try:
                summary = run_pipeline(workspace, args.period, command)
            except RunFailed as exc:
                print(f"collab run: {exc}", file=sys.stderr)
                return 1
    except WorkspaceBusy as exc:
        print(f"collab run: {exc}", file=sys.stderr)
        return 1
    months = summary.months
    span = f"{months[0]} to {months[-1]}" if months else "no months"
    print(f"ran the pipeline for {span} (run {summary.run_id}; `collab status` lists runs)")
    print(summary.text)
    print(f"warehouse:  {workspace.warehouse}")
    print(f"quarantine: {workspace.quarantine}")
    print(f"data quality: {workspace.quality / 'index.html'}")
    print(f"releases:   {workspace.reports / 'collaborative'}")
    return 0
