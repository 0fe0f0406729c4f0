"""`collab withdraw`: a partner leaves, or withdraws months; its data leaves the warehouse.

`--period P` withdraws the months of P (a month, quarter, half-year or year); without it the
partner leaves: every month, including files that arrive later. The partner's fact rows go,
its files in the inbox and quarantine are securely deleted (logged like a purge), and its
files for those months are refused until `--restore`. Releases already published keep what
they published; the next `collab run` (or `collab report`) makes new versions of the ones
that change, each with a note, protected against the earlier versions.
"""

import sys
from datetime import UTC, datetime

import duckdb

from collab.lock import WorkspaceBusy, workspace_lock
from collab.periods import parse_period
from collab.workspace import Workspace
from transforms.audit_trail import finish_run, start_run
from transforms.retention import LOG_FILE, PurgeReport, delete_files, withdrawn_files
from transforms.schema import create_schema
from transforms.withdrawal import restore, withdraw


class UsageError(Exception):
    """Arguments that can't be carried out; nothing was changed."""


def _months(period: str | None) -> list[str] | None:
    if period is None:
        return None
    try:
        return list(parse_period(period).months)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _known(con, config, partner_id: str) -> bool:
    if partner_id in config.partner_ids:
        return True
    return bool(
        con.execute(
            "SELECT count(*) FROM submissions WHERE partner_id = ?", [partner_id]
        ).fetchone()[0]
    )


def _withdraw(con, workspace, args, months, now) -> tuple[list[str], bool]:
    scope = "every month (the partner leaves)" if months is None else args.period
    taken = withdraw(con, args.partner, months, args.reason, "collab withdraw", now)
    report = PurgeReport(deleted=[], finished=[], failed=[])
    files = withdrawn_files(workspace, args.partner, months, now)
    deleted = delete_files(con, workspace, files, report)
    lines = [
        f"withdrew {args.partner}: {scope}",
        f"  {taken.fact_rows:,} fact rows left the warehouse "
        f"({taken.archived_rows:,} kept only in the ledger archive, to protect releases "
        "that published them)",
        f"  {taken.submissions} submissions marked withdrawn; {len(deleted)} files securely "
        f"deleted (logged in {LOG_FILE} and purge_log)",
        "  files for these months are refused until `collab withdraw --restore`",
    ]
    if taken.releases:
        lines.append("  published releases that drew on it get a new version when rebuilt:")
        lines += [f"    {audience} {period}" for audience, period in taken.releases]
        lines.append(
            "  `collab run` rebuilds the collaborative's last 12 months; rebuild the others "
            "with `collab report --audience A --period P`"
        )
    for path, why in report.failed:
        print(f"collab withdraw: {path}: could not delete ({why})", file=sys.stderr)
    return lines, bool(report.failed)


def main(args) -> int:
    """Withdraw (or restore) a partner's months; 1 if something could not be done."""
    workspace = Workspace.resolve(args.workspace)
    config = workspace.require()
    now = datetime.now(UTC).replace(tzinfo=None)
    command = f"collab withdraw --partner {args.partner}" + (
        f" --period {args.period}" if args.period else ""
    )
    try:
        months = _months(args.period)
        if not args.restore and not (args.reason or "").strip():
            raise UsageError("say why with --reason (kept in the warehouse, never published)")
        with (
            workspace_lock(workspace.root, command),
            duckdb.connect(str(workspace.warehouse)) as con,
        ):
            create_schema(con)
            if not _known(con, config, args.partner):
                raise UsageError(f"partner {args.partner!r} is not in the config or the warehouse")
            run_id = start_run(con, command + (" --restore" if args.restore else ""))
            try:
                failed = False
                if args.restore:
                    lifted = restore(con, args.partner, months, "collab withdraw", now)
                    lines = [
                        f"restored {args.partner}: {lifted} withdrawals lifted; files for "
                        "those months load again when the partner sends them"
                    ]
                else:
                    lines, failed = _withdraw(con, workspace, args, months, now)
            except BaseException as exc:
                finish_run(con, run_id, "failed", type(exc).__name__)
                raise
            finish_run(con, run_id, "failed" if failed else "ok")
    except UsageError as exc:
        print(f"collab withdraw: {exc}; nothing was changed", file=sys.stderr)
        return 2
    except (WorkspaceBusy, duckdb.IOException) as exc:
        print(f"collab withdraw: nothing was changed: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 1 if failed else 0
