"""The `collab` command line. Commands import their heavy libraries only when they run.

Exit codes: 0 success; 1 the command ran and found a problem (a rejected file, a failed run);
2 usage error (bad arguments, no workspace, bad config).
"""

import argparse
import importlib
import os
import sys

from collab.config import ConfigError
from collab.workspace import WorkspaceError

COMMANDS = {
    "synth": "write a synthetic workspace (config + inbox) made with Faker",
    "demo": "synth + run, then print where everything is",
    "check": "pre-flight check of partner files before sending",
    "run": "run the whole pipeline in-process on the workspace",
    "report": "build (or rebuild) one protected release and its report",
    "status": "submissions per partner, month and export",
    "purge": "apply retention: delete expired quarantined and raw files, log what went",
    "withdraw": "a partner leaves or withdraws months: its data leaves the warehouse",
    "ui": "start the Dagster UI on the workspace",
}


def _workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help="workspace directory (default: $COLLAB_WORKSPACE or the current directory)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (also used to document the CLI)."""
    parser = argparse.ArgumentParser(
        prog="collab",
        description="collab-eval: needs, gaps and referral outcomes of a "
        "survivor-service collaborative, checked, protected and reported.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = {
        name: sub.add_parser(name, help=text, description=text) for name, text in COMMANDS.items()
    }

    synth = commands["synth"]
    synth.add_argument("--out", required=True, metavar="DIR", help="new workspace directory")
    synth.add_argument("--partners", type=int, default=20, metavar="N")
    synth.add_argument("--months", type=int, default=24, metavar="M")
    synth.add_argument("--seed", type=int, default=7, metavar="S")
    synth.add_argument(
        "--end-month",
        default="2026-10",
        metavar="YYYY-MM",
        help="last month of data (default 2026-10, fixed for reproducibility)",
    )
    synth.add_argument("--faults", action="store_true", help="add documented bad files")

    demo = commands["demo"]
    demo.add_argument("--out", default="demo-workspace", metavar="DIR")

    check = commands["check"]
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _workspace_option(check)

    run = commands["run"]
    run.add_argument("--period", metavar="P", help="only the months of this period")
    run.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="when another collab command holds the workspace, wait this long (default 0)",
    )
    _workspace_option(run)

    report = commands["report"]
    report.add_argument("--audience", required=True)
    report.add_argument("--period", required=True)
    report.add_argument("--format", default="html,pdf,xlsx,csv")
    report.add_argument(
        "--provisional",
        action="store_true",
        help="publish a period that is not due yet, marked provisional in every output",
    )
    _workspace_option(report)

    status = commands["status"]
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _workspace_option(status)

    purge = commands["purge"]
    purge.add_argument("--dry-run", action="store_true", help="list what would go, delete nothing")
    _workspace_option(purge)

    withdraw = commands["withdraw"]
    withdraw.add_argument("--partner", required=True, metavar="ID")
    withdraw.add_argument(
        "--period", metavar="P", help="the months to withdraw (default: every month: it leaves)"
    )
    withdraw.add_argument("--reason", metavar="TEXT", help="why (kept in the warehouse)")
    withdraw.add_argument(
        "--restore", action="store_true", help="lift the withdrawal: files load again"
    )
    _workspace_option(withdraw)
    ui = commands["ui"]
    ui.add_argument("--port", type=int, default=3000)
    ui.add_argument("--host", default="127.0.0.1")
    _workspace_option(ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    module = importlib.import_module(f"cli.commands.{args.command}")
    try:
        return module.main(args)
    except (ConfigError, WorkspaceError) as exc:
        print(f"collab {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`collab status | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print(f"collab {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug must still not dump a trace on a user
        if os.environ.get("COLLAB_DEBUG"):
            raise
        print(
            f"collab {args.command}: internal error ({type(exc).__name__}); "
            "rerun with COLLAB_DEBUG=1 for details",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
