"""Release versions: what a release was made from, and what a correction changed.

A release is never changed silently. When the data behind a published release changes (a
partner resends a month, a late file arrives, a partner withdraws), rebuilding it makes a new
version (`<audience>/<period>/v2`, …), protected jointly with every earlier version that the
ledger keeps, and a note saying what changed. The inputs recorded here are what lets the
ledger re-make each earlier version exactly as it was published.
"""

import duckdb
import polars as pl

from collab import contract
from collab.config import Collaborative

INPUT_SCHEMA = {
    "partner_id": pl.String,
    "export": pl.String,
    "period": pl.String,
    "revision": pl.Int32,
    "category": pl.String,
    "region": pl.String,
    "confidential": pl.Boolean,
}


def current_inputs(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    partners: frozenset[str],
    months: tuple[str, ...] | list[str],
) -> pl.DataFrame:
    """The (partner, export, month, revision) rows the facts hold now for a release's scope."""
    union = " UNION ALL ".join(
        f"SELECT DISTINCT partner_id, '{export}' AS export, period, revision FROM {export} "
        "WHERE period IN (SELECT unnest($1)) AND partner_id IN (SELECT unnest($2))"
        for export in contract.EXPORTS
    )
    rows = con.execute(union, [list(months), sorted(partners)]).pl()
    attributes = pl.DataFrame(
        [(p.id, p.category, p.regions[0], p.confidential_location) for p in config.partners],
        schema=["partner_id", "category", "region", "confidential"],
        orient="row",
    )
    return (
        rows.join(attributes, on="partner_id", how="left")
        .select(list(INPUT_SCHEMA))
        .cast(INPUT_SCHEMA)
        .sort("partner_id", "export", "period")
    )
