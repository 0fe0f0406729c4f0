"""The workspace lock between real processes: busy message, --wait, release on kill -9."""

import os
import signal
import subprocess
import sys
import time

import pytest

from cli.main import main
from collab.lock import WorkspaceBusy, is_locked, workspace_lock

HOLDER = r"""
import sys, time
from collab.lock import workspace_lock

with workspace_lock(sys.argv[1], "collab report --period 2026-Q3"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(root, seconds: float) -> subprocess.Popen:
    """Another process takes the lock and keeps it `seconds`; returns once it has it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "held\n"
    return holder


@pytest.fixture
def holder(tmp_path):
    process = _hold(tmp_path, 60)
    yield process
    process.kill()
    process.wait()


def test_a_second_holder_is_told_who_holds_the_workspace(tmp_path, holder):
    assert is_locked(tmp_path)
    with pytest.raises(WorkspaceBusy) as busy, workspace_lock(tmp_path, "collab run"):
        pytest.fail("took a lock another process holds")
    message = str(busy.value)
    assert f"another collab run (pid {holder.pid}, started at " in message
    assert message.endswith("holds the workspace; try again later")


def test_waiting_gives_up_after_the_wait(tmp_path, holder):
    started = time.monotonic()
    with pytest.raises(WorkspaceBusy), workspace_lock(tmp_path, "collab run", wait=0.6):
        pass
    assert time.monotonic() - started >= 0.6


def test_waiting_gets_the_lock_when_the_holder_finishes(tmp_path):
    process = _hold(tmp_path, 0.5)
    with workspace_lock(tmp_path, "collab run", wait=30):
        assert process.poll() == 0  # it had to finish for us to get here
    process.wait()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path, holder):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert not is_locked(tmp_path)
    with workspace_lock(tmp_path, "collab run"):
        assert is_locked(tmp_path)
    assert (tmp_path / ".collab.lock").stat().st_mode & 0o777 == 0o600


def test_the_lock_is_reentrant_in_one_process(tmp_path):
    with workspace_lock(tmp_path, "collab run"), workspace_lock(tmp_path, "runner"):
        assert is_locked(tmp_path)
    assert not is_locked(tmp_path)


def test_collab_run_on_a_busy_workspace_exits_1_with_the_message(example_workspace, capsys):
    process = _hold(example_workspace, 60)
    try:
        started = time.monotonic()
        code = main(["run", "--workspace", str(example_workspace), "--wait", "0.4"])
        waited = time.monotonic() - started
    finally:
        process.kill()
        process.wait()
    err = capsys.readouterr().err
    assert code == 1
    assert waited >= 0.4
    assert err.startswith(f"collab run: another collab run (pid {process.pid}, started at ")
    assert not (example_workspace / "warehouse.duckdb").exists()  # nothing was touched
