"""Resources: the workspace (config and folders) and its DuckDB warehouse."""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from collab.config import Collaborative
from collab.workspace import Workspace


class CollabWorkspace(dg.ConfigurableResource):
    """The collaborative's workspace directory; its config is validated on first use."""

    root: str

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
