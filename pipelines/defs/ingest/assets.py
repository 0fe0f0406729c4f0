"""The monthly intake asset and the triage of files that belong to no month.

One run covers a range of months (single-run backfill): thousands of small files are checked
in one batch per month instead of one Dagster run per file.
"""

from datetime import date

import dagster as dg
from dagster_duckdb import DuckDBResource

from collab import contract
from expectations.inbox import scan_inbox, unusual_entries
from pipelines.defs.ingest.checks import FACT_CHECKS, SuiteCheck
from pipelines.defs.ingest.intake import IntakeReport, take_in, take_in_by_month
from pipelines.defs.warehouse.assets import DIMENSIONS
from pipelines.defs.warehouse.resources import CollabWorkspace
from pipelines.partitions import monthly
from transforms.cross_file import refresh_cross_file_findings
from transforms.schema import create_schema

SUBMISSIONS = dg.AssetKey(["warehouse", "submissions"])
FACTS = [dg.AssetKey(["warehouse", export]) for export in contract.EXPORTS]


def _metadata(report: IntakeReport) -> dict:
    return {
        "files_received": report.received,
        "files_accepted": report.accepted,
        "files_superseded": report.superseded,
        "files_quarantined": report.quarantined,
        "files_unchanged": report.unchanged,
    }


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key, group_name="ingest", deps=[dg.AssetKey(["warehouse", d]) for d in DIMENSIONS]
        )
        for key in (SUBMISSIONS, *FACTS)
    ],
    partitions_def=monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=FACT_CHECKS,
    description="Gate every new partner file of the months, load accepted revisions, "
    "quarantine rejected files.",
)
def monthly_intake(
    context: dg.AssetExecutionContext, collab: CollabWorkspace, warehouse: DuckDBResource
):
    """Take in every new file whose name says it is for one of the run's months."""
    config = collab.config()
    workspace = collab.workspace
    suites = SuiteCheck(config)
    months = set(context.partition_keys)
    files = scan_inbox(workspace.inbox, lambda month: month in months)
    with warehouse.get_connection() as con:
        create_schema(con)
        report = take_in_by_month(con, config, workspace.quarantine, files, suites.add)
        cross_file = refresh_cross_file_findings(con, config, date.today())
    check_results = suites.results()
    context.log.info(
        f"{report.received} new files: {report.accepted} accepted, "
        f"{report.quarantined} quarantined, {report.superseded} superseded; "
        f"{report.unchanged} unchanged"
    )
    yield dg.MaterializeResult(
        asset_key=SUBMISSIONS, metadata={**_metadata(report), "cross_file_findings": cross_file}
    )
    for key in FACTS:
        yield dg.MaterializeResult(asset_key=key)
    yield from check_results


@dg.asset(
    key=["warehouse", "misfiled_submissions"],
    group_name="ingest",
    deps=[dg.AssetKey(["warehouse", d]) for d in DIMENSIONS],
    description="Quarantine inbox files that belong to no month: names outside the contract "
    "or months out of range.",
)
def misfiled_submissions(
    context: dg.AssetExecutionContext, collab: CollabWorkspace, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """Files no monthly partition will ever pick up must not linger unchecked in the inbox."""
    config = collab.config()
    workspace = collab.workspace
    valid_months = set(monthly.get_partition_keys())
    files = scan_inbox(workspace.inbox, lambda month: month not in valid_months)
    with warehouse.get_connection() as con:
        create_schema(con)
        report = take_in(con, config, workspace.quarantine, files)
    context.log.info(f"{report.quarantined} misfiled files quarantined")
    skipped = unusual_entries(workspace.inbox)
    for relative, kind in skipped:
        context.log.warning(f"inbox/{relative} is a {kind}: not read (file.not_regular)")
    return dg.MaterializeResult(metadata={**_metadata(report), "entries_not_read": len(skipped)})
