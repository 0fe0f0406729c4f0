"""Running the console script from the dashboard and report tests, as a user would."""

import os
import subprocess
import sys
from pathlib import Path

COLLAB = str(Path(sys.executable).with_name("collab"))


def collab(*args) -> str:
    """Run `collab ARGS`; fail the test with its stderr."""
    env = {**os.environ, "DAGSTER_DISABLE_TELEMETRY": "1"}
    env.pop("COLLAB_WORKSPACE", None)
    result = subprocess.run(
        [COLLAB, *map(str, args)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def collab_report(root: Path, audience: str, period: str, formats: str = "csv") -> str:
    """`collab report` for one release; returns what it printed (the release folder)."""
    return collab(
        "report",
        "--workspace",
        root,
        "--audience",
        audience,
        "--period",
        period,
        "--format",
        formats,
    )
