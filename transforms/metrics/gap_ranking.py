"""The ranked gap list: need × region pairs where survivors go unserved, worst first.

Built from the gap measures of `gaps` so that the list and the tables it summarises agree;
each row says in words why it ranks where it does.
"""

from collections.abc import Mapping

import duckdb
import polars as pl

from transforms.metrics.gaps import provider_coverage, unmet_by_reason, waitlists
from transforms.metrics.rates import rate
from transforms.metrics.scope import Scope

COVERAGE_WEIGHT = {"no_provider": 1.0, "only_full_or_waitlist": 0.5}
COLUMNS = (
    "rank",
    "need",
    "region",
    "requests",
    "unmet",
    "unmet_rate",
    "waitlist",
    "last_month_requests",
    "waitlist_share",
    "providers",
    "full_providers",
    "waitlist_providers",
    "coverage",
    "score",
    "explanation",
)


def _percent(part: str, whole: str) -> pl.Expr:
    """Whole percent, half up, in integers; never "0%" or "100%" for a share strictly between."""
    percent = (pl.col(part) * 100 + pl.col(whole) // 2) // pl.col(whole)
    return (
        pl.when((pl.col(part) > 0) & (percent == 0))
        .then(pl.lit("<1"))
        .when((pl.col(part) < pl.col(whole)) & (percent == 100))
        .then(pl.lit(">99"))
        .otherwise(percent.cast(pl.String))
    )


def _explanation() -> pl.Expr:
    unmet = pl.when(pl.col("requests") > 0).then(
        pl.format(
            "{}% unmet ({} of {} requests)", _percent("unmet", "requests"), "unmet", "requests"
        )
    )
    waiting = pl.when(pl.col("waitlist") > 0).then(pl.format("{} waiting", "waitlist"))
    coverage = (
        pl.when(pl.col("coverage") == "no_provider")
        .then(pl.lit("no provider in region"))
        .when((pl.col("coverage") == "only_full_or_waitlist") & (pl.col("waitlist_providers") == 0))
        .then(pl.lit("only full providers"))
        .when((pl.col("coverage") == "only_full_or_waitlist") & (pl.col("full_providers") == 0))
        .then(pl.lit("only waitlisted providers"))
        .when(pl.col("coverage") == "only_full_or_waitlist")
        .then(pl.lit("only full or waitlisted providers"))
    )
    return pl.concat_str([unmet, waiting, coverage], separator=", ", ignore_nulls=True)


def gap_ranking(
    con: duckdb.DuckDBPyConnection, scope: Scope, home_region: Mapping[str, str]
) -> pl.DataFrame:
    """Need × region gaps over the scope, worst first, each with its reasons in words.

    score = unmet_rate × ln(1 + requests) + waitlist_share + coverage weight, where
    - unmet_rate × ln(1 + requests): the share not served, weighed by how many asked, with
      diminishing returns so a large region does not outrank a small one that turns most
      away (42% of 74 requests: 1.81; 100% of 2: 1.10; 10% of 1000: 0.69);
    - waitlist_share = waitlist / (waitlist + last month's requests): people waiting at the
      end of the scope against the month's demand, in [0, 1];
    - coverage weight: 1 when no partner provides the need in the region, 0.5 when every
      provider is full or waitlisted, else 0.
    Only pairs with requests or people waiting, and a score above 0, are listed; ties go by
    need and region. Columns: `rank`, `need`, `region`, `requests`, `unmet`, `unmet_rate`,
    `waitlist`, `last_month_requests`, `waitlist_share`, `providers`, `full_providers`,
    `waitlist_providers`, `coverage`, `score`, `explanation`.
    """
    unmet = unmet_by_reason(con, scope, home_region)
    over_scope = unmet.filter(pl.col("period") == scope.total_period).select(
        "need", "region", "requests", "unmet"
    )
    last_month = unmet.filter(pl.col("period") == scope.last_month).select(
        "need", "region", pl.col("requests").alias("last_month_requests")
    )
    waiting = (
        waitlists(con, scope)
        .filter(pl.col("period") == scope.last_month)
        .select("need", "region", "waitlist")
    )
    coverage = provider_coverage(con, scope).select(
        "need", "region", "providers", "full_providers", "waitlist_providers", "coverage"
    )
    counts = ["requests", "unmet", "last_month_requests", "waitlist"]
    score = (
        pl.col("unmet_rate").fill_null(0) * pl.col("requests").log1p()
        + pl.col("waitlist_share").fill_null(0)
        + pl.col("coverage").replace_strict(COVERAGE_WEIGHT, default=0.0, return_dtype=pl.Float64)
    )
    return (
        coverage.join(over_scope, on=["need", "region"], how="left")
        .join(last_month, on=["need", "region"], how="left")
        .join(waiting, on=["need", "region"], how="left")
        .with_columns(pl.col(counts).fill_null(0))
        .filter((pl.col("requests") > 0) | (pl.col("waitlist") > 0))
        .with_columns(
            unmet_rate=rate("unmet", "requests"),
            waitlist_share=rate("waitlist", pl.col("waitlist") + pl.col("last_month_requests")),
        )
        .with_columns(score=score)
        .filter(pl.col("score") > 0)
        .sort(pl.col("score"), "need", "region", descending=[True, False, False])
        .with_row_index("rank", offset=1)
        .with_columns(pl.col("rank").cast(pl.Int64), explanation=_explanation())
        .select(COLUMNS)
    )
