"""What lies in the inbox: every partner file, its month, size, arrival time and sha256.

A file's arrival time is its modification time (when it was copied or saved into the inbox).
Symbolic links are not followed: only regular files that really sit in the inbox count.
"""

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from collab.contract import parse_file_name


@dataclass(frozen=True)
class InboxFile:
    """One file in the inbox. `relative` is its path below the inbox, with `/` separators."""

    path: Path
    relative: str
    size: int
    mtime_ns: int
    month: str | None  # the month the file name claims; None when the name breaks the contract

    @property
    def received_at(self) -> datetime:
        return datetime.fromtimestamp(self.mtime_ns / 1e9, tz=UTC).replace(tzinfo=None)

    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def scan_inbox(inbox: Path) -> list[InboxFile]:
    """Every regular file below `inbox`, sorted by arrival time then path (oldest first)."""
    files = []
    for folder, dirnames, filenames in os.walk(inbox, followlinks=False):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(folder) / filename
            stat = path.lstat()
            if not path.is_symlink() and path.is_file():
                relative = path.relative_to(inbox).as_posix()
                name = parse_file_name(filename)
                month = None if name is None else name.period
                files.append(InboxFile(path, relative, stat.st_size, stat.st_mtime_ns, month))
    return sorted(files, key=lambda f: (f.mtime_ns, f.relative))
