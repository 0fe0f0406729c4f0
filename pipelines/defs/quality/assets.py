"""Risk profile tables and the data-quality report, refreshed after every intake."""

from datetime import UTC, datetime

import dagster as dg
from dagster_duckdb import DuckDBResource

from collab import contract
from expectations.quality_report import QualityData, write_quality_report
from pipelines.defs.warehouse.resources import CollabWorkspace
from transforms import data_quality, risk_profile
from transforms.schema import create_schema
from transforms.warehouse import replace_tables

INTAKE = [dg.AssetKey(["warehouse", name]) for name in ("submissions", *contract.EXPORTS)]
PROFILE_TABLES = (
    "risk_small_cells",
    "risk_attribute_disclosures",
    "risk_sole_confidential_providers",
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["warehouse", name],
            group_name="quality",
            deps=INTAKE,
            automation_condition=dg.AutomationCondition.eager(),
        )
        for name in PROFILE_TABLES
    ],
    description="Where publishing would be dangerous: small cells, attribute disclosure, "
    "confidential sole providers. Never blocks a file.",
)
def risk_profile_tables(collab: CollabWorkspace, warehouse: DuckDBResource):
    """Recompute the risk profile of all accepted data."""
    threshold = collab.config().disclosure.threshold
    with warehouse.get_connection() as con:
        create_schema(con)
        frames = {
            "risk_small_cells": risk_profile.small_cells(con),
            "risk_attribute_disclosures": risk_profile.attribute_disclosures(con, threshold),
            "risk_sole_confidential_providers": risk_profile.sole_confidential_providers(con),
        }
        replace_tables(con, frames)
    for name, frame in frames.items():
        yield dg.MaterializeResult(asset_key=["warehouse", name], metadata={"rows": frame.height})


@dg.asset(
    key=["quality", "data_quality"],
    group_name="quality",
    deps=[dg.AssetKey(["warehouse", name]) for name in PROFILE_TABLES],
    automation_condition=dg.AutomationCondition.eager(),
    description="quality/: per month, partner and file: status, findings by severity, how to "
    "fix (HTML and CSV, owner-only). Internal: never under reports/ or dashboards/.",
)
def data_quality_report(collab: CollabWorkspace, warehouse: DuckDBResource):
    """Write the evaluators' data-quality report into the workspace's `quality/`.

    A report left under `reports/data-quality/` by spec v1 is moved there first, also when
    this runs from a schedule, a sensor or the UI rather than `collab run`.
    """
    config = collab.config()
    with warehouse.get_connection() as con:
        data = QualityData(
            collaborative=config.name,
            files=data_quality.files(con),
            findings=data_quality.all_findings(con),
            small_cells=con.execute("SELECT * FROM risk_small_cells").pl(),
            attribute_disclosures=con.execute("SELECT * FROM risk_attribute_disclosures").pl(),
            sole_confidential_providers=con.execute(
                "SELECT * FROM risk_sole_confidential_providers"
            ).pl(),
        )
    collab.workspace.move_old_quality_report()
    paths = write_quality_report(collab.workspace.quality, data, datetime.now(UTC))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths[0])),
            "files": data.files.height,
            "findings": data.findings.height,
        }
    )
