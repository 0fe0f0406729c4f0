"""`collab run`: materialize every asset in-process, then say what happened and where."""

import sys

from collab.workspace import Workspace


def main(args) -> int:
    """Exit 1 when a run step fails (the message names it), else 0."""
    workspace = Workspace.resolve(args.workspace)
    workspace.require()
    if args.period is not None:
        from collab.periods import parse_period

        try:
            parse_period(args.period)
        except ValueError as exc:
            print(f"collab run: --period: {exc}", file=sys.stderr)
            return 2
    from pipelines.runner import RunFailed, run_pipeline

    try:
        summary = run_pipeline(workspace, args.period)
    except RunFailed as exc:
        print(f"collab run: {exc}", file=sys.stderr)
        return 1
    months = summary.months
    span = f"{months[0]} to {months[-1]}" if months else "no months"
    print(f"ran the pipeline for {span}")
    print(summary.text)
    print(f"warehouse:  {workspace.warehouse}")
    print(f"quarantine: {workspace.quarantine}")
    print(f"data quality: {workspace.reports / 'data-quality' / 'index.html'}")
    print(f"releases:   {workspace.reports / 'collaborative'}")
    return 0
