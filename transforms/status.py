"""Submission status per partner, month and export: accepted, late, quarantined, missing.

`withdrawn` months (the partner withdrew them, or left) are neither accepted nor missing.

`late` means accepted, but the first accepted revision arrived after the month's due date
(`submissions.due_day` of the following month); a later correction does not make a month late.
`missing` is only said once a month is due; before that the month is `not_due`. Months
before a partner's `active_from` are `inactive`. An optional export (`feedback`) has a row only
where the partner sent one: a partner that sends none is never missing it.
"""

from datetime import date

import duckdb
import polars as pl

from collab import contract
from collab.config import Collaborative
from collab.periods import due_date, month_range
from transforms.withdrawal import active_withdrawals

STATUSES = ("accepted", "late", "quarantined", "withdrawn", "missing", "not_due", "inactive")


def submission_status(
    con: duckdb.DuckDBPyConnection, config: Collaborative, today: date
) -> pl.DataFrame:
    """One row per partner × month × export over the months the warehouse has seen."""
    received = con.execute(
        """
        SELECT partner_id, export, period,
               bool_or(status NOT IN ('quarantined', 'withdrawn')) AS accepted,
               min(received_at) FILTER (WHERE status NOT IN ('quarantined', 'withdrawn'))
                   AS first_accepted_at,
               max(revision) FILTER (WHERE is_current) AS revision,
               count(*) AS received
        FROM submissions WHERE period IS NOT NULL GROUP BY ALL
        """
    ).pl()
    if received.height == 0:
        return pl.DataFrame(
            schema={
                "partner_id": pl.String,
                "period": pl.String,
                "export": pl.String,
                "status": pl.String,
                "revision": pl.Int32,
                "received": pl.Int64,
            }
        )
    months = month_range(received["period"].min(), received["period"].max())
    grid = pl.DataFrame(
        [
            (p.id, m, e, p.active_from)
            for p in config.partners
            for m in months
            for e in contract.EXPORTS
        ],
        schema={
            "partner_id": pl.String,
            "period": pl.String,
            "export": pl.String,
            "active_from": pl.String,
        },
        orient="row",
    )
    due = {m: due_date(m, config.submissions.due_day) for m in months}
    withdrawn = active_withdrawals(con)
    everything = [partner for partner, month in withdrawn if month is None]
    some_months = pl.DataFrame(
        [(partner, month) for partner, month in withdrawn if month is not None],
        schema={"partner_id": pl.String, "period": pl.String},
        orient="row",
    )
    optional = [name for name, export in contract.EXPORTS.items() if export.optional]
    joined = (
        grid.join(received, on=["partner_id", "export", "period"], how="left")
        .filter(~pl.col("export").is_in(optional) | pl.col("received").is_not_null())
        .join(
            some_months.with_columns(pl.lit(True).alias("withdrawn")),
            on=["partner_id", "period"],
            how="left",
        )
        .with_columns(
            pl.col("period").replace_strict(due, return_dtype=pl.Date).alias("due_date"),
            (pl.col("withdrawn").fill_null(False) | pl.col("partner_id").is_in(everything)).alias(
                "withdrawn"
            ),
        )
    )
    status = (
        pl.when(pl.col("withdrawn"))
        .then(pl.lit("withdrawn"))
        .when(pl.col("accepted") & (pl.col("first_accepted_at").dt.date() > pl.col("due_date")))
        .then(pl.lit("late"))
        .when(pl.col("accepted"))
        .then(pl.lit("accepted"))
        .when(pl.col("received") > 0)
        .then(pl.lit("quarantined"))
        .when(pl.col("active_from").is_not_null() & (pl.col("period") < pl.col("active_from")))
        .then(pl.lit("inactive"))
        .when(pl.col("due_date") >= pl.lit(today))
        .then(pl.lit("not_due"))
        .otherwise(pl.lit("missing"))
    )
    return joined.select(
        "partner_id",
        "period",
        "export",
        status.alias("status"),
        "revision",
        pl.col("received").fill_null(0),
    ).sort("partner_id", "period", "export")
