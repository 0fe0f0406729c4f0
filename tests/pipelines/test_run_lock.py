"""Runs launched by Dagster (schedules, sensors, the UI) hold the workspace lock too."""

import subprocess
import sys

import dagster as dg
from dagster_duckdb import DuckDBResource

from collab.lock import is_locked, workspace_lock
from collab.workspace import Workspace
from pipelines.defs.warehouse.assets import dimensions
from pipelines.defs.warehouse.resources import CollabWorkspace

HOLDER = r"""
import sys, time
from collab.lock import workspace_lock

with workspace_lock(sys.argv[1], "collab run"):
    print("held", flush=True)
    time.sleep(60)
"""


def _resources(root, wait: float) -> dict:
    return {
        "collab": CollabWorkspace(root=str(root), lock_wait_seconds=wait),
        "warehouse": DuckDBResource(database=str(Workspace(root).warehouse)),
    }


def test_a_dagster_run_waits_for_a_collab_command_then_runs(example_workspace):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(example_workspace)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "held\n"
        busy = dg.materialize(
            [dimensions], resources=_resources(example_workspace, 0.3), raise_on_error=False
        )
        assert not busy.success
        errors = [
            str(e.event_specific_data.error)
            for e in busy.all_events
            if e.event_type_value == "RESOURCE_INIT_FAILURE"
        ]
        assert any("holds the workspace" in m for m in errors), errors
        assert not Workspace(example_workspace).warehouse.exists()  # nothing was written
    finally:
        holder.kill()
        holder.wait()
    done = dg.materialize([dimensions], resources=_resources(example_workspace, 0.3))
    assert done.success and not is_locked(example_workspace)
    # In a process that holds the lock already (`collab run`), the run re-enters it.
    with workspace_lock(example_workspace, "collab run"):
        assert dg.materialize([dimensions], resources=_resources(example_workspace, 0)).success
