"""`collab ui`: the Dagster UI and daemon (schedules, sensors, asset checks) on the workspace."""

import os
import sys
from pathlib import Path

from collab.workspace import Workspace


def main(args) -> int:
    """Replace this process by `dagster dev`, so Ctrl-C and SIGTERM reach it directly."""
    workspace = Workspace.resolve(args.workspace)
    workspace.require()
    workspace.prepare()
    os.environ["COLLAB_WORKSPACE"] = str(workspace.root)
    dagster = Path(sys.executable).with_name("dagster")
    command = [
        str(dagster),
        "dev",
        "-m",
        "pipelines.definitions",
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    print(f"Dagster UI for {workspace.root} on http://{args.host}:{args.port}", flush=True)
    os.execv(command[0], command)
    return 0  # not reached: exec replaces the process
