"""Needs: what survivors asked for, where, through which kind of partner, and who was served.

Requests are person-months (the same person may ask in two months), so a quarter's figure is
"requests recorded", never "people". Demographics count new individuals (first service from a
partner in the fiscal year), so months add up without double counting.
"""

from collections.abc import Mapping, Sequence

import duckdb
import polars as pl

from collab import contract
from collab.periods import add_months
from transforms.metrics.rates import rate
from transforms.metrics.scope import (
    Scope,
    home_region_of,
    partner_dimension,
    read_facts,
    with_scope_total,
)

REQUEST_KEYS = ("need", "region", "category")


def requests_by(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    by: Sequence[str] = ("need",),
    home_region: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """Requests per month and over the scope, by any of `need`, `region`, `category`.

    `region` is the partner's home region (needs `home_region`); `category` the partner's.
    Columns: `period`, the `by` columns, `requests`.
    """
    unknown = [key for key in by if key not in REQUEST_KEYS]
    if unknown or not by:
        raise ValueError(f"requests can be broken down by {REQUEST_KEYS}, got {list(by)}")
    if "region" in by and home_region is None:
        raise ValueError("requests by region need each partner's home region")
    services = read_facts(con, "services", scope)
    if "region" in by:
        services = services.with_columns(home_region_of(home_region))
    if "category" in by:
        categories = partner_dimension(con, scope).select("partner_id", "category")
        services = services.join(categories, on="partner_id", how="left")
    keys = list(by)
    monthly = services.group_by("period", *keys).agg(pl.col("requests").sum())
    return with_scope_total(monthly, scope, keys)


def requests_trend(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Requests per month per need, with the change from the month before.

    The month before the scope is read too, so a scope's first month has its change. A need
    missing from a month that has services data counts 0; a month nobody in scope reported
    has null requests (not zero), so its change is null rather than a false drop.
    Columns: `period`, `need`, `requests`, `previous_requests`, `change`, `change_rate`.
    """
    months = (add_months(scope.months[0], -1), *scope.months)
    services = read_facts(con, "services", scope, months)
    reported = services["period"].unique().to_list()
    needs = services.filter(pl.col("period").is_in(scope.months)).select("need").unique()
    grid = pl.DataFrame({"period": months}).join(needs, how="cross")
    monthly = services.group_by("period", "need").agg(pl.col("requests").sum())
    requests = pl.when(pl.col("period").is_in(reported)).then(pl.col("requests").fill_null(0))
    return (
        grid.join(monthly, on=["period", "need"], how="left")
        .with_columns(requests.alias("requests"))
        .sort("need", "period")
        .with_columns(previous_requests=pl.col("requests").shift(1).over("need"))
        .with_columns(change=pl.col("requests") - pl.col("previous_requests"))
        .with_columns(change_rate=rate("change", "previous_requests"))
        .filter(pl.col("period").is_in(scope.months))
        .sort("period", "need")
    )


def _demographic_grid() -> pl.DataFrame:
    rows = [
        (dimension, category)
        for dimension, categories in contract.DEMOGRAPHIC_CATEGORIES.items()
        for category in categories
    ]
    return pl.DataFrame(rows, schema=["dimension", "category"], orient="row").with_row_index(
        "order"
    )


def individuals_by_category(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """New individuals per month and over the scope, in every contract dimension and category.

    Summed over partners; categories nobody reported are 0 in any month someone reported.
    Columns: `period`, `dimension`, `category`, `individuals`.
    """
    demographics = read_facts(con, "demographics", scope)
    grid = demographics.select("period").unique().join(_demographic_grid(), how="cross")
    monthly = demographics.group_by("period", "dimension", "category").agg(
        pl.col("individuals").sum()
    )
    filled = (
        grid.join(monthly, on=["period", "dimension", "category"], how="left")
        .with_columns(pl.col("individuals").fill_null(0))
        .select("period", "order", "dimension", "category", "individuals")
    )
    return with_scope_total(filled, scope, ["order", "dimension", "category"]).drop("order")
