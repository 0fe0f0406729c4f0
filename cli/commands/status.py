"""`collab status`: every partner's months, export by export, as a grid or JSON.

Grid cells hold one letter per export (S services, R referrals, C capacity, D demographics,
F feedback): the capital letter when accepted on time, lower case when late, `x` quarantined,
`w` withdrawn, `.` missing, `_` not yet due, blank before the partner joined. Feedback is
optional: its place stays blank in months the partner sent none, which is never missing.
Under the grid: the last runs from the audit trail (who, when, outcome, files in, releases out).
"""

import json
import sys
from datetime import date

import duckdb

from collab import contract
from collab.lock import is_locked
from collab.workspace import Workspace
from transforms.audit_trail import last_runs
from transforms.status import submission_status

SYMBOLS = {
    "late": str.lower,
    "quarantined": lambda _: "x",
    "withdrawn": lambda _: "w",
    "missing": lambda _: ".",
    "not_due": lambda _: "_",
    "inactive": lambda _: " ",
    "accepted": str.upper,
}
LEGEND = (
    "S R C D F = services, referrals, capacity, demographics, feedback. Capital: accepted; "
    "lower case: late; x: quarantined; w: withdrawn; .: missing; _: not yet due; blank: not yet a "
    "partner, or no feedback sent (feedback is optional)."
)
MONTHS_PER_BLOCK = 12
LAST_RUNS = 5


def _grid(status, partners: list[str]) -> list[str]:
    letters = {e: e[0].upper() for e in contract.EXPORTS}
    cells = {}
    for partner_id, period, export, state in status.select(
        "partner_id", "period", "export", "status"
    ).iter_rows():
        cells.setdefault((partner_id, period), {})[export] = SYMBOLS[state](letters[export])
    months = sorted(status["period"].unique().to_list())
    width = max(len(p) for p in partners)
    lines = []
    for start in range(0, len(months), MONTHS_PER_BLOCK):
        block = months[start : start + MONTHS_PER_BLOCK]
        lines.append(" " * width + "  " + " ".join(f"{m:<7}" for m in block))
        for partner_id in partners:
            row = [
                "".join(cells.get((partner_id, m), {}).get(e, " ") for e in contract.EXPORTS)
                for m in block
            ]
            lines.append(f"{partner_id:<{width}}  " + " ".join(f"{c:<7}" for c in row))
        lines.append("")
    return lines


def _runs(runs) -> list[str]:
    if runs.height == 0:
        return ["no runs recorded yet"]
    lines = ["last run:" if runs.height == 1 else f"last {runs.height} runs:"]
    for run in runs.iter_rows(named=True):
        releases = run["releases_out"]
        named = releases if len(releases) <= 2 else [releases[0], "…", releases[-1]]
        out = f"{len(releases)} releases out" + (f" ({' '.join(named)})" if releases else "")
        lines.append(
            f"  {run['started_at']:%Y-%m-%d %H:%M} UTC  {run['user']}@{run['host']}  "
            f"{run['command']}  {run['status']}  {run['files_in']} files in, {out}"
        )
    return lines


def main(args) -> int:
    """Print the grid (or JSON) and a count per status."""
    workspace = Workspace.resolve(args.workspace)
    config = workspace.require()
    if not workspace.warehouse.exists():
        print(f"no warehouse yet in {workspace.root}; run `collab run` first")
        return 0
    try:
        con = duckdb.connect(str(workspace.warehouse), read_only=True)
    except duckdb.IOException:
        print(
            f"collab status: {workspace.warehouse} is being written by a run; try again later",
            file=sys.stderr,
        )
        return 1
    with con:
        status = submission_status(con, config, date.today())
        misfiled = con.execute("SELECT count(*) FROM submissions WHERE period IS NULL").fetchone()[
            0
        ]
        runs = last_runs(con, LAST_RUNS, is_locked(workspace.root))
    counts = {s: 0 for s in ("accepted", "late", "quarantined", "withdrawn", "missing", "not_due")}
    counts.update(dict(status.group_by("status").len().iter_rows()))
    if args.json:
        print(
            json.dumps(
                {
                    "submissions": status.to_dicts(),
                    "counts": counts,
                    "misfiled_files": misfiled,
                    "runs": runs.to_dicts(),
                },
                indent=2,
                default=str,
            )
        )
        return 0
    for line in _grid(status, [p.id for p in config.partners]):
        print(line)
    print(LEGEND)
    print(
        ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if s != "inactive")
        + f"; {misfiled} files with names outside the contract quarantined"
    )
    print()
    for line in _runs(runs):
        print(line)
    return 0
