"""The warehouse schema (DuckDB): every table and every migration, in one place.

`create_schema` is the one call that gives a warehouse the current schema, whether it is new or
was made by an older version: each `CREATE TABLE` below is a table's current shape, and
`MIGRATIONS` bring the tables an older version made up to it. Both are idempotent, so every
entry point may call it. The modules that read and write the tables import their names from
here; this module imports nothing of the other transforms.

Fact tables hold only the current accepted revision of each partner's export and month; every
submission ever received (accepted, superseded or quarantined) stays in `submissions`.
"""

import json

import duckdb

from collab import contract

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
    quarantine_path VARCHAR,
    purged_at TIMESTAMP               -- when retention deleted the file (the row stays)
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
LEDGER_DDL = """
CREATE TABLE IF NOT EXISTS ledger_releases (
    release_id VARCHAR PRIMARY KEY,
    audience VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    months VARCHAR NOT NULL,      -- JSON list
    partners VARCHAR NOT NULL,    -- JSON list: the audience's partners at publication
    threshold INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    cells INTEGER NOT NULL,
    suppressed INTEGER NOT NULL,
    value_suppressed BIGINT NOT NULL,
    tables VARCHAR,               -- JSON list of the tables published
    inputs_recorded BOOLEAN,      -- its `ledger_inputs` are recorded
    by_region VARCHAR,            -- JSON list of the regional tables broken down by region
    period_rows VARCHAR           -- JSON list of the periods below its own (NULL: its months)
);
CREATE TABLE IF NOT EXISTS ledger_cells (
    release_id VARCHAR NOT NULL,
    "table" VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    months VARCHAR NOT NULL,
    region VARCHAR,
    need VARCHAR,
    dimension VARCHAR,
    leaf VARCHAR NOT NULL,
    value BIGINT NOT NULL,
    suppressed BOOLEAN NOT NULL,
    primary_suppressed BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_inputs (
    release_id VARCHAR NOT NULL,
    partner_id VARCHAR NOT NULL,
    export VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    revision INTEGER NOT NULL,
    category VARCHAR,
    region VARCHAR,
    confidential BOOLEAN
);
CREATE TABLE IF NOT EXISTS provisional_releases (
    release_id VARCHAR PRIMARY KEY,   -- a ledger release made before its period was due
    made_at TIMESTAMP NOT NULL,
    final_at TIMESTAMP                -- when a final release re-issued it unchanged
);
"""
# The key of the manifests' opaque submission ids (`release/submission_ids.py`): one row,
# made on first use, never exported.
SUBMISSION_ID_KEY_DDL = "CREATE TABLE IF NOT EXISTS submission_id_key (key BLOB NOT NULL);"
WITHDRAWALS_DDL = """
CREATE TABLE IF NOT EXISTS withdrawals (
    partner_id VARCHAR NOT NULL,
    period VARCHAR,               -- a month; NULL: every month (the partner left)
    reason VARCHAR NOT NULL,
    withdrawn_at TIMESTAMP NOT NULL,
    withdrawn_by VARCHAR NOT NULL,
    restored_at TIMESTAMP,
    restored_by VARCHAR
);
"""
RUNS_DDL = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    command VARCHAR NOT NULL,
    "user" VARCHAR NOT NULL,
    host VARCHAR NOT NULL,
    pid INTEGER NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status VARCHAR NOT NULL,          -- running | ok | failed | killed
    message VARCHAR,                  -- why a run failed (our own words, never cell values)
    dagster_runs VARCHAR              -- JSON list of Dagster run ids (`collab ui` shows them)
);
CREATE TABLE IF NOT EXISTS run_inputs (
    run_id VARCHAR NOT NULL,
    partner_id VARCHAR,
    export VARCHAR,
    period VARCHAR,
    revision INTEGER,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    status VARCHAR NOT NULL           -- accepted | superseded | quarantined
);
CREATE TABLE IF NOT EXISTS run_outputs (
    run_id VARCHAR NOT NULL,
    release_id VARCHAR NOT NULL,      -- ledger_releases.release_id
    folder VARCHAR NOT NULL           -- relative to the workspace: reports/<audience>/<period>
);
"""
PURGE_LOG_DDL = """
CREATE TABLE IF NOT EXISTS purge_log (
    purged_at TIMESTAMP NOT NULL,
    path VARCHAR NOT NULL,            -- relative to the workspace
    kind VARCHAR NOT NULL,            -- quarantine | raw
    period VARCHAR,                   -- the month the file reported on; NULL if judged by arrival
    size_bytes BIGINT NOT NULL,
    sha256 VARCHAR,                   -- when known from submissions
    reason VARCHAR NOT NULL
);
"""
# The columns older versions' tables lack, oldest first. A column added this way is nullable
# and comes last, so a migrated table has the same columns, in the same order, as a new one.
MIGRATIONS = """
-- Which tables a release published (JSON list); NULL in ledgers older than this column:
-- those releases published the four contract tables.
ALTER TABLE ledger_releases ADD COLUMN IF NOT EXISTS tables VARCHAR;
-- When retention deleted a submission's file; warehouses from before retention lack it.
ALTER TABLE submissions ADD COLUMN IF NOT EXISTS purged_at TIMESTAMP;
-- Which revision of each partner's export and month a release was made from, and the
-- partner's category, home region and confidentiality then: a correction or a withdrawal
-- changes the facts, and the release must still be re-made exactly as published. NULL in
-- releases older than this column: `_record_legacy_inputs` records theirs.
ALTER TABLE ledger_releases ADD COLUMN IF NOT EXISTS inputs_recorded BOOLEAN;
-- Which regional tables a release broke down by region (JSON list); NULL in ledgers older
-- than this column: those releases broke every regional table down.
ALTER TABLE ledger_releases ADD COLUMN IF NOT EXISTS by_region VARCHAR;
-- The periods a release breaks its period down into (JSON list: months, or a funder's
-- quarters); NULL in ledgers older than this column: those releases broke it into months.
ALTER TABLE ledger_releases ADD COLUMN IF NOT EXISTS period_rows VARCHAR;
-- Metric tables that earlier versions wrote: unprotected, no longer refreshed and read by
-- nothing, so no stale copy stays beside the facts. Figures come from releases only.
DROP TABLE IF EXISTS metric_requests_by_need;
DROP TABLE IF EXISTS metric_gap_ranking;
DROP TABLE IF EXISTS metric_referral_funnel;
DROP TABLE IF EXISTS metric_category_flows;
DROP TABLE IF EXISTS metric_submission_completeness;
"""
# The archive of fact rows a published release was made from, one per export
# (`ledger_tables.archive_facts`).
ARCHIVE = "ledger_archive_{}"


def fact_ddl(export: contract.Export) -> str:
    """`CREATE TABLE` for an export's fact table, typed from the contract."""
    columns = [f"{c} VARCHAR NOT NULL" for c in ("partner_id", "period", *export.codes)]
    columns += [f"{c} BIGINT NOT NULL" for c in export.counts]
    columns.append("source_row INTEGER NOT NULL")  # row in the partner's file, for findings
    columns.append("revision INTEGER NOT NULL")
    return f"CREATE TABLE IF NOT EXISTS {export.name} ({', '.join(columns)});"


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every missing table and migrate older ones; existing rows are kept.

    Call it outside a transaction: recording a legacy release's inputs commits its own.
    """
    con.execute(SUBMISSIONS_DDL)
    # Rebuilt whole after each intake; the empty table lets reports run before any intake.
    con.execute("CREATE TABLE IF NOT EXISTS cross_file_findings AS FROM findings LIMIT 0")
    for export in contract.EXPORTS.values():
        con.execute(fact_ddl(export))
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {ARCHIVE.format(export.name)} "
            f"AS FROM {export.name} LIMIT 0"
        )
    for ddl in (LEDGER_DDL, SUBMISSION_ID_KEY_DDL, WITHDRAWALS_DDL, RUNS_DDL, PURGE_LOG_DDL):
        con.execute(ddl)
    con.execute(MIGRATIONS)
    _record_legacy_inputs(con)


def _record_legacy_inputs(con: duckdb.DuckDBPyConnection) -> None:
    """Give releases published before inputs were recorded the facts' current revisions.

    Runs before any intake can replace those revisions. If the data had already changed since
    such a release, re-making it from these inputs differs from what it published, and the
    next release linked to it fails closed, as it did before inputs were recorded.
    """
    legacy = con.execute(
        "SELECT release_id, months, partners FROM ledger_releases WHERE inputs_recorded IS NULL"
    ).fetchall()
    for release_id, months, partners in legacy:
        con.execute("BEGIN TRANSACTION")
        for export in contract.EXPORTS:
            con.execute(
                f"INSERT INTO ledger_inputs SELECT DISTINCT $1, partner_id, '{export}', period, "
                f"revision, NULL, NULL, NULL FROM {export} WHERE period IN (SELECT unnest($2)) "
                "AND partner_id IN (SELECT unnest($3))",
                [release_id, json.loads(months), json.loads(partners)],
            )
        con.execute(
            "UPDATE ledger_releases SET inputs_recorded = true WHERE release_id = ?", [release_id]
        )
        con.execute("COMMIT")
