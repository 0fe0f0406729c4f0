"""The workspace lock: one writing command at a time (`collab run`, `report`, `purge`).

DuckDB takes one writer per file and the ledger must see releases in order, so commands that
write take `<workspace>/.collab.lock` with `flock`. The kernel releases it when the holder's
process ends, however it ends (kill -9 too), so a stale lock never needs cleaning up. The file
holds who has it (pid, host, command, started_at) for the message the next command prints.
The lock is reentrant within a process: `collab run` takes it, and the runner it calls takes
it again without blocking itself.
"""

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_FILE = ".collab.lock"
POLL_SECONDS = 0.2

_held: dict[Path, int] = {}  # lock path -> nesting depth, in this process


class WorkspaceBusy(Exception):
    """Another process holds the workspace; the message says which and since when."""


def _holder(path: Path) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        return f" (pid {holder['pid']}, started at {holder['started_at']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""  # the holder is still writing its details, or they are unreadable


def _acquire(handle, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WorkspaceBusy(
                    f"another collab run{_holder(path)} holds the workspace; try again later"
                ) from None
            time.sleep(POLL_SECONDS)


@contextmanager
def workspace_lock(root: Path, command: str, wait: float = 0) -> Iterator[None]:
    """Hold the workspace for `command`; wait up to `wait` seconds, else raise WorkspaceBusy."""
    path = Path(root) / LOCK_FILE
    if _held.get(path):
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    # Opened without truncating: the holder's details must survive until we have the lock.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        _acquire(handle, path, wait)
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        handle.truncate(0)
        handle.write(json.dumps(holder))
        handle.flush()
        _held[path] = 1
        try:
            yield
        finally:
            _held.pop(path, None)
            # Closing the file releases the flock.


def is_locked(root: Path) -> bool:
    """Whether some process holds the workspace now (a probe: takes and drops a shared lock)."""
    path = Path(root) / LOCK_FILE
    if _held.get(path):
        return True
    try:
        with open(path, encoding="utf-8") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False
    except FileNotFoundError:
        return False
