"""The collaboration network: who refers to whom, between partner categories and partners.

Flows are sent referrals over the whole scope (a network is read over a period, not a month).
An `EXT-<category>` counterpart is an organisation outside the collaborative: it counts as its
category, flagged `external`. Confidential-location partners are never named in what is
published: `hubs` carries `confidential_location` so the caller can drop them before release.
"""

import duckdb
import polars as pl

from transforms.metrics.rates import rate
from transforms.metrics.scope import Scope, partner_dimension, read_facts

EXTERNAL_PREFIX = "EXT-"


def _sent(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Scope's sent referrals with both ends' categories (`from_category`, `to_category`)."""
    categories = con.execute("SELECT partner_id, category FROM partners").pl()
    external = pl.col("counterpart").str.starts_with(EXTERNAL_PREFIX)
    return (
        read_facts(con, "referrals", scope)
        .filter((pl.col("direction") == "sent") & (pl.col("referrals") > 0))
        .join(categories.rename({"category": "from_category"}), on="partner_id", how="left")
        .join(
            categories.rename({"partner_id": "counterpart", "category": "to_category"}),
            on="counterpart",
            how="left",
        )
        .with_columns(
            external=external,
            to_category=pl.when(external)
            .then(pl.col("counterpart").str.strip_prefix(EXTERNAL_PREFIX))
            .otherwise(pl.col("to_category")),
        )
    )


def category_flows(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Sent referrals from each partner category to each category, over the scope.

    `senders` is how many partners make up the flow (a flow from one partner is that partner's
    figure, which matters for disclosure). Columns: `from_category`, `to_category`, `external`,
    `referrals`, `senders`.
    """
    return (
        _sent(con, scope)
        .group_by("from_category", "to_category", "external")
        .agg(pl.col("referrals").sum(), pl.col("partner_id").n_unique().alias("senders"))
        .with_columns(pl.col("senders").cast(pl.Int64))
        .sort("from_category", "to_category", "external")
    )


def network_summary(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Density and reciprocity of the category network, in one row.

    Categories are those of the scope's partners plus any a flow reaches (inside or outside).
    Between distinct categories only (a category referring within itself is not a link):
    `density` = linked_pairs / possible_pairs, over the ordered pairs X→Y with X ≠ Y;
    `reciprocity` = reciprocated_pairs / linked_pairs, the links X→Y for which Y→X exists.
    Columns: `categories`, `possible_pairs`, `linked_pairs`, `density`, `reciprocated_pairs`,
    `reciprocity`.
    """
    flows = category_flows(con, scope)
    members = partner_dimension(con, scope)["category"]
    categories = pl.concat([members, flows["to_category"], flows["from_category"]]).n_unique()
    links = (
        flows.filter(pl.col("from_category") != pl.col("to_category"))
        .select("from_category", "to_category")
        .unique()
    )
    reversed_links = links.select(
        pl.col("to_category").alias("from_category"), pl.col("from_category").alias("to_category")
    )
    reciprocated = links.join(reversed_links, on=["from_category", "to_category"], how="semi")
    return pl.DataFrame(
        {
            "categories": [categories],
            "possible_pairs": [categories * (categories - 1)],
            "linked_pairs": [links.height],
            "reciprocated_pairs": [reciprocated.height],
        },
        schema={
            "categories": pl.Int64,
            "possible_pairs": pl.Int64,
            "linked_pairs": pl.Int64,
            "reciprocated_pairs": pl.Int64,
        },
    ).select(
        "categories",
        "possible_pairs",
        "linked_pairs",
        rate("linked_pairs", "possible_pairs").alias("density"),
        "reciprocated_pairs",
        rate("reciprocated_pairs", "linked_pairs").alias("reciprocity"),
    )


def hubs(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """Partners ranked by how many distinct partners they refer with, in either direction.

    A link A→B is known from A's `sent` row or B's `received` row (either is enough, so a
    missing file on one side does not hide it); only rows reported by the scope's partners
    are read, and only partners inside the collaborative count (an `EXT-` counterpart stands
    for many organisations). `sent_to` and `received_from` are distinct partners each way,
    `degree` distinct partners either way; equal degrees share a rank.
    Columns: `rank`, `partner_id`, `category`, `confidential_location`, `sent_to`,
    `received_from`, `degree`.
    """
    rows = read_facts(con, "referrals", scope).filter(
        (pl.col("referrals") > 0) & ~pl.col("counterpart").str.starts_with(EXTERNAL_PREFIX)
    )
    is_sent = pl.col("direction") == "sent"
    links = rows.select(
        sender=pl.when(is_sent).then("partner_id").otherwise("counterpart"),
        receiver=pl.when(is_sent).then("counterpart").otherwise("partner_id"),
    ).unique()
    ends = pl.concat(
        [
            links.select(partner_id="sender", counterpart="receiver", outgoing=pl.lit(True)),
            links.select(partner_id="receiver", counterpart="sender", outgoing=pl.lit(False)),
        ]
    )
    degrees = ends.group_by("partner_id").agg(
        sent_to=pl.col("counterpart").filter("outgoing").n_unique().cast(pl.Int64),
        received_from=pl.col("counterpart").filter(~pl.col("outgoing")).n_unique().cast(pl.Int64),
        degree=pl.col("counterpart").n_unique().cast(pl.Int64),
    )
    counts = ["sent_to", "received_from", "degree"]
    return (
        partner_dimension(con, scope)
        .select("partner_id", "category", "confidential_location")
        .join(degrees, on="partner_id", how="left")
        .with_columns(pl.col(counts).fill_null(0))
        .with_columns(rank=pl.col("degree").rank("min", descending=True).cast(pl.Int64))
        .sort("rank", "partner_id")
        .select("rank", "partner_id", "category", "confidential_location", *counts)
    )
