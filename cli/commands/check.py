"""`collab check FILE...`: the ingest gate on a partner's own machine, before sending.

Imports neither Dagster nor Great Expectations, so it answers at once.
"""

import json
import sys
from pathlib import Path

from collab.workspace import Workspace
from expectations.gate import check_files
from expectations.inbox import printable_name


def _table(results) -> str:
    lines = []
    for checked in results:
        verdict = "accepted" if checked.accepted else "REJECTED"
        lines.append(f"{printable_name(str(checked.path))}: {verdict}")
        for f in checked.findings:
            where = ", ".join(
                part
                for part in (
                    f"column {f.column}"
                    if f.column and not f.column.startswith("column ")
                    else f.column,
                    f"row {f.row}" if f.row else None,
                )
                if part
            )
            lines.append(f"  {f.severity:<7} {f.rule:<24} {where:<28} {f.message}")
    return "\n".join(lines)


def main(args) -> int:
    """Exit 0 when every file is accepted (warnings allowed), 1 when any is rejected."""
    config = Workspace.resolve(args.workspace).require()
    paths = [Path(f) for f in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"collab check: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    results = check_files([(p, None) for p in paths], config)
    if args.json:
        print(
            json.dumps(
                {
                    "files": [
                        {
                            "file": printable_name(str(c.path)),
                            "accepted": c.accepted,
                            "findings": [f.to_json() for f in c.findings],
                        }
                        for c in results
                    ]
                },
                indent=2,
            )
        )
    else:
        print(_table(results))
    return 0 if all(c.accepted for c in results) else 1
