"""Helpers to materialize the pipeline on a workspace with Dagster's own test APIs."""

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from collab import contract
from collab.workspace import Workspace
from pipelines.defs.ingest.assets import misfiled_submissions, monthly_intake
from pipelines.defs.warehouse.assets import dimensions
from pipelines.defs.warehouse.resources import build_resources

TABLES = ("submissions", "findings", *contract.EXPORTS)


def materialize_months(root: Path, months: list[str]) -> list[dg.ExecuteInProcessResult]:
    """Dimensions and triage, then the intake for each month, as `collab run` would."""
    workspace = Workspace(root)
    workspace.prepare()
    resources = build_resources(workspace)
    with dg.DagsterInstance.ephemeral() as instance:
        results = [
            dg.materialize(
                [dimensions, misfiled_submissions], resources=resources, instance=instance
            )
        ]
        for month in months:
            results.append(
                dg.materialize(
                    [monthly_intake],
                    partition_key=month,
                    resources=resources,
                    instance=instance,
                    selection=[monthly_intake],
                )
            )
    assert all(r.success for r in results)
    return results


def snapshot(root: Path) -> dict[str, list[tuple]]:
    """Every row of every warehouse table, sorted: equal snapshots mean nothing changed."""
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


@pytest.fixture
def query():
    def run(root: Path, sql: str, params=None) -> list[tuple]:
        with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    return run
