"""`collab purge` on a real workspace: what it prints, deletes and logs; usage errors exit 2."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from cli.main import main
from collab import contract
from collab.lock import LOCK_FILE
from collab.periods import add_months
from tests.transforms.test_retention import build_workspace

CURRENT = f"{datetime.now(UTC):%Y-%m}"
OLD, FRESH = add_months(CURRENT, -5), add_months(CURRENT, -1)
RAW = len(contract.EXPORTS)  # the old month's example files, one per export


@pytest.fixture
def root(tmp_path, examples) -> Path:
    """Old month past both retentions (2 and 3 months), fresh month within them, as of today."""
    return build_workspace(tmp_path / "ws", examples, CURRENT)


def everything(root: Path) -> dict[str, bytes]:
    """Every file's bytes but the warehouse's and the lock's (who holds it, since when)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in ("warehouse.duckdb", LOCK_FILE)
    }


def test_purge_prints_counts_and_paths_and_deletes_expired_files(root, capsys):
    assert main(["purge", "--workspace", str(root)]) == 0
    out = capsys.readouterr().out
    assert "deleted 1 quarantined files" in out and f"deleted {RAW} raw files" in out
    assert f"  inbox/{OLD}/OSE_services_{OLD}.csv" in out
    assert f"quarantine/{OLD}/" in out and f"{FRESH}/" not in out
    assert not (root / "inbox" / OLD).exists() and not (root / "quarantine" / OLD).exists()
    assert len(list((root / "inbox" / FRESH).iterdir())) == RAW
    assert len(list((root / "quarantine" / FRESH).iterdir())) == 2
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        runs = con.execute("SELECT command, status, finished_at IS NOT NULL FROM runs").fetchall()
    assert runs == [("collab purge", "ok", True)]  # who purged when: the audit trail


def test_no_content_of_a_flagged_file_reaches_output_logs_or_warehouse(root, capsys):
    assert main(["purge", "--workspace", str(root)]) == 0
    printed = "".join(capsys.readouterr())
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        logged = repr(con.execute("SELECT * FROM purge_log").fetchall())
        logged += repr(con.execute("SELECT * FROM submissions").fetchall())
    journal = (root / "purge-log.jsonl").read_text()
    for text in (printed, logged, journal):
        assert "867-5309" not in text and "Jenny" not in text
    assert {json.loads(line)["kind"] for line in journal.splitlines()} == {"quarantine", "raw"}


def test_dry_run_lists_and_deletes_nothing(root, capsys):
    before = everything(root)
    assert main(["purge", "--workspace", str(root), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would delete 1 quarantined files" in out and f"would delete {RAW} raw files" in out
    assert everything(root) == before


def test_a_second_purge_deletes_nothing_more(root, capsys):
    assert main(["purge", "--workspace", str(root)]) == 0
    capsys.readouterr()
    before = everything(root)
    assert main(["purge", "--workspace", str(root)]) == 0
    out = capsys.readouterr().out
    assert "deleted 0 quarantined files (0 bytes)" in out and "deleted 0 raw files" in out
    assert everything(root) == before


def test_usage_errors_exit_2_with_a_message(tmp_path, root, capsys):
    assert main(["purge", "--workspace", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err
    config = root / "collaborative.yaml"
    config.write_text(config.read_text().replace("raw_months", "raw_month"))
    assert main(["purge", "--workspace", str(root)]) == 2
    assert (
        "retention.raw_month: unknown key (did you mean 'raw_months'?)" in capsys.readouterr().err
    )


def test_a_busy_workspace_is_left_alone(root, capsys):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from collab.lock import workspace_lock\n"
            f"with workspace_lock({str(root)!r}, 'collab run'):\n"
            "    print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        before = everything(root)
        started = time.monotonic()
        assert main(["purge", "--workspace", str(root)]) == 1
        assert time.monotonic() - started < 5
        err = capsys.readouterr().err
        assert "nothing was deleted" in err and "holds the workspace" in err
        assert everything(root) == before
    finally:
        holder.kill()
        holder.wait()


def test_a_file_that_cannot_be_deleted_is_named_and_the_rest_still_go(root, capsys):
    # A journal entry left by an interrupted purge whose path is now a folder.
    entry = {
        "purged_at": "2026-01-01T00:00:00",
        "path": f"inbox/{FRESH}",
        "kind": "raw",
        "period": FRESH,
        "size_bytes": 0,
        "sha256": None,
        "reason": "raw_months=3",
        "state": "deleting",
    }
    (root / "purge-log.jsonl").write_text(json.dumps(entry) + "\n")
    assert main(["purge", "--workspace", str(root)]) == 1
    captured = capsys.readouterr()
    assert f"collab purge: inbox/{FRESH}: could not delete (Is a directory)" in captured.err
    assert f"deleted {RAW} raw files" in captured.out and not (root / "inbox" / OLD).exists()
    assert len(list((root / "inbox" / FRESH).iterdir())) == RAW
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        runs = con.execute("SELECT status, message FROM runs").fetchall()
    assert runs == [("failed", "1 files could not be deleted")]


KILL_AT = {
    # step patched in transforms.retention → kill -9 on its nth call
    "overwrite": ("_overwrite_with_zeros", 4),
    "unlink": ("_truncate_and_unlink", 3),
    "record": ("_record", 1),
    "mark_done": ("DeletionJournal.append", 2),
}
KILLER = """
import os, signal, sys
import transforms.retention as retention
from collab import contract
from cli.main import main
owner, _, name = sys.argv[1].rpartition(".")
target = getattr(retention, owner) if owner else retention
original, calls = getattr(target, name), []
def killing(*args):
    calls.append(1)
    if len(calls) == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args)
setattr(target, name, killing)
main(["purge", "--workspace", sys.argv[3]])
"""


def outcome(root: Path) -> tuple:
    """What a purge leaves: files, the deletions logged, the submissions marked purged."""
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        logged = con.execute(
            "SELECT path, kind, period, size_bytes, sha256, reason FROM purge_log ORDER BY path"
        ).fetchall()
        marked = con.execute(
            "SELECT sha256 FROM submissions WHERE purged_at IS NOT NULL ORDER BY sha256"
        ).fetchall()
    files = sorted(
        p.relative_to(root).as_posix()
        for folder in ("inbox", "quarantine")
        for p in (root / folder).rglob("*")
    )
    return files, logged, marked


@pytest.mark.parametrize("step", KILL_AT)
def test_a_purge_killed_at_any_step_is_finished_by_the_next(root, tmp_path, step, capsys):
    misfiled = root / "quarantine" / "unsorted" / "0123456789ab_notes.txt"
    misfiled.parent.mkdir()
    misfiled.write_text("judged by its arrival, which overwriting changes")
    os.utime(misfiled, (0, 0))
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, symlinks=True)
    assert main(["purge", "--workspace", str(clean)]) == 0
    name, nth = KILL_AT[step]
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, name, str(nth), str(root)], capture_output=True
    )
    assert killed.returncode == -signal.SIGKILL
    assert main(["purge", "--workspace", str(root)]) == 0
    assert outcome(root) == outcome(clean)
    assert not misfiled.exists()
    journal = [json.loads(line) for line in (root / "purge-log.jsonl").read_text().splitlines()]
    assert sum(e["state"] == "deleted" for e in journal) == len(outcome(root)[1]) == 2 + RAW
