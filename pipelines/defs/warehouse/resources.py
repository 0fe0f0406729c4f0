"""Resources: the workspace (config and folders) and its DuckDB warehouse."""

from contextlib import ExitStack
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from collab.config import Collaborative
from collab.lock import workspace_lock
from collab.workspace import Workspace

# A run started by a schedule or sensor waits this long for a `collab` command to finish.
LOCK_WAIT_SECONDS = 600


class CollabWorkspace(dg.ConfigurableResource):
    """The collaborative's workspace directory; its config is validated on first use.

    A run holds the workspace lock from start to end, like `collab run`: runs launched by the
    UI's schedules and sensors wait for a `collab` command (and it for them) instead of
    writing beside it. In the process that already holds the lock (`collab run`) it is
    re-entered; a sensor's evaluation (no run) does not take it.
    """

    root: str
    lock_wait_seconds: float = LOCK_WAIT_SECONDS
    _held: ExitStack = PrivateAttr(default_factory=ExitStack)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        if context.run_id is not None:
            self._held.enter_context(
                workspace_lock(
                    Path(self.root), f"dagster run {context.run_id}", wait=self.lock_wait_seconds
                )
            )

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._held.close()

    @property
    def workspace(self) -> Workspace:
        return Workspace(Path(self.root))

    def config(self) -> Collaborative:
        return self.workspace.require()


def build_resources(workspace: Workspace) -> dict:
    """Resources bound to one workspace."""
    return {
        "collab": CollabWorkspace(root=str(workspace.root)),
        "warehouse": DuckDBResource(database=str(workspace.warehouse)),
    }
