"""Retention: find raw and quarantined files past the config's retention, delete them, log it.

A file is judged by the month it reports on (from its contract name): it is expired when that
month is more than N whole months before the current month (`retention.raw_months` for the
inbox, `retention.quarantine_months` for quarantine). A file whose name breaks the contract is
judged by its arrival month (modification time) instead.

Every deletion is written to `purge-log.jsonl` as "deleting" before the file is touched and as
"deleted" after the warehouse has recorded it, so a purge killed half-way is finished by the
next one. The log holds names (in printable form), sizes and hashes, never a file's contents.
The warehouse keeps its facts and ledger; `submissions` rows stay as the audit of what arrived
and gain `purged_at`.
"""

import hashlib
import json
import os
import re
import stat
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from collab.config import Retention
from collab.contract import parse_file_name
from collab.periods import month_index
from collab.workspace import Workspace
from expectations.inbox import printable_name
from transforms.audit_trail import finish_run, start_run
from transforms.schema import create_schema

LOG_FILE = "purge-log.jsonl"
FINDINGS_SUFFIX = ".findings.json"
# Quarantined files are named `<first 12 hex of sha256>_<name as received>`.
QUARANTINE_PREFIX = re.compile(r"^[0-9a-f]{12}_")
CHUNK = 1 << 20
BATCH = 500  # files per warehouse transaction: one crash loses at most this many "deleted" marks

DELETION_SCHEMA = {
    "purged_at": pl.String,
    "path": pl.String,
    "kind": pl.String,
    "period": pl.String,
    "size_bytes": pl.Int64,
    "sha256": pl.String,
    "reason": pl.String,
}


@dataclass(frozen=True)
class Deletion:
    """One file past retention: what the logs say about it (never its contents)."""

    purged_at: str  # ISO time of the purge, UTC
    path: str  # relative to the workspace, `/` separators
    kind: str
    period: str | None
    size_bytes: int
    sha256: str | None
    reason: str


@dataclass
class PurgeReport:
    """What a purge deleted (or would delete), what it finished for an earlier one, what failed."""

    deleted: list[Deletion]
    finished: list[Deletion]
    failed: list[tuple[str, str]]  # (path, why)


def months_between(earlier: str, later: str) -> int:
    """Whole months from `earlier` to `later` (`2026-07` → `2026-10` is 3)."""
    return month_index(later) - month_index(earlier)


def _contract_name(path: Path, kind: str):
    name = path.name
    if kind == "quarantine":
        name = QUARANTINE_PREFIX.sub("", name.removesuffix(FINDINGS_SUFFIX), count=1)
    return parse_file_name(name)


def _candidates(folder: Path) -> dict[Path, os.stat_result]:
    """Regular files and symbolic links below `folder` (links to folders are not entered)."""
    found = {}
    for parent, dirnames, filenames in os.walk(folder, followlinks=False):
        links = [d for d in dirnames if (Path(parent) / d).is_symlink()]
        for name in filenames + links:
            path = Path(parent) / name
            try:
                info = path.lstat()
            except FileNotFoundError:  # taken away while we were listing
                continue
            if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode):
                found[path] = info
    return found


def _workspace_files(workspace: Workspace):
    """(kind, path, lstat, contract name or None, paths deleted together) of every file.

    A quarantined file's findings go with it (and are not listed on their own).
    """
    for kind, folder in (("quarantine", workspace.quarantine), ("raw", workspace.inbox)):
        paths = _candidates(folder) if folder.is_dir() else {}
        for path, info in sorted(paths.items()):
            if kind == "quarantine" and path.name.endswith(FINDINGS_SUFFIX):
                if path.with_name(path.name.removesuffix(FINDINGS_SUFFIX)) in paths:
                    continue  # deleted with its file
            findings = path.with_name(path.name + FINDINGS_SUFFIX)
            together = (path, findings) if kind == "quarantine" and findings in paths else (path,)
            yield kind, path, info, _contract_name(path, kind), together


def _deletion(workspace, now, kind, path, info, period, reason) -> Deletion:
    size = info.st_size if stat.S_ISREG(info.st_mode) else 0
    relative = printable_name(path.relative_to(workspace.root).as_posix())
    return Deletion(now.isoformat(), relative, kind, period, size, None, reason)


