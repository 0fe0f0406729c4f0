"""The publication ledger: every cell of every release ever published, in the warehouse.

A new release is protected jointly with every ledger release that shares a month with it, so
no combination (a quarter minus its months, a funder's subset minus the collaborative total)
can undo an earlier protection. Suppressed cells keep their true value here (internal); only
what was published constrains the attacker.
"""

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from collab import contract
from transforms.release.spec import REGIONAL, TABLES

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
CONTRACT_TABLES = ("services", "referrals", "demographics", "capacity")


@dataclass(frozen=True)
class LedgerRelease:
    """One published release as the ledger remembers it."""

    release_id: str
    audience: str
    period: str
    months: tuple[str, ...]
    partners: frozenset[str]
    tables: tuple[str, ...] = tuple(TABLES)
    by_region: tuple[str, ...] = REGIONAL  # regional tables broken down by region

    @property
    def version(self) -> int:
        """The release's version: `collaborative/2026-Q1/v2` is 2."""
        return int(self.release_id.rsplit("/v", 1)[1])


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


def inputs(con: duckdb.DuckDBPyConnection, release_ids: list[str]) -> pl.DataFrame:
    """The recorded inputs of some releases, a row per partner, export, month and revision."""
    return con.execute(
        "SELECT * FROM ledger_inputs WHERE release_id IN (SELECT unnest($1))", [release_ids]
    ).pl()


def releases(con: duckdb.DuckDBPyConnection) -> list[LedgerRelease]:
    """Every release in the ledger, oldest first."""
    rows = con.execute(
        "SELECT release_id, audience, period, months, partners, tables, by_region "
        "FROM ledger_releases ORDER BY created_at, release_id"
    ).fetchall()
    return [
        LedgerRelease(
            r,
            a,
            p,
            tuple(json.loads(m)),
            frozenset(json.loads(ps)),
            tuple(json.loads(t)) if t else CONTRACT_TABLES,
            tuple(json.loads(b)) if b is not None else REGIONAL,
        )
        for r, a, p, m, ps, t, b in rows
    ]


def linked(all_releases: list[LedgerRelease], months: tuple[str, ...]) -> list[LedgerRelease]:
    """Releases connected to `months` through shared months (transitively)."""
    covered, chosen, changed = set(months), [], True
    while changed:
        changed = False
        for release in all_releases:
            if release not in chosen and covered & set(release.months):
                chosen.append(release)
                covered |= set(release.months)
                changed = True
    return chosen


def cells(con: duckdb.DuckDBPyConnection, release_ids: list[str]) -> pl.DataFrame:
    """The ledger cells of some releases."""
    return con.execute(
        'SELECT release_id, "table", period, months, region, need, dimension, leaf, value, '
        "suppressed, primary_suppressed FROM ledger_cells "
        "WHERE release_id IN (SELECT unnest($1))",
        [release_ids],
    ).pl()


def record_release(
    con: duckdb.DuckDBPyConnection,
    release: LedgerRelease,
    threshold: int,
    created_at: datetime,
    release_cells: pl.DataFrame,
    release_inputs: pl.DataFrame,
) -> None:
    """Add a release, all its cells and its inputs to the ledger, in one transaction."""
    suppressed = release_cells.filter(pl.col("suppressed"))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT INTO ledger_releases (release_id, audience, period, months, partners, "
            "threshold, created_at, cells, suppressed, value_suppressed, tables, "
            "inputs_recorded, by_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?)",
            [
                release.release_id,
                release.audience,
                release.period,
                json.dumps(release.months),
                json.dumps(sorted(release.partners)),
                threshold,
                created_at,
                release_cells.height,
                suppressed.height,
                int(suppressed["value"].sum()),
                json.dumps(list(release.tables)),
                json.dumps(list(release.by_region)),
            ],
        )
        con.register(
            "new_ledger_cells",
            release_cells.with_columns(pl.lit(release.release_id).alias("release_id")).to_arrow(),
        )
        con.execute("INSERT INTO ledger_cells BY NAME SELECT * FROM new_ledger_cells")
        con.unregister("new_ledger_cells")
        con.register(
            "new_inputs",
            release_inputs.with_columns(pl.lit(release.release_id).alias("release_id")).to_arrow(),
        )
        con.execute("INSERT INTO ledger_inputs BY NAME SELECT * FROM new_inputs")
        con.unregister("new_inputs")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
