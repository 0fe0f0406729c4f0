"""Dimension tables, rebuilt from `collaborative.yaml` on every run."""

from datetime import date

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.warehouse.resources import CollabWorkspace
from transforms.schema import create_schema
from transforms.warehouse import dimension_frames, replace_tables

DIMENSIONS = (
    "needs",
    "regions",
    "partners",
    "partner_regions",
    "partner_teams",
    "funders",
    "funder_partners",
    "periods",
)


@dg.multi_asset(
    specs=[dg.AssetSpec(["warehouse", name], group_name="warehouse") for name in DIMENSIONS],
    description="Needs, regions, partners, funders and periods from the config and contract.",
)
def dimensions(collab: CollabWorkspace, warehouse: DuckDBResource):
    """Replace every dimension table in one transaction (the config is the source of truth)."""
    config = collab.config()
    today = date.today()
    frames = dimension_frames(config, f"{today.year:04d}-{today.month:02d}")
    with warehouse.get_connection() as con:
        create_schema(con)
        replace_tables(con, frames)
    for name in DIMENSIONS:
        yield dg.MaterializeResult(
            asset_key=["warehouse", name], metadata={"rows": frames[name].height}
        )
