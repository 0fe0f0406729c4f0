"""Findings that belong to no single file: sent/received mismatches and missing files.

They change whenever any partner sends or resends, so the table is rebuilt whole after every
intake (one transaction, cheap at a collaborative's scale) instead of being kept per file.
"""

from datetime import date

import duckdb
import polars as pl

from collab.config import Collaborative
from expectations.catalogue import RULES_BY_ID
from transforms.status import submission_status
from transforms.submissions import FINDING_SCHEMA
from transforms.warehouse import replace_tables

# Mismatches only where both partners' referrals for the month are in; otherwise the month is
# missing, which is its own finding.
MISMATCHES_SQL = """
WITH loaded AS (
    SELECT partner_id, period FROM submissions
    WHERE is_current AND export = 'referrals'
),
sent AS (
    SELECT partner_id AS sender, counterpart AS receiver, need, period,
           sum(referrals)::BIGINT AS sent, min(source_row) AS sent_row
    FROM referrals WHERE direction = 'sent' AND counterpart NOT LIKE 'EXT-%' GROUP BY ALL
),
received AS (
    SELECT counterpart AS sender, partner_id AS receiver, need, period,
           sum(referrals)::BIGINT AS received, min(source_row) AS received_row
    FROM referrals WHERE direction = 'received' AND counterpart NOT LIKE 'EXT-%' GROUP BY ALL
)
SELECT sender, receiver, need, period, coalesce(sent, 0) AS sent,
       coalesce(received, 0) AS received, sent_row, received_row
FROM sent FULL JOIN received USING (sender, receiver, need, period)
WHERE coalesce(sent, 0) <> coalesce(received, 0)
  AND (sender, period) IN (SELECT (partner_id, period) FROM loaded)
  AND (receiver, period) IN (SELECT (partner_id, period) FROM loaded)
ORDER BY period, sender, receiver, need
"""


def _finding(partner_id, export, period, rule, column, row, message) -> dict:
    return {
        "sha256": None,
        "file_name": f"{partner_id}_{export}_{period}.csv",
        "partner_id": partner_id,
        "export": export,
        "period": period,
        "revision": None,
        "rule": rule,
        "severity": RULES_BY_ID[rule].severity,
        "column": column,
        "row": row,
        "message": message,
    }


def mismatch_findings(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """One warning on each side of every sent/received mismatch."""
    rows = []
    for sender, receiver, need, period, sent, received, sent_row, received_row in con.execute(
        MISMATCHES_SQL
    ).fetchall():
        detail = (
            f"{sender} reports {sent} sent to {receiver}, {receiver} reports {received} "
            f"received from {sender} ({need})"
        )
        rows.append(
            _finding(
                sender,
                "referrals",
                period,
                "reconcile.sent_received",
                "referrals",
                sent_row,
                detail,
            )
        )
        rows.append(
            _finding(
                receiver,
                "referrals",
                period,
                "reconcile.sent_received",
                "referrals",
                received_row,
                detail,
            )
        )
    return rows


def missing_findings(con: duckdb.DuckDBPyConnection, config: Collaborative, today: date):
    """A warning for every export of an active partner's due month that never arrived."""
    status = submission_status(con, config, today).filter(pl.col("status") == "missing")
    return [
        _finding(
            partner_id,
            export,
            period,
            "timeliness.missing",
            None,
            None,
            f"no {export} file for {period} (due by day {config.submissions.due_day} "
            "of the following month)",
        )
        for partner_id, period, export in status.select(
            "partner_id", "period", "export"
        ).iter_rows()
    ]


def refresh_cross_file_findings(
    con: duckdb.DuckDBPyConnection, config: Collaborative, today: date
) -> int:
    """Rebuild `cross_file_findings`; returns how many there are."""
    rows = mismatch_findings(con) + missing_findings(con, config, today)
    frame = pl.DataFrame(rows, schema=FINDING_SCHEMA)
    replace_tables(con, {"cross_file_findings": frame})
    return frame.height
