"""Write the partners' files into the inbox, each with its arrival time as mtime.

Files go to `inbox/<YYYY-MM>/` by reporting month. A month's files arrive a few seconds apart,
the optional survey counts (`feedback`) last, from the partners that run a survey. Folder
mtimes are set to their newest file so that the whole tree, times included, is the same on
every run with the same seed.
"""

import os
from pathlib import Path

from collab.contract import EXPORTS, REQUIRED_EXPORTS
from synthetic.collaborative import SynthCollaborative
from synthetic.exports import PartnerExports
from synthetic.render import contract_csv
from synthetic.schedule import Schedule

EXPORT_GAP_SECONDS = 40  # between the files a partner sends for one month


def inbox_path(month: str, partner_id: str, export: str, suffix: str = "csv") -> str:
    """Where a partner's file for a month lands, relative to the workspace."""
    return f"inbox/{month}/{partner_id}_{export}_{month}.{suffix}"


def arrival_of(schedule: Schedule, p: int, m: int, export: str) -> int:
    """The mtime of partner p's `export` file for month m."""
    return int(schedule.arrival[p, m]) + list(EXPORTS).index(export) * EXPORT_GAP_SECONDS


def write_file(out: Path, relative: str, content: bytes, mtime: int) -> None:
    """Write one file and stamp its arrival time."""
    path = out / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (mtime, mtime))


def write_exports(
    out: Path,
    collab: SynthCollaborative,
    months: tuple[str, ...],
    exports: PartnerExports,
    schedule: Schedule,
    replaced: frozenset[tuple[int, str, int]],
) -> int:
    """Write every file partners sent (except those a fault replaces); returns how many."""
    for month in months:
        (out / "inbox" / month).mkdir(parents=True, exist_ok=True)
    written = 0
    for p, partner in enumerate(collab.partners):
        sent = schedule.sent[p].tolist()
        for m, month in enumerate(months):
            if not any(sent[m]):
                continue
            for export in EXPORTS:
                required = export in REQUIRED_EXPORTS
                if required and not sent[m][REQUIRED_EXPORTS.index(export)]:
                    continue
                if (p, export, m) in replaced:
                    continue
                rows = exports.rows(export, p, m)
                if not required and not rows:
                    continue
                relative = inbox_path(month, partner.id, export)
                content = contract_csv(export, partner.id, month, rows)
                write_file(out, relative, content, arrival_of(schedule, p, m, export))
                written += 1
    return written


def settle_folder_times(root: Path, fallback: int) -> int:
    """Set every folder's mtime to its newest entry (or `fallback` when empty), bottom-up."""
    newest = fallback
    for entry in sorted(root.iterdir()):
        stamp = (
            settle_folder_times(entry, fallback) if entry.is_dir() else int(entry.stat().st_mtime)
        )
        newest = max(newest, stamp)
    os.utime(root, (newest, newest))
    return newest