def expired_files(
    workspace: Workspace, retention: Retention, now: datetime
) -> list[tuple[Deletion, tuple[Path, ...]]]:
    """Each expired file with the paths to delete for it (a quarantined file and its findings).

    `size_bytes` is the file's own (0 for a link); sha256 is filled in later from submissions.
    """
    current = f"{now.year:04d}-{now.month:02d}"
    keep = {"quarantine": retention.quarantine_months, "raw": retention.raw_months}
    expired = []
    for kind, path, info, name, together in _workspace_files(workspace):
        period = name.period if name else None
        reason = f"{kind}_months={keep[kind]}"
        judged = period
        if period is None:
            judged = datetime.fromtimestamp(info.st_mtime, UTC).strftime("%Y-%m")
            reason += f" (name breaks the contract; arrived {judged})"
        if months_between(judged, current) <= keep[kind]:
            continue
        expired.append((_deletion(workspace, now, kind, path, info, period, reason), together))
    return expired


def withdrawn_files(
    workspace: Workspace, partner_id: str, months: list[str] | None, now: datetime
) -> list[tuple[Deletion, tuple[Path, ...]]]:
    """The inbox and quarantine files of a partner's withdrawn months (all, with None)."""
    chosen = []
    for kind, path, info, name, together in _workspace_files(workspace):
        if name is None or name.partner_id != partner_id:
            continue
        if months is not None and name.period not in months:
            continue
        deletion = _deletion(workspace, now, kind, path, info, name.period, "withdrawn")
        chosen.append((deletion, together))
    return chosen


