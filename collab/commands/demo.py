"""`collab demo`: a synthetic collaborative, the whole pipeline on it, and where to look."""

import sys
from pathlib import Path

from collab.workspace import Workspace

DEMO_PARTNERS = 24
DEMO_MONTHS = 24


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
    print("where to look:")
    for label, path in (
        ("workspace", workspace.root),
        ("config", workspace.config_path),
        ("inbox", workspace.inbox),
        ("warehouse", workspace.warehouse),
        ("quarantine", workspace.quarantine),
        ("data quality", workspace.reports / "data-quality" / "index.html"),
        ("releases", workspace.reports / "collaborative"),
        ("dashboards", workspace.dashboards / "index.html"),
        ("expected faults", workspace.root / "faults.json"),
    ):
        print(f"  {label:<16} {path}")
    print(f"next: collab status --workspace {workspace.root}")
    print(f"      collab ui --workspace {workspace.root}")
    print(f"      open {workspace.dashboards / 'index.html'} in a browser (works offline)")
    return 0
