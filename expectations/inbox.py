"""What lies in the inbox: every partner file, its month, size, arrival time and sha256.

A file's arrival time is its modification time (when it was copied or saved into the inbox).
Symbolic links are not followed: only regular files that really sit in the inbox count; links,
FIFOs and devices are listed apart (`unusual_entries`) and never opened. File names are
whatever a partner's machine produced, so they are shown and stored only in printable form.
"""

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from collab.contract import parse_file_name

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")
MAX_SAFE_NAME = 120


def printable_name(name: str) -> str:
    """`name` with bytes that are not UTF-8 and control characters (newlines) escaped.

    A name from the file system may hold undecodable bytes (kept by Python as surrogates,
    which no UTF-8 store accepts) or a newline that would forge a line in a log.
    """
    if name.isascii() and name.isprintable():  # nearly every name, and nothing to escape
        return name
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def safe_file_name(name: str) -> str:
    """`name` reduced to ASCII letters, digits, `.`, `_` and `-`, short enough for any disk.

    Used for the copies we name ourselves (quarantine), so an odd name can't break out of
    its folder, start like an option, or be too long for the file system.
    """
    safe = SAFE_NAME.sub("_", printable_name(name)).lstrip(".-") or "file"
    return safe[-MAX_SAFE_NAME:]


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
        """The file's sha256, read in chunks: a 2 GB file must not be held in memory to hash."""
        with self.path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()


def _entries(folder: str) -> Iterator[os.DirEntry]:
    """Every entry below `folder` but folders, by name, depth first; links are not followed.

    `os.scandir` says what an entry is from the directory listing itself, so only the files a
    caller asks about cost a `stat` (a national inbox holds hundreds of thousands of files).
    A folder that can't be listed (gone, or no permission) is skipped, as `os.walk` does.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    subfolders = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            subfolders.append(entry.path)
        else:
            yield entry
    for subfolder in subfolders:
        yield from _entries(subfolder)


def _month(name: str) -> str | None:
    parsed = parse_file_name(name)
    return None if parsed is None else parsed.period


def inbox_months(inbox: Path) -> set[str | None]:
    """The months that the names of the inbox's regular files claim (None: no month).

    Names only, nothing opened or stat'ed: what a run needs to choose its months.
    """
    return {
        _month(entry.name) for entry in _entries(str(inbox)) if entry.is_file(follow_symlinks=False)
    }


def scan_inbox(inbox: Path, which: Callable[[str | None], bool] | None = None) -> list[InboxFile]:
    """Every regular file below `inbox`, sorted by arrival time then path (oldest first).

    With `which`, only files whose claimed month it accepts: the others are not stat'ed.
    """
    root = str(inbox)
    files = []
    for entry in _entries(root):
        month = _month(entry.name)
        if which is not None and not which(month):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
        except FileNotFoundError:  # taken away while the inbox was being listed
            continue
        if stat.S_ISREG(status.st_mode):
            relative = printable_name(entry.path[len(root) + 1 :])
            path = Path(entry.path)
            files.append(InboxFile(path, relative, status.st_size, status.st_mtime_ns, month))
    return sorted(files, key=lambda f: (f.mtime_ns, f.relative))


def unusual_entries(inbox: Path) -> list[tuple[str, str]]:
    """(printable path below the inbox, what it is) of every link, FIFO, device or socket.

    The scan skips them without opening them (a FIFO would block a reader forever); this says
    they are there, so an evaluator can remove them.
    """
    root = str(inbox)
    entries = []
    for entry in _entries(root):
        if entry.is_file(follow_symlinks=False):
            continue
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            kind = "symbolic link" if stat.S_ISLNK(mode) else _kind(mode)
            entries.append((printable_name(entry.path[len(root) + 1 :]), kind))
    return entries


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
