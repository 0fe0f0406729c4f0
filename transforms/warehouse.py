"""The warehouse schema (DuckDB): submissions, findings, one fact table per export, dimensions.

Fact tables hold only the current accepted revision of each partner's export and month; every
submission ever received (accepted, superseded or quarantined) stays in `submissions`.
"""

import duckdb
import polars as pl

from collab import contract
from collab.config import Collaborative
from collab.periods import due_date, month_range, periods_of_month
from transforms import ledger_tables
from transforms.withdrawal import create_withdrawals

SUBMISSIONS_DDL = """
CREATE TABLE IF NOT EXISTS submissions (
    partner_id VARCHAR,
    export VARCHAR,
    period VARCHAR,
    revision INTEGER,
    file_name VARCHAR NOT NULL,
    inbox_path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,          -- accepted | superseded | quarantined | withdrawn
    is_current BOOLEAN NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    quarantine_path VARCHAR
);
CREATE TABLE IF NOT EXISTS findings (
    sha256 VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    partner_id VARCHAR,
    export VARCHAR,
    period VARCHAR,
    revision INTEGER,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    "column" VARCHAR,
    "row" INTEGER,
    message VARCHAR NOT NULL
);
"""

# Metric tables that earlier versions wrote: unprotected, no longer refreshed and read by
# nothing, so a stale copy is not left beside the facts. Figures come from releases only.
RETIRED_TABLES = (
    "metric_requests_by_need",
    "metric_gap_ranking",
    "metric_referral_funnel",
    "metric_category_flows",
    "metric_submission_completeness",
)


def fact_ddl(export: contract.Export) -> str:
    """`CREATE TABLE` for an export's fact table, typed from the contract."""
    columns = [f"{c} VARCHAR NOT NULL" for c in ("partner_id", "period", *export.codes)]
    columns += [f"{c} BIGINT NOT NULL" for c in export.counts]
    columns.append("source_row INTEGER NOT NULL")  # row in the partner's file, for findings
    columns.append("revision INTEGER NOT NULL")
    return f"CREATE TABLE IF NOT EXISTS {export.name} ({', '.join(columns)});"


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that is missing and drop retired ones; other tables and rows are kept."""
    con.execute(SUBMISSIONS_DDL)
    # Rebuilt whole after each intake; the empty table lets reports run before any intake.
    con.execute("CREATE TABLE IF NOT EXISTS cross_file_findings AS FROM findings LIMIT 0")
    for export in contract.EXPORTS.values():
        con.execute(fact_ddl(export))
    ledger_tables.create_ledger(con)
    create_withdrawals(con)
    for table in RETIRED_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")


def dimension_frames(config: Collaborative, last_month: str) -> dict[str, pl.DataFrame]:
    """The dimension tables, built from the config and the contract."""
    partners = pl.DataFrame(
        [
            {
                "partner_id": p.id,
                "label": p.label,
                "category": p.category,
                "confidential_location": p.confidential_location,
                "active_from": p.active_from,
            }
            for p in config.partners
        ],
        schema={
            "partner_id": pl.String,
            "label": pl.String,
            "category": pl.String,
            "confidential_location": pl.Boolean,
            "active_from": pl.String,
        },
    )
    due_day = config.submissions.due_day
    months = month_range("2020-01", last_month)
    return {
        "needs": pl.DataFrame(
            {"need": list(contract.NEEDS), "label": list(contract.NEEDS.values())}
        ),
        "regions": pl.DataFrame(
            {"region": [r.code for r in config.regions], "label": [r.label for r in config.regions]}
        ),
        "partners": partners,
        "partner_regions": pl.DataFrame(
            [(p.id, r) for p in config.partners for r in p.regions],
            schema={"partner_id": pl.String, "region": pl.String},
            orient="row",
        ),
        "partner_teams": pl.DataFrame(
            [(p.id, t) for p in config.partners for t in p.teams],
            schema={"partner_id": pl.String, "team": pl.String},
            orient="row",
        ),
        "funders": pl.DataFrame(
            [(f.id, f.label, f.program, f.calendar, f.partner_detail) for f in config.funders],
            schema={
                "funder_id": pl.String,
                "label": pl.String,
                "program": pl.String,
                "calendar": pl.String,
                "partner_detail": pl.Boolean,
            },
            orient="row",
        ),
        "funder_partners": pl.DataFrame(
            [(f.id, p) for f in config.funders for p in f.partners],
            schema={"funder_id": pl.String, "partner_id": pl.String},
            orient="row",
        ),
        "periods": pl.DataFrame(
            [{**periods_of_month(m), "due_date": due_date(m, due_day)} for m in months]
        ),
    }


def replace_tables(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Replace whole derived tables (dimensions, profiles) in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table, frame in frames.items():
            con.register("replacement", frame.to_arrow())
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM replacement")
            con.unregister("replacement")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
