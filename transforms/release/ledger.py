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

from transforms.release.spec import REGIONAL, TABLES

# What releases recorded before the `tables` column published.
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
    period_rows: tuple[str, ...] | None = None  # periods below its own; None: its months

    @property
    def version(self) -> int:
        """The release's version: `collaborative/2026-Q1/v2` is 2."""
        return int(self.release_id.rsplit("/v", 1)[1])


def inputs(con: duckdb.DuckDBPyConnection, release_ids: list[str]) -> pl.DataFrame:
    """The recorded inputs of some releases, a row per partner, export, month and revision."""
    return con.execute(
        "SELECT * FROM ledger_inputs WHERE release_id IN (SELECT unnest($1))", [release_ids]
    ).pl()


def releases(con: duckdb.DuckDBPyConnection) -> list[LedgerRelease]:
    """Every release in the ledger, oldest first."""
    rows = con.execute(
        "SELECT release_id, audience, period, months, partners, tables, by_region, period_rows "
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
            tuple(json.loads(rows_below)) if rows_below is not None else None,
        )
        for r, a, p, m, ps, t, b, rows_below in rows
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
            "inputs_recorded, by_region, period_rows) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)",
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
                None if release.period_rows is None else json.dumps(list(release.period_rows)),
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
