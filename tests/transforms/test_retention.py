"""Retention on real files: what expires, secure delete, the deletion log, resuming a crash."""

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import yaml

from collab import contract
from collab.config import Retention, load_config
from collab.periods import add_months
from collab.workspace import Workspace
from expectations.inbox import scan_inbox
from pipelines.defs.ingest.intake import take_in_by_month
from transforms.retention import (
    LOG_FILE,
    DeletionJournal,
    expired_files,
    planned,
    purge,
    secure_delete,
)
from transforms.schema import create_schema

SECRET = "Jenny 555-867-5309"  # a risk rule flags it: it must never reach a log or the warehouse
NOW = datetime(2026, 11, 20, 9, 30)
RETENTION = Retention(quarantine_months=2, raw_months=3)
# A purge at NOW deletes the old month's files (one example per export) and its quarantined resend.
DELETED = len(contract.EXPORTS) + 1


def build_workspace(root: Path, examples: Path, current: str) -> Path:
    """A workspace taken in as `collab run` would, with retention 2 (quarantine) / 3 (raw).

    The spec's example files for an old month (5 before `current`) and a fresh one (1 before),
    each with a rejected resend carrying SECRET.
    """
    config = yaml.safe_load((examples / "collaborative.yaml").read_text(encoding="utf-8"))
    config["retention"] = {"quarantine_months": 2, "raw_months": 3}
    root.mkdir(parents=True)
    (root / "collaborative.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for month in (add_months(current, -5), add_months(current, -1)):
        for example in sorted(examples.glob("*.csv")):
            text = example.read_text(encoding="utf-8").replace("2026-07", month)
            path = root / "inbox" / month / example.name.replace("2026-07", month)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        services = (root / "inbox" / month / f"OSE_services_{month}.csv").read_text()
        resend = root / "inbox" / "resends" / f"OSE_services_{month}.csv"
        resend.parent.mkdir(exist_ok=True)
        resend.write_text(services.replace("SAFETY_PLANNING", SECRET, 1), encoding="utf-8")
    workspace = Workspace(root)
    workspace.prepare()
    config = load_config(workspace.config_path)
    with duckdb.connect(str(workspace.warehouse)) as con:
        create_schema(con)
        report = take_in_by_month(con, config, workspace.quarantine, scan_inbox(workspace.inbox))
    assert report.quarantined == 2 and report.accepted == 2 * len(contract.EXPORTS)
    return root


@pytest.fixture
def workspace(tmp_path, examples) -> Workspace:
    return Workspace(build_workspace(tmp_path / "ws", examples, "2026-11"))


def run_purge(workspace: Workspace, now: datetime = NOW):
    with duckdb.connect(str(workspace.warehouse)) as con:
        return purge(con, workspace, RETENTION, now)


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def query(workspace: Workspace, sql: str) -> list[tuple]:
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_expired_quarantine_and_raw_files_go_and_fresh_ones_stay(workspace):
    root = workspace.root
    before_quarantine = files(workspace.quarantine)
    report = run_purge(workspace)
    assert {d.kind for d in report.deleted} == {"quarantine", "raw"}
    assert files(root / "inbox") == {f"2026-10/OSE_{e}_2026-10.csv" for e in contract.EXPORTS}
    # The old month's quarantined file and its findings are gone, the fresh month's stay.
    assert len(before_quarantine) == 4
    assert all("2026-10" in p for p in files(workspace.quarantine))
    assert len(files(workspace.quarantine)) == 2
    # Emptied month folders are removed; the inbox and quarantine themselves stay.
    assert not (root / "inbox" / "2026-06").exists()
    assert not (workspace.quarantine / "2026-06").exists()
    assert workspace.inbox.is_dir() and workspace.quarantine.is_dir()


def test_a_month_exactly_n_months_old_is_kept(workspace):
    # Raw retention 3: in 2026-09 the 2026-06 files are 3 months old (kept), in 2026-10 they go.
    kept = expired_files(workspace, RETENTION, datetime(2026, 9, 30))
    assert [d.path for d, _ in kept if d.kind == "raw"] == []
    gone = expired_files(workspace, RETENTION, datetime(2026, 10, 1))
    assert {d.period for d, _ in gone if d.kind == "raw"} == {"2026-06"}


def test_submissions_keep_their_rows_and_gain_purged_at(workspace):
    before = query(workspace, "SELECT count(*) FROM submissions")
    facts = query(workspace, "SELECT count(*) FROM services")
    run_purge(workspace)
    assert query(workspace, "SELECT count(*) FROM submissions") == before
    assert query(workspace, "SELECT count(*) FROM services") == facts
    rows = query(
        workspace, "SELECT period, status, purged_at FROM submissions ORDER BY period, status"
    )
    assert {(p, s, t is not None) for p, s, t in rows} == {
        ("2026-06", "accepted", True),
        ("2026-06", "quarantined", True),
        ("2026-10", "accepted", False),
        ("2026-10", "quarantined", False),
    }
    assert {t for p, _, t in rows if p == "2026-06"} == {NOW}


def test_purge_log_rows_and_jsonl_lines_name_files_never_contents(workspace):
    report = run_purge(workspace)
    logged = query(
        workspace, "SELECT path, kind, period, size_bytes, sha256, reason FROM purge_log"
    )
    assert len(logged) == len(report.deleted) == DELETED
    known = dict(query(workspace, "SELECT quarantine_path, sha256 FROM submissions"))
    (quarantined,) = [row for row in logged if row[1] == "quarantine"]
    assert quarantined[4] == known[quarantined[0]] and quarantined[5] == "quarantine_months=2"
    assert all(row[4] for row in logged)  # every raw file's hash is known from submissions
    assert all(row[3] > 0 and row[2] == "2026-06" for row in logged)
    journal = workspace.root / LOG_FILE
    assert journal.stat().st_mode & 0o777 == 0o600
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [line["state"] for line in lines] == ["deleting"] * DELETED + ["deleted"] * DELETED
    assert {line["path"] for line in lines} == {row[0] for row in logged}
    dump = journal.read_text() + repr(query(workspace, "SELECT * FROM purge_log"))
    assert "867-5309" not in dump and "Jenny" not in dump


def test_a_second_purge_deletes_nothing_more(workspace):
    run_purge(workspace)
    lines = (workspace.root / LOG_FILE).read_text()
    report = run_purge(workspace)
    assert report.deleted == [] and report.finished == []
    assert (workspace.root / LOG_FILE).read_text() == lines
    assert query(workspace, "SELECT count(*) FROM purge_log") == [(DELETED,)]


def test_planned_deletes_nothing(workspace):
    inbox, quarantine = files(workspace.inbox), files(workspace.quarantine)
    warehouse = workspace.warehouse.read_bytes()
    report = planned(workspace, RETENTION, NOW)
    assert len(report.deleted) == DELETED
    assert (files(workspace.inbox), files(workspace.quarantine)) == (inbox, quarantine)
    assert not (workspace.root / LOG_FILE).exists()
    # The warehouse is not even written.
    assert workspace.warehouse.read_bytes() == warehouse
    assert query(workspace, "SELECT count(*) FROM purge_log") == [(0,)]


def test_a_misfiled_quarantined_file_is_judged_by_its_arrival(workspace):
    unsorted = workspace.quarantine / "unsorted"
    unsorted.mkdir()
    old, new = unsorted / "0123456789ab_notes.txt", unsorted / "ba9876543210_notes.txt"
    for path in (old, new):
        path.write_text("misfiled")
        path.with_name(path.name + ".findings.json").write_text("{}")
    os.utime(old, (datetime(2026, 6, 1).timestamp(),) * 2)
    report = run_purge(workspace)
    (misfiled,) = [d for d in report.deleted if d.path.startswith("quarantine/unsorted")]
    assert misfiled.period is None and "arrived 2026-06" in misfiled.reason
    assert sorted(p.name for p in unsorted.iterdir()) == [new.name, new.name + ".findings.json"]


def test_links_are_removed_never_followed(workspace, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("not ours")
    (workspace.inbox / "2026-06" / "OSE_services_2020-01.csv").symlink_to(outside)
    (workspace.inbox / "2026-06-linked").symlink_to(tmp_path, target_is_directory=True)
    os.utime(workspace.inbox / "2026-06-linked", (0, 0), follow_symlinks=False)
    hard = workspace.inbox / "2026-06" / "OSE_referrals_2020-01.csv"
    os.link(outside, hard)
    run_purge(workspace)
    assert outside.read_text() == "not ours"
    assert not (workspace.inbox / "2026-06").exists()
    assert not (workspace.inbox / "2026-06-linked").is_symlink()
    assert tmp_path.is_dir() and (tmp_path / "ws").is_dir()


def test_secure_delete_zeroes_and_truncates_before_unlinking(tmp_path):
    path = tmp_path / "client-list.csv"
    path.write_bytes(SECRET.encode() * 100_000)
    with path.open("rb") as held:  # the inode outlives the name while we hold it
        secure_delete([path])
        assert not path.exists()
        assert os.fstat(held.fileno()).st_size == 0 and held.read() == b""
    assert secure_delete([path]) == {}  # already gone: nothing to do


def test_an_interrupted_purge_is_finished_by_the_next(workspace):
    expired = expired_files(workspace, RETENTION, NOW)
    deletion, paths = next((d, p) for d, p in expired if d.kind == "quarantine")
    journal = DeletionJournal(workspace.root / LOG_FILE)
    journal.append([deletion], "deleting")
    # Killed after zeroing the file: its name is still there, its mtime is new.
    paths[0].write_bytes(b"")
    with journal.path.open("a") as stream:
        stream.write('[1]\n{"path": "inbox"}\n')  # lines that are no entry are skipped
        stream.write('{"purged_at": "2026-11-2')  # and a line cut short by the kill
    report = run_purge(workspace)
    assert [d.path for d in report.finished] == [deletion.path]
    assert deletion.path not in {d.path for d in report.deleted}
    assert not any(p.exists() for p in paths)
    assert query(workspace, "SELECT count(*) FROM purge_log") == [(DELETED,)]
    states = [json.loads(line)["state"] for line in journal.path.read_text().splitlines()[4:]]
    assert states.count("deleted") == DELETED
    assert run_purge(workspace).finished == []


def test_a_journal_entry_outside_the_workspace_folders_is_not_followed(workspace, tmp_path):
    outside = tmp_path / "keep.csv"
    outside.write_text("not ours")
    (deletion, _), *_ = expired_files(workspace, RETENTION, NOW)
    forged = deletion.__class__(**{**deletion.__dict__, "path": "inbox/../../keep.csv"})
    DeletionJournal(workspace.root / LOG_FILE).append([forged], "deleting")
    run_purge(workspace)
    assert outside.read_text() == "not ours"


def test_a_workspace_never_run_gets_a_warehouse_with_the_purge_log(tmp_path, examples):
    root = tmp_path / "empty"
    root.mkdir()
    shutil.copy(examples / "collaborative.yaml", root / "collaborative.yaml")
    workspace = Workspace(root)
    report = run_purge(workspace)
    assert report.deleted == []
    columns = query(
        workspace, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'submissions'"
    )
    assert ("purged_at",) in columns


def test_odd_names_are_logged_escaped_and_fifos_never_opened(workspace):
    odd = os.fsencode(workspace.inbox) + b"/2026-06/notes\n\xff.csv"
    with open(odd, "wb") as stream:
        stream.write(b"left behind")
    os.utime(odd, (datetime(2026, 1, 5).timestamp(),) * 2)
    fifo = workspace.inbox / "2026-10" / "OSE_services_2020-01.csv"
    os.mkfifo(fifo)  # opening it to overwrite would block for ever
    report = run_purge(workspace)
    assert not os.path.exists(odd)
    (logged,) = [d for d in report.deleted if "notes" in d.path]
    assert logged.path == "inbox/2026-06/notes\\n\\xff.csv"
    assert (logged.path,) in query(workspace, "SELECT path FROM purge_log")
    journal = (workspace.root / LOG_FILE).read_text().splitlines()
    assert logged.path in {json.loads(line)["path"] for line in journal}
    assert fifo.exists()
