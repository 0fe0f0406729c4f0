"""Service gaps: who was not served and why, who is waiting, and where nobody can take them.

Unmet requests count in the home region of the partner that recorded them; capacity rows carry
their own region. Waitlists and capacity status are stocks at month end, so a scope's figure is
its last month's. Coverage looks at the scope's partners only: in a funder's release, "no
provider" means none among that funder's partners.
"""

from collections.abc import Mapping

import duckdb
import polars as pl

from collab import contract
from transforms.metrics.rates import rate
from transforms.metrics.scope import (
    PARTNER_FILTER,
    Scope,
    home_region_of,
    read_facts,
    with_scope_total,
)

UNMET_REASONS = tuple(o for o in contract.SERVICE_OUTCOMES if o.startswith("unmet_"))
OPEN_STATUSES = ("available", "limited")


def unmet_by_reason(
    con: duckdb.DuckDBPyConnection, scope: Scope, home_region: Mapping[str, str]
) -> pl.DataFrame:
    """Unmet requests by reason, per month and over the scope, per need and home region.

    Columns: `period`, `need`, `region`, `requests`, `unmet_capacity`, `unmet_eligibility`,
    `unmet_declined`, `unmet_other`, `unmet` (their sum), `unmet_rate` (= unmet / requests).
    """
    services = read_facts(con, "services", scope).with_columns(home_region_of(home_region))
    monthly = services.group_by("period", "need", "region").agg(
        pl.col("requests", *UNMET_REASONS).sum()
    )
    return (
        with_scope_total(monthly, scope, ["need", "region"])
        .with_columns(unmet=pl.sum_horizontal(UNMET_REASONS))
        .with_columns(unmet_rate=rate("unmet", "requests"))
    )


def waitlists(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """People waiting and open slots at month end, per need and region (a stock).

    Columns: `period`, `need`, `region`, `providers` (capacity rows), `slots`, `waitlist`.
    """
    capacity = read_facts(con, "capacity", scope)
    monthly = capacity.group_by("period", "need", "region").agg(
        pl.len().cast(pl.Int64).alias("providers"), pl.col("slots", "waitlist").sum()
    )
    return with_scope_total(monthly, scope, ["need", "region"], stock=True)


def capacity_status(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """How many providers report each capacity status, per need and region (a stock).

    Every status appears (0 when none) for each need and region with capacity rows that month.
    Columns: `period`, `need`, `region`, `status`, `providers`.
    """
    capacity = read_facts(con, "capacity", scope)
    statuses = pl.DataFrame({"status": contract.CAPACITY_STATUSES}).with_row_index("order")
    grid = capacity.select("period", "need", "region").unique().join(statuses, how="cross")
    counts = capacity.group_by("period", "need", "region", "status").agg(
        pl.len().cast(pl.Int64).alias("providers")
    )
    monthly = (
        grid.join(counts, on=["period", "need", "region", "status"], how="left")
        .with_columns(pl.col("providers").fill_null(0))
        .select("period", "need", "region", "order", "status", "providers")
    )
    keys = ["need", "region", "order", "status"]
    return with_scope_total(monthly, scope, keys, stock=True).drop("order")


def provider_coverage(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Who can take a need in a region at the end of the scope, for every need × region.

    A partner provides a need where its last-month capacity row says it offers it (the
    contract: one capacity row per need offered): in the row's region and in every region the
    config says it serves, with the row's status. Services rows are demand, not supply: a
    partner records needs it refers out too. A partner whose capacity file for the last month
    is missing offers nothing here; `completeness` shows that.
    `coverage`: `no_provider`; `only_full_or_waitlist` (every provider full or waitlisted);
    `open` (some provider available or limited).
    Columns: `need`, `region`, `providers`, `open_providers`, `full_providers`,
    `waitlist_providers`, `coverage`.
    """
    capacity = read_facts(con, "capacity", scope, [scope.last_month])
    served_regions = con.execute(
        f"SELECT partner_id, region FROM partner_regions WHERE {PARTNER_FILTER}",
        {"partners": scope.params["partners"]},
    ).pl()
    offers = pl.concat(
        [
            capacity.select("partner_id", "need", "region", "status"),
            capacity.drop("region")
            .join(served_regions, on="partner_id")
            .select("partner_id", "need", "region", "status"),
        ]
    ).unique()
    counts = ["providers", "open_providers", "full_providers", "waitlist_providers"]
    providers = offers.group_by("need", "region").agg(
        pl.len().alias("providers"),
        pl.col("status").is_in(OPEN_STATUSES).sum().alias("open_providers"),
        (pl.col("status") == "full").sum().alias("full_providers"),
        (pl.col("status") == "waitlist").sum().alias("waitlist_providers"),
    )
    grid = con.execute("SELECT need, region FROM needs CROSS JOIN regions").pl()
    coverage = (
        pl.when(pl.col("providers") == 0)
        .then(pl.lit("no_provider"))
        .when(pl.col("open_providers") > 0)
        .then(pl.lit("open"))
        .otherwise(pl.lit("only_full_or_waitlist"))
    )
    return (
        grid.join(providers, on=["need", "region"], how="left")
        .with_columns(pl.col(counts).fill_null(0).cast(pl.Int64))
        .with_columns(coverage.alias("coverage"))
        .sort("need", "region")
    )
