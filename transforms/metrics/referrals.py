"""Referral outcomes, as the sender saw them: the funnel, decline reasons, response times.

Only `sent` rows feed the funnel (a referral counted once, by whoever made it; counterparts may
be outside the collaborative, `EXT-<category>`). `received` rows serve one purpose here:
checking that what A says it sent to B is what B says it received from A.
"""

import duckdb
import polars as pl

from collab import contract
from transforms.metrics.rates import rate
from transforms.metrics.scope import Scope, read_facts, with_scope_total

ALL_NEEDS = "ALL"
DECLINE_REASONS = tuple(s for s in contract.REFERRAL_ANSWERED if s.startswith("declined_"))
FUNNEL_COUNTS = ("sent", "answered", "accepted", "got_help", "responded_2d")


def _sent_by_need(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Sent referrals per month and need, plus `need = ALL` rows, plus whole-scope rows."""
    sent = read_facts(con, "referrals", scope).filter(pl.col("direction") == "sent")
    counts = list(contract.EXPORTS["referrals"].counts)
    by_need = sent.group_by("period", "need").agg(pl.col(counts).sum())
    all_needs = by_need.group_by("period").agg(pl.col(counts).sum())
    monthly = pl.concat([by_need, all_needs.with_columns(need=pl.lit(ALL_NEEDS))], how="diagonal")
    return with_scope_total(monthly.select("period", "need", *counts), scope, ["need"]).sort(
        pl.col("period") == scope.name, "period", pl.col("need") == ALL_NEEDS, "need"
    )


def referral_funnel(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """The funnel sent → answered → accepted → got_help, per need and for all needs.

    `answered` = accepted + declined_capacity + declined_ineligible + declined_other.

    `acceptance_rate` = accepted / answered; `closed_loop_rate` = got_help / accepted;
    `answered_within_2d_rate` = responded_2d / answered (answered within 2 business days).
    Rows per month and over the scope; `need = ALL` is every need together.
    Columns: `period`, `need`, `sent`, `answered`, `accepted`, `got_help`, `responded_2d`,
    `acceptance_rate`, `closed_loop_rate`, `answered_within_2d_rate`.
    """
    answered = pl.sum_horizontal(contract.REFERRAL_ANSWERED)
    return (
        _sent_by_need(con, scope)
        .with_columns(sent=pl.col("referrals"), answered=answered)
        .select("period", "need", *FUNNEL_COUNTS)
        .with_columns(
            acceptance_rate=rate("accepted", "answered"),
            closed_loop_rate=rate("got_help", "accepted"),
            answered_within_2d_rate=rate("responded_2d", "answered"),
        )
    )


def decline_reasons(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Why sent referrals were declined: count and share of all declines, per need and overall.

    Columns: `period`, `need`, `reason` (declined_capacity, declined_ineligible,
    declined_other), `declined` (for that reason), `declined_total`, `share`.
    """
    reasons = pl.DataFrame({"reason": DECLINE_REASONS}).with_row_index("order")
    return (
        _sent_by_need(con, scope)
        .with_row_index("row")
        .with_columns(declined_total=pl.sum_horizontal(DECLINE_REASONS))
        .unpivot(
            on=list(DECLINE_REASONS),
            index=["row", "period", "need", "declined_total"],
            variable_name="reason",
            value_name="declined",
        )
        .join(reasons, on="reason")
        .sort("row", "order")
        .with_columns(share=rate("declined", "declined_total"))
        .select("period", "need", "reason", "declined", "declined_total", "share")
    )


RECONCILIATION_SQL = """
WITH loaded AS (
    SELECT DISTINCT partner_id, period FROM submissions
    WHERE export = 'referrals' AND is_current AND status = 'accepted'
      AND list_contains($months, period)
),
sent AS (
    SELECT period, partner_id AS sender, counterpart AS receiver, sum(referrals)::BIGINT AS sent
    FROM referrals
    WHERE direction = 'sent' AND counterpart NOT LIKE 'EXT-%' AND list_contains($months, period)
    GROUP BY ALL
),
received AS (
    SELECT period, counterpart AS sender, partner_id AS receiver,
           sum(referrals)::BIGINT AS received
    FROM referrals
    WHERE direction = 'received' AND counterpart NOT LIKE 'EXT-%'
      AND list_contains($months, period)
    GROUP BY ALL
),
pairs AS (
    SELECT period, sender, receiver, coalesce(sent, 0) AS sent,
           coalesce(received, 0) AS received
    FROM sent FULL JOIN received USING (period, sender, receiver)
)
SELECT p.* FROM pairs p
SEMI JOIN loaded s ON s.partner_id = p.sender AND s.period = p.period
SEMI JOIN loaded r ON r.partner_id = p.receiver AND r.period = p.period
WHERE $partners::VARCHAR[] IS NULL
   OR list_contains($partners::VARCHAR[], p.sender)
   OR list_contains($partners::VARCHAR[], p.receiver)
"""


def sent_received_reconciliation(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """What A reports sent to B against what B reports received from A, per pair and month.

    Only months where both partners' referrals are loaded (otherwise the gap is a missing file,
    not a disagreement), summed over needs; a pair is in scope when either partner is.
    `mismatched_months` counts months whose figures differ, so the whole-scope row does not hide
    differences that cancel out. Columns: `period`, `sender`, `receiver`, `sent`, `received`,
    `difference` (sent - received), `mismatched_months`.
    """
    pairs = con.execute(RECONCILIATION_SQL, scope.params).pl()
    monthly = pairs.with_columns(
        mismatched_months=(pl.col("sent") != pl.col("received")).cast(pl.Int64)
    )
    return (
        with_scope_total(monthly, scope, ["sender", "receiver"])
        .with_columns(difference=pl.col("sent") - pl.col("received"))
        .select(
            "period", "sender", "receiver", "sent", "received", "difference", "mismatched_months"
        )
    )
