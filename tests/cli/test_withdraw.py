"""`collab withdraw` on the command line: usage errors, and a kill half-way finished by a rerun."""

import subprocess
import sys

import duckdb

from cli.main import main
from collab.workspace import Workspace
from pipelines.runner import run_pipeline

KILLED_AFTER_COMMIT = r"""
import os, signal, sys
import transforms.retention
from cli.main import main

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

transforms.retention.delete_files = die
import cli.commands.withdraw as command
command.delete_files = die
sys.exit(main(sys.argv[1:]))
"""


def _count(root, sql) -> int:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def test_usage_errors_change_nothing(example_workspace, capsys):
    run_pipeline(Workspace(example_workspace))
    base = ["withdraw", "--workspace", str(example_workspace)]
    assert main([*base, "--partner", "OSE", "--period", "2026-07"]) == 2
    assert "--reason" in capsys.readouterr().err
    assert main([*base, "--partner", "NOBODY", "--reason", "x"]) == 2
    assert "NOBODY" in capsys.readouterr().err
    assert main([*base, "--partner", "OSE", "--period", "2026-13", "--reason", "x"]) == 2
    assert _count(example_workspace, "SELECT count(*) FROM withdrawals") == 0


def test_a_withdrawal_killed_before_its_files_go_is_finished_by_a_rerun(example_workspace):
    run_pipeline(Workspace(example_workspace))
    inbox = example_workspace / "inbox" / "2026-07"
    partner = sorted(inbox.iterdir())[0].name.split("_")[0]
    args = ["withdraw", "--workspace", str(example_workspace), "--partner", partner]
    args += ["--period", "2026-07", "--reason", "consent withdrawn"]
    killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_COMMIT, *args], check=False)
    assert killed.returncode == -9
    # The warehouse side committed as a whole; the files are still there.
    assert _count(example_workspace, "SELECT count(*) FROM withdrawals") == 1
    assert (
        _count(example_workspace, f"SELECT count(*) FROM services WHERE partner_id = '{partner}'")
        == 0
    )
    assert list(inbox.glob(f"{partner}_*"))
    assert main(args) == 0
    assert not list(inbox.glob(f"{partner}_*"))
    assert _count(example_workspace, "SELECT count(*) FROM withdrawals") == 1
    assert (
        _count(example_workspace, "SELECT count(*) FROM purge_log WHERE reason = 'withdrawn'") > 0
    )
