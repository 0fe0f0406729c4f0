"""`collab purge`: apply retention to quarantined files and raw submissions.

Prints counts by kind, bytes and each path relative to the workspace (names only, with control
characters escaped; never contents). Deletions are logged in `purge-log.jsonl` and the warehouse
table `purge_log`.
"""

import sys
from datetime import UTC, datetime

import duckdb

from collab.lock import WorkspaceBusy, workspace_lock
from collab.workspace import Workspace
from transforms.retention import LOG_FILE, Deletion, planned, purge_as_run


def _summary(deletions: list[Deletion], verb: str) -> list[str]:
    lines = []
    for kind, label in (("quarantine", "quarantined"), ("raw", "raw")):
        chosen = [d for d in deletions if d.kind == kind]
        size = sum(d.size_bytes for d in chosen)
        lines.append(f"{verb} {len(chosen)} {label} files ({size:,} bytes)")
        lines += [f"  {d.path}" for d in chosen]
    return lines


def main(args) -> int:
    """Delete (or with --dry-run, list) every file past retention; 1 if any could not go."""
    workspace = Workspace.resolve(args.workspace)
    config = workspace.require()
    now = datetime.now(UTC).replace(tzinfo=None)
    retention = config.retention
    rule = f"quarantine_months={retention.quarantine_months}, raw_months={retention.raw_months}"
    if args.dry_run:
        report = planned(workspace, retention, now)
        verb = "would delete"
    else:
        try:
            with (
                workspace_lock(workspace.root, "collab purge"),
                duckdb.connect(str(workspace.warehouse)) as con,
            ):
                report = purge_as_run(con, workspace, retention, now, "collab purge")
        except (WorkspaceBusy, duckdb.IOException) as exc:
            print(f"collab purge: nothing was deleted: {exc}", file=sys.stderr)
            return 1
        verb = "deleted"
    print(f"retention: {rule} (current month {now:%Y-%m})")
    if report.finished:
        print(f"{verb} {len(report.finished)} files an interrupted purge had started:")
        print("\n".join(f"  {d.path}" for d in report.finished))
    print("\n".join(_summary(report.deleted, verb)))
    if not args.dry_run:
        print(f"logged in {LOG_FILE} and the warehouse table purge_log")
    for path, why in report.failed:
        print(f"collab purge: {path}: could not delete ({why})", file=sys.stderr)
    return 1 if report.failed else 0
