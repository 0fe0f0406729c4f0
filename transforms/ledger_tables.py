"""The publication ledger's tables, and the archive of facts a published release was made from.

The storage side of `transforms/release/ledger.py`, kept with the warehouse so that intake,
resends and withdrawals (which must archive what a release used before it leaves) need not
reach up into the release layer.
"""

import json

import duckdb

from collab import contract

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
    value_suppressed BIGINT NOT NULL
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
-- Which tables a release published (JSON list); NULL in ledgers older than this column:
-- those releases published the four contract tables.
ALTER TABLE ledger_releases ADD COLUMN IF NOT EXISTS tables VARCHAR;
-- Which revision of each partner's export and month a release was made from, and the
-- partner's category, home region and confidentiality then: a correction or a withdrawal
-- changes the facts, and the release must still be re-made exactly as published.
ALTER TABLE ledger_releases ADD COLUMN IF NOT EXISTS inputs_recorded BOOLEAN;
-- Which regional tables a release broke down by region (JSON list); NULL in ledgers older
-- than this column: those releases broke every regional table down.
ALTER TABLE ledger_releases ADD COLUMN IF NOT EXISTS by_region VARCHAR;
-- The periods a release breaks its period down into (JSON list: months, or a funder's
-- quarters); NULL in ledgers older than this column: those releases broke it into months.
ALTER TABLE ledger_releases ADD COLUMN IF NOT EXISTS period_rows VARCHAR;
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
"""
ARCHIVE = "ledger_archive_{}"


def create_ledger(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ledger tables if they are missing (the archive copies the facts' columns)."""
    con.execute(LEDGER_DDL)
    for export in contract.EXPORTS:
        con.execute(f"CREATE TABLE IF NOT EXISTS {ARCHIVE.format(export)} AS FROM {export} LIMIT 0")
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


def archive_facts(con: duckdb.DuckDBPyConnection, export: str, where: str, params) -> int:
    """Copy the fact rows about to leave (`where`) that a published release was made from.

    Called before a resend replaces a revision or a withdrawal deletes one, in the same
    transaction. Rows no release used are not kept: they leave the warehouse for good.
    """
    return con.execute(
        f"INSERT INTO {ARCHIVE.format(export)} SELECT * FROM {export} WHERE {where} "
        f"AND EXISTS (SELECT 1 FROM ledger_inputs i WHERE i.export = '{export}' "
        f"AND i.partner_id = {export}.partner_id AND i.period = {export}.period "
        f"AND i.revision = {export}.revision) "
        f"AND NOT EXISTS (SELECT 1 FROM {ARCHIVE.format(export)} a "
        f"WHERE a.partner_id = {export}.partner_id AND a.period = {export}.period "
        f"AND a.revision = {export}.revision)",
        params,
    ).fetchone()[0]