def _sole_regular_file(path: Path) -> os.stat_result | None:
    """Its status if `path` is a regular file with no other hard link (safe to overwrite)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    return info if stat.S_ISREG(info.st_mode) and info.st_nlink == 1 else None


def _overwrite_with_zeros(path: Path) -> None:
    info = _sole_regular_file(path)
    if info is None:
        return
    os.chmod(path, 0o600, follow_symlinks=False)
    handle = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        opened = os.fstat(handle)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            return  # replaced since we looked: not the file we judged
        zeros = bytes(CHUNK)
        for offset in range(0, opened.st_size, CHUNK):
            os.write(handle, zeros[: min(CHUNK, opened.st_size - offset)])
    finally:
        os.close(handle)


def _truncate_and_unlink(path: Path) -> None:
    if _sole_regular_file(path) is not None:
        os.close(os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_TRUNC))
    path.unlink(missing_ok=True)


def secure_delete(paths: list[Path]) -> dict[Path, str]:
    """Overwrite each file's bytes with zeros, flush them to disk, truncate, then unlink.

    As far as the filesystem allows: copy-on-write and journaling filesystems (btrfs, ZFS, ext4
    with data journaling), snapshots, backups and SSD wear levelling may keep the old blocks.
    One `sync` flushes the whole batch before any file is truncated, so the zeros reach the disk
    before the blocks are freed (an fsync per file made a 40 x 24 purge 3-5x slower). A
    symbolic link is removed itself, never followed; a file with other hard links is only
    unlinked, since overwriting it would destroy the other names' contents too. A missing file
    is already gone.

    Returns why each file that could not be deleted was not; the others are gone.
    """
    failed: dict[Path, str] = {}
    for step in (_overwrite_with_zeros, _truncate_and_unlink):
        for path in paths:
            if path in failed:
                continue
            try:
                step(path)
            except OSError as exc:
                failed[path] = exc.strerror or type(exc).__name__
        if step is _overwrite_with_zeros:
            os.sync()
    return failed


def sha256_of(path: Path) -> str | None:
    """The file's sha256, read in chunks; None for a link or a missing file."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    digest = hashlib.sha256()
    with os.fdopen(handle, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class DeletionJournal:
    """`purge-log.jsonl`: append-only, owner-only; a "deleting" line before, "deleted" after."""

    def __init__(self, path: Path):
        self.path = path

    def entries(self) -> list[dict]:
        """Every complete entry.

        A line cut short by a crash was written before its file was touched: skipping it loses
        nothing.
        """
        if not self.path.is_file():
            return []
        fields = {*Deletion.__dataclass_fields__, "state"}
        entries = []
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and entry.keys() == fields:
                entries.append(entry)
        return entries

    def unfinished(self) -> list[Deletion]:
        """Deletions an earlier purge started but did not record as done."""
        states = {(e["path"], e["purged_at"]): e for e in self.entries()}
        return [
            Deletion(**{k: v for k, v in entry.items() if k != "state"})
            for entry in states.values()
            if entry["state"] == "deleting"
        ]

    def append(self, deletions: list[Deletion], state: str) -> None:
        lines = "".join(json.dumps({**asdict(d), "state": state}) + "\n" for d in deletions)
        handle = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            os.fchmod(handle, 0o600)
            size = os.fstat(handle).st_size
            if size and os.pread(handle, 1, size - 1) != b"\n":
                lines = "\n" + lines  # end a line a crash cut short, so ours stays parseable
            os.write(handle, lines.encode("utf-8"))
            os.fsync(handle)
        finally:
            os.close(handle)


def _with_known_hashes(
    con: duckdb.DuckDBPyConnection, expired: list[tuple[Deletion, tuple[Path, ...]]]
) -> list[tuple[Deletion, tuple[Path, ...]]]:
    """Fill in sha256 from submissions: by quarantine path, or by inbox path and the file's hash."""
    quarantined = dict(
        con.execute(
            "SELECT quarantine_path, sha256 FROM submissions WHERE quarantine_path IS NOT NULL"
        ).fetchall()
    )
    raw: dict[str, set[str]] = {}
    for inbox_path, sha256 in con.execute(
        "SELECT inbox_path, sha256 FROM submissions WHERE status <> 'quarantined'"
    ).fetchall():
        raw.setdefault(f"inbox/{inbox_path}", set()).add(sha256)
    known = []
    for deletion, paths in expired:
        if deletion.kind == "quarantine":
            sha256 = quarantined.get(deletion.path)
        else:
            actual = sha256_of(paths[0]) if deletion.path in raw else None
            sha256 = actual if actual in raw.get(deletion.path, ()) else None
        known.append((replace(deletion, sha256=sha256), paths))
    return known


def _record(con: duckdb.DuckDBPyConnection, deletions: list[Deletion]) -> None:
    """In one transaction: a `purge_log` row per deletion (once), `purged_at` on its submission."""
    if not deletions:
        return
    frame = pl.DataFrame([asdict(d) for d in deletions], schema=DELETION_SCHEMA)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("deleted_files", frame.to_arrow())
        con.execute(
            "CREATE OR REPLACE TEMP TABLE purged AS SELECT purged_at::TIMESTAMP AS purged_at, "
            "path, kind, period, size_bytes, sha256, reason FROM deleted_files"
        )
        con.unregister("deleted_files")
        con.execute(
            "INSERT INTO purge_log SELECT * FROM purged p WHERE NOT EXISTS (SELECT 1 FROM "
            "purge_log l WHERE l.path = p.path AND l.purged_at = p.purged_at)"
        )
        con.execute(
            """
            UPDATE submissions s SET purged_at = p.purged_at FROM purged p
            WHERE s.purged_at IS NULL AND s.sha256 = p.sha256 AND (
                (p.kind = 'quarantine' AND s.quarantine_path = p.path)
                OR (p.kind = 'raw' AND s.status <> 'quarantined'
                    AND 'inbox/' || s.inbox_path = p.path))
            """
        )
        con.execute("DROP TABLE purged")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _remove_empty_folders(paths: list[Path], roots: tuple[Path, ...]) -> None:
    """Remove the folders that deleting `paths` left empty, up to (not including) the roots."""
    folders = {p.parent for p in paths}
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder not in roots and any(folder.is_relative_to(r) for r in roots):
            try:
                folder.rmdir()
            except OSError:
                break  # not empty, or already gone
            folder = folder.parent


def _delete(
    con: duckdb.DuckDBPyConnection,
    journal: DeletionJournal,
    batch: list[tuple[Deletion, tuple[Path, ...]]],
    report: PurgeReport,
    resumed: bool,
) -> list[Deletion]:
    if not resumed:  # a resumed deletion has its "deleting" line already
        journal.append([d for d, _ in batch], "deleting")
    failed = secure_delete([path for _, paths in batch for path in paths])
    done = []
    for deletion, paths in batch:
        why = [failed[p] for p in paths if p in failed]
        if why:
            report.failed.append((deletion.path, why[0]))
        else:
            done.append(deletion)
    _record(con, done)
    journal.append(done, "deleted")
    return done


def _paths_of(workspace: Workspace, deletion: Deletion) -> tuple[Path, ...]:
    """The files of a journal entry, if they lie in the inbox or quarantine.

    No `..` and no linked folder on the way: either could lead outside the workspace.
    """
    path = workspace.root / deletion.path
    root = workspace.inbox if deletion.kind == "raw" else workspace.quarantine
    parents = path.relative_to(workspace.root).parents
    if ".." in Path(deletion.path).parts or not path.is_relative_to(root):
        return ()
    if any((workspace.root / p).is_symlink() for p in parents if p != Path(".")):
        return ()
    if deletion.kind == "quarantine" and not path.name.endswith(FINDINGS_SUFFIX):
        return (path, path.with_name(path.name + FINDINGS_SUFFIX))
    return (path,)


def planned(workspace: Workspace, retention: Retention, now: datetime) -> PurgeReport:
    """What `purge` would do now, without touching a file or the warehouse (`--dry-run`)."""
    expired = expired_files(workspace, retention, now.replace(microsecond=0))
    unfinished = DeletionJournal(workspace.root / LOG_FILE).unfinished()
    return PurgeReport(deleted=[d for d, _ in expired], finished=unfinished, failed=[])


def delete_files(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    chosen: list[tuple[Deletion, tuple[Path, ...]]],
    report: PurgeReport,
    resumed: bool = False,
) -> list[Deletion]:
    """Securely delete files, journalled and logged in batches; what went is returned."""
    journal = DeletionJournal(workspace.root / LOG_FILE)
    create_schema(con)
    if not resumed:
        chosen = _with_known_hashes(con, chosen)
    done = []
    for start in range(0, len(chosen), BATCH):
        done += _delete(con, journal, chosen[start : start + BATCH], report, resumed)
    _remove_empty_folders(
        [workspace.root / d.path for d in done], (workspace.inbox, workspace.quarantine)
    )
    return done


def purge(
    con: duckdb.DuckDBPyConnection, workspace: Workspace, retention: Retention, now: datetime
) -> PurgeReport:
    """Finish deletions an earlier purge left half-done, then delete every expired file.

    `now` is naive UTC. A file that cannot be deleted is reported in `failed`; the others
    still go.
    """
    report = PurgeReport(deleted=[], finished=[], failed=[])
    now = now.replace(microsecond=0)
    unfinished = DeletionJournal(workspace.root / LOG_FILE).unfinished()
    pending = [(d, _paths_of(workspace, d)) for d in unfinished]
    report.finished += delete_files(con, workspace, pending, report, resumed=True)
    # An expired file already in the journal is finished under its first entry, not logged twice.
    started = {d.path for d in unfinished}
    expired = [d for d in expired_files(workspace, retention, now) if d[0].path not in started]
    report.deleted += delete_files(con, workspace, expired, report)
    return report


def purge_as_run(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    retention: Retention,
    now: datetime,
    command: str,
    dagster_runs: tuple[str, ...] = (),
) -> PurgeReport:
    """`purge`, recorded in the audit trail's `runs` as `command`: who, when and the outcome.

    Call it holding the workspace lock, like any run.
    """
    run_id = start_run(con, command)
    try:
        report = purge(con, workspace, retention, now)
    except BaseException as exc:
        finish_run(con, run_id, "failed", type(exc).__name__, dagster_runs)
        raise
    failed = f"{len(report.failed)} files could not be deleted" if report.failed else None
    finish_run(con, run_id, "failed" if failed else "ok", failed, dagster_runs)
    return report
