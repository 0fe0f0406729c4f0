"""Partner withdrawal: a partner leaves, or withdraws some months, and its data leaves.

A withdrawal removes the partner's fact rows for those months from the warehouse (so every
future release, and the reports and dashboards drawn from it, go without them), marks its
submissions `withdrawn`, and blocks files for those months from being loaded again until it is
lifted (`restore`). What published releases drew from the withdrawn rows stays, in the
ledger's archive only (`ledger_tables.archive_facts`): a later release must still be protected
against the releases that published it, and that needs the numbers they were made from.
Nothing there is ever published.
"""

from dataclasses import dataclass
from datetime import datetime

import duckdb

from collab import contract
from transforms import ledger_tables
from transforms.schema import create_schema

ACTIVE = "restored_at IS NULL"


@dataclass(frozen=True)
class Withdrawn:
    """What one withdrawal took out of the warehouse."""

    months: list[str]
    fact_rows: int
    archived_rows: int
    submissions: int
    releases: list[tuple[str, str]]  # published (audience, period) that drew on the data


def active_withdrawals(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str | None]]:
    """(partner, month) of every withdrawal in force; month None: every month (it left).

    Reads only (`collab status` opens the warehouse read-only); a warehouse from before
    withdrawals has none.
    """
    if not con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'withdrawals'"
    ).fetchone()[0]:
        return set()
    return set(con.execute(f"SELECT partner_id, period FROM withdrawals WHERE {ACTIVE}").fetchall())


def covers(withdrawn: set[tuple[str, str | None]], partner_id: str, month: str) -> bool:
    """Whether the withdrawals in force (`active_withdrawals`) cover this partner's month."""
    return bool(withdrawn & {(partner_id, None), (partner_id, month)})


def _months(con: duckdb.DuckDBPyConnection, partner_id: str, months: list[str] | None):
    """The months to take out: those asked for, or every month the partner has anything in."""
    if months is not None:
        return months
    union = " UNION ".join(
        f"SELECT period FROM {table} WHERE partner_id = $1"
        for table in ("submissions", *contract.EXPORTS)
    )
    rows = con.execute(
        f"SELECT DISTINCT period FROM ({union}) WHERE period IS NOT NULL ORDER BY period",
        [partner_id],
    ).fetchall()
    return [m for (m,) in rows]


def _affected_releases(con, partner_id: str, months: list[str]) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT DISTINCT r.audience, r.period FROM ledger_inputs i "
        "JOIN ledger_releases r USING (release_id) "
        "WHERE i.partner_id = ? AND i.period IN (SELECT unnest($2)) ORDER BY ALL",
        [partner_id, months],
    ).fetchall()
    return [(a, p) for a, p in rows]


def withdraw(
    con: duckdb.DuckDBPyConnection,
    partner_id: str,
    months: list[str] | None,
    reason: str,
    by: str,
    now: datetime,
) -> Withdrawn:
    """Take a partner's months (or, with `months=None`, all of them) out, in one transaction."""
    create_schema(con)
    chosen = _months(con, partner_id, months)
    con.execute("BEGIN TRANSACTION")
    try:
        archived = fact_rows = 0
        for export in contract.EXPORTS:
            where = f"{export}.partner_id = $1 AND {export}.period IN (SELECT unnest($2))"
            archived += ledger_tables.archive_facts(con, export, where, [partner_id, chosen])
            fact_rows += con.execute(
                f"DELETE FROM {export} WHERE {where}", [partner_id, chosen]
            ).fetchone()[0]
        submissions = con.execute(
            "UPDATE submissions SET status = 'withdrawn', is_current = false "
            "WHERE partner_id = $1 AND period IN (SELECT unnest($2)) "
            "AND status IN ('accepted', 'superseded')",
            [partner_id, chosen],
        ).fetchone()[0]
        for month in [None] if months is None else chosen:
            con.execute(
                "INSERT INTO withdrawals SELECT $1, $2, $3, $4, $5, NULL, NULL "
                f"WHERE NOT EXISTS (SELECT 1 FROM withdrawals WHERE {ACTIVE} "
                "AND partner_id = $1 AND period IS NOT DISTINCT FROM $2)",
                [partner_id, month, reason, now, by],
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return Withdrawn(
        chosen, fact_rows, archived, submissions, _affected_releases(con, partner_id, chosen)
    )


def restore(
    con: duckdb.DuckDBPyConnection,
    partner_id: str,
    months: list[str] | None,
    by: str,
    now: datetime,
) -> int:
    """Lift active withdrawals (of `months`, or all) so new files load again; data stays gone.

    A partner that left (a withdrawal of every month) is restored only as a whole.
    """
    create_schema(con)
    scope = "" if months is None else " AND period IN (SELECT unnest($4))"
    params = [now, by, partner_id] + ([] if months is None else [months])
    return con.execute(
        f"UPDATE withdrawals SET restored_at = $1, restored_by = $2 "
        f"WHERE {ACTIVE} AND partner_id = $3{scope}",
        params,
    ).fetchone()[0]
