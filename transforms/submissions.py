"""Record a month's submissions and replace the fact rows of accepted revisions, atomically.

One transaction per month: either every new revision of the month is recorded and its facts
replace the earlier revision's, or nothing changes. Which revision a file is, and whether it
replaces the current one, is the resend rule's (`revisions.py`).
"""

from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from collab import contract
from transforms import ledger_tables


@dataclass(frozen=True)
class Submission:
    """One received file and what the gate decided about it."""

    partner_id: str | None
    export: str | None
    period: str | None
    revision: int | None
    file_name: str
    inbox_path: str
    sha256: str
    size_bytes: int
    received_at: datetime
    ingested_at: datetime
    status: str
    is_current: bool
    errors: int
    warnings: int
    quarantine_path: str | None


SUBMISSION_SCHEMA = {
    "partner_id": pl.String,
    "export": pl.String,
    "period": pl.String,
    "revision": pl.Int32,
    "file_name": pl.String,
    "inbox_path": pl.String,
    "sha256": pl.String,
    "size_bytes": pl.Int64,
    "received_at": pl.Datetime("us"),
    "ingested_at": pl.Datetime("us"),
    "status": pl.String,
    "is_current": pl.Boolean,
    "errors": pl.Int32,
    "warnings": pl.Int32,
    "quarantine_path": pl.String,
}
FINDING_SCHEMA = {
    "sha256": pl.String,
    "file_name": pl.String,
    "partner_id": pl.String,
    "export": pl.String,
    "period": pl.String,
    "revision": pl.Int32,
    "rule": pl.String,
    "severity": pl.String,
    "column": pl.String,
    "row": pl.Int32,
    "message": pl.String,
}


def known_files(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(inbox path, sha256) of every file already loaded or superseded: a rerun skips them.

    Quarantined files are moved out of the inbox, so the same bytes arriving again are a new
    submission and are checked again; so are a withdrawn month's files, after the withdrawal
    is lifted.
    """
    rows = con.execute(
        "SELECT inbox_path, sha256 FROM submissions "
        "WHERE status NOT IN ('quarantined', 'withdrawn')"
    ).fetchall()
    return set(rows)


def current_revisions(
    con: duckdb.DuckDBPyConnection, months: list[str]
) -> dict[tuple[str, str, str], tuple[int, datetime | None]]:
    """(partner, export, period) → (highest revision so far, arrival of the current one)."""
    rows = con.execute(
        """
        SELECT partner_id, export, period, max(revision),
               max(received_at) FILTER (WHERE is_current)
        FROM submissions WHERE period IN (SELECT unnest($1)) AND revision IS NOT NULL
        GROUP BY ALL
        """,
        [months],
    ).fetchall()
    return {(p, e, m): (revision, received) for p, e, m, revision, received in rows}


def record(
    con: duckdb.DuckDBPyConnection,
    submissions: list[Submission],
    findings: pl.DataFrame,
    facts: dict[str, pl.DataFrame],
) -> None:
    """In one transaction: supersede replaced revisions, record submissions, swap fact rows.

    Replaced rows that a published release was made from go to the ledger's archive first.

    `facts[export]` holds the new current rows (with `revision`) of every replaced
    (partner_id, period) of that export.
    """
    frame = pl.DataFrame([vars(s) for s in submissions], schema=SUBMISSION_SCHEMA)
    current = frame.filter(pl.col("is_current"))
    # Rows of other months are never touched; saying so lets DuckDB skip them (zone maps).
    months = current["period"].unique().to_list()
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("new_current", current.select("partner_id", "export", "period").to_arrow())
        con.execute(
            """
            UPDATE submissions SET is_current = false, status = 'superseded'
            FROM new_current n
            WHERE submissions.period IN (SELECT unnest($1)) AND submissions.is_current
              AND submissions.partner_id = n.partner_id
              AND submissions.export = n.export AND submissions.period = n.period
            """,
            [months],
        )
        con.register("new_submissions", frame.to_arrow())
        con.execute("INSERT INTO submissions BY NAME SELECT * FROM new_submissions")
        con.register("new_findings", findings.to_arrow())
        con.execute("INSERT INTO findings BY NAME SELECT * FROM new_findings")
        for export in contract.EXPORTS:
            replaced = current.filter(pl.col("export") == export).select("partner_id", "period")
            if replaced.height == 0:
                continue
            con.register("replaced", replaced.to_arrow())
            ledger_tables.archive_facts(
                con,
                export,
                f"{export}.period IN (SELECT unnest($1)) AND EXISTS (SELECT 1 FROM replaced r "
                f"WHERE r.partner_id = {export}.partner_id AND r.period = {export}.period)",
                [months],
            )
            con.execute(
                f"DELETE FROM {export} USING replaced r "
                f"WHERE {export}.period IN (SELECT unnest($1)) "
                f"AND {export}.partner_id = r.partner_id AND {export}.period = r.period",
                [months],
            )
            con.register("new_facts", facts[export].to_arrow())
            con.execute(f"INSERT INTO {export} BY NAME SELECT * FROM new_facts")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for view in ("new_current", "new_submissions", "new_findings", "replaced", "new_facts"):
            con.unregister(view)
