"""The workspace layout of `../shared/spec/workspace-and-cli.md`, and where it is found.

A workspace is the collaborative's working directory: `collaborative.yaml`, `inbox/`,
`quarantine/`, `warehouse.duckdb`, `reports/`, `dashboards/`, `quality/` and `.dagster/`
(DAGSTER_HOME). `reports/` and `dashboards/` hold only what may be handed on; what is internal
to the evaluators (the data-quality report) lives in the owner-only `quality/`.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from collab.config import Collaborative, load_config

CONFIG_FILE = "collaborative.yaml"
ENV_VAR = "COLLAB_WORKSPACE"
# Where spec v1 put the data-quality report, relative to the workspace.
OLD_QUALITY = Path("reports") / "data-quality"

# Telemetry off and local storage inside the workspace: survivors' data never leaves the machine.
# One run at a time: the embedded DuckDB warehouse takes one writer; queued runs go in order.
DAGSTER_YAML = """\
telemetry:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 1
"""


class WorkspaceError(Exception):
    """The workspace is missing or unusable; the message says which path and why."""


@dataclass(frozen=True)
class Workspace:
    """Paths of one collaborative's workspace."""

    root: Path

    @classmethod
    def resolve(cls, path: str | os.PathLike | None = None) -> "Workspace":
        """`--workspace DIR`, else `$COLLAB_WORKSPACE`, else the current directory."""
        chosen = path or os.environ.get(ENV_VAR) or os.getcwd()
        return cls(Path(chosen).expanduser().resolve())

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def dashboards(self) -> Path:
        return self.root / "dashboards"

    @property
    def quality(self) -> Path:
        """The evaluators' internal data-quality report (owner-only), never under reports/."""
        return self.root / "quality"

    @property
    def dagster_home(self) -> Path:
        return self.root / ".dagster"

    def require(self) -> Collaborative:
        """Check this is a workspace and return its validated config.

        Raises WorkspaceError (no workspace) or ConfigError (bad config), each with a message
        naming the path or key.
        """
        if not self.root.is_dir():
            raise WorkspaceError(f"{self.root}: workspace directory does not exist")
        if not self.config_path.is_file():
            raise WorkspaceError(
                f"{self.root}: not a workspace ({CONFIG_FILE} is missing); "
                "pass --workspace DIR or set COLLAB_WORKSPACE, or make one with `collab synth`"
            )
        return load_config(self.config_path)

    def prepare(self) -> None:
        """Create the workspace folders and the local Dagster instance; set DAGSTER_HOME."""
        for folder in (self.inbox, self.quarantine, self.reports, self.dashboards, self.quality):
            folder.mkdir(parents=True, exist_ok=True)
        self.quarantine.chmod(0o700)
        self.quality.chmod(0o700)
        self.dagster_home.mkdir(parents=True, exist_ok=True)
        dagster_yaml = self.dagster_home / "dagster.yaml"
        if not dagster_yaml.exists():
            dagster_yaml.write_text(DAGSTER_YAML, encoding="utf-8")
        os.environ["DAGSTER_HOME"] = str(self.dagster_home)
        os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")

    def move_old_quality_report(self) -> None:
        """Move a data-quality report that spec v1 wrote under reports/ into quality/.

        Moved rather than deleted, so evaluators find their last report in its new place even
        if the run that follows fails. One rename per file, a file already in quality/ being
        the newer one: cut short, the next call finishes the move. Call with the workspace
        lock held.
        """
        old = self.root / OLD_QUALITY
        if not old.is_dir():
            return
        self.quality.mkdir(parents=True, exist_ok=True)
        self.quality.chmod(0o700)
        for path in sorted(old.iterdir()):
            target = self.quality / path.name
            if path.is_symlink() or target.exists():
                # A link was never part of the report; a file already in quality/ is newer.
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            else:
                os.replace(path, target)
                target.chmod(0o700 if target.is_dir() else 0o600)
        old.rmdir()
