"""Submission completeness: how many of the files a partner owes for a month came in, and late.

A partner owes one file per required export for every month it is active (`active_from` empty
or not after the month); an optional export (`feedback`) is never owed, and counts nowhere. A
file counts as accepted when any revision of it was (a later correction does not undo that),
and as late when its first accepted revision arrived after the month's due date, as in `collab
status`. Months not yet due still count as owed: choose scopes whose months are due.
"""

import duckdb
import polars as pl

from collab import contract
from transforms.metrics.rates import rate
from transforms.metrics.scope import (
    SCOPE_FILTER,
    Scope,
    partner_dimension,
    with_scope_total,
)

COUNTS = ("expected", "accepted", "late")

FIRST_ACCEPTED_SQL = f"""
SELECT partner_id, export, period,
       min(received_at) FILTER (WHERE status <> 'quarantined') AS first_accepted_at
FROM submissions WHERE {SCOPE_FILTER} GROUP BY ALL
"""


def _files_by_partner_month(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Per partner and month of the scope: files owed, accepted among them, and late."""
    received = con.execute(FIRST_ACCEPTED_SQL, scope.params).pl()
    due = con.execute(
        "SELECT month AS period, due_date FROM periods WHERE list_contains($months, month)",
        {"months": list(scope.months)},
    ).pl()
    files = (
        partner_dimension(con, scope)
        .select("partner_id", "active_from")
        .join(pl.DataFrame({"period": scope.months}), how="cross")
        .join(pl.DataFrame({"export": list(contract.REQUIRED_EXPORTS)}), how="cross")
        .join(received, on=["partner_id", "export", "period"], how="left")
        .join(due, on="period", how="left")
    )
    owed = pl.col("active_from").is_null() | (pl.col("active_from") <= pl.col("period"))
    accepted = owed & pl.col("first_accepted_at").is_not_null()
    late = accepted & (pl.col("first_accepted_at").dt.date() > pl.col("due_date"))
    return files.group_by("partner_id", "period").agg(
        expected=owed.sum().cast(pl.Int64),
        accepted=accepted.sum().cast(pl.Int64),
        late=late.fill_null(False).sum().cast(pl.Int64),
    )


def submission_completeness(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Per partner, per month and over the scope: files owed, accepted, late.

    `completeness` = accepted / expected (null for a partner not yet active).
    Columns: `period`, `partner_id`, `expected`, `accepted`, `late`, `completeness`.
    """
    monthly = _files_by_partner_month(con, scope).select("period", "partner_id", *COUNTS)
    return with_scope_total(monthly, scope, ["partner_id"]).with_columns(
        completeness=rate("accepted", "expected")
    )


def funder_completeness(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Per funder, per month and over the scope: the files its partners (in scope) owe and sent.

    `partners` is how many of the funder's partners are in scope, active or not.
    Columns: `period`, `funder_id`, `partners`, `expected`, `accepted`, `late`, `completeness`.
    """
    funded = con.execute("SELECT funder_id, partner_id FROM funder_partners").pl()
    files = _files_by_partner_month(con, scope).join(funded, on="partner_id")
    partners = files.group_by("funder_id").agg(
        partners=pl.col("partner_id").n_unique().cast(pl.Int64)
    )
    monthly = files.group_by("period", "funder_id").agg(pl.col(COUNTS).sum())
    return (
        with_scope_total(monthly.select("period", "funder_id", *COUNTS), scope, ["funder_id"])
        .join(partners, on="funder_id", how="left")
        .with_columns(completeness=rate("accepted", "expected"))
        .select("period", "funder_id", "partners", *COUNTS, "completeness")
    )
