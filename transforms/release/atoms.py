"""Atoms: each partner group's count per month and finest cell, read from the warehouse.

Partners are grouped by their signature: the set of audiences (releases' partner sets) they
belong to, and their home region. Partners with the same signature are indistinguishable in
everything ever published, so merging them keeps the attacker model exact and the LP small.
"""

import duckdb
import polars as pl

from collab import contract

ATOM_SCHEMA = {
    "table": pl.String,
    "sig": pl.Int64,
    "month": pl.String,
    "region": pl.String,
    "need": pl.String,
    "dimension": pl.String,
    "leaf": pl.String,
    "value": pl.Int64,
}


def _facts(con: duckdb.DuckDBPyConnection, table: str, months: list[str]) -> pl.DataFrame:
    return con.execute(f"SELECT * FROM {table} WHERE period IN (SELECT unnest($1))", [months]).pl()


def _long(frame: pl.DataFrame, index: list[str], leaves: tuple[str, ...]) -> pl.DataFrame:
    return frame.unpivot(index=index, on=list(leaves), variable_name="leaf", value_name="value")


def load_atoms(
    con: duckdb.DuckDBPyConnection,
    months: list[str],
    signatures: dict[str, int],
    home_region: dict[str, str],
) -> pl.DataFrame:
    """All atoms of the four tables for `months`; partners without a signature are left out."""
    sig = pl.col("partner_id").replace_strict(signatures, default=0, return_dtype=pl.Int64)
    home = pl.col("partner_id").replace_strict(home_region, default=None, return_dtype=pl.String)
    frames = []
    services = _facts(con, "services", months)
    frames.append(
        _long(
            services.with_columns(home.alias("region")),
            ["partner_id", "period", "region", "need"],
            contract.SERVICE_OUTCOMES,
        ).with_columns(
            pl.lit("services").alias("table"), pl.lit(None, pl.String).alias("dimension")
        )
    )
    referrals = _facts(con, "referrals", months).filter(pl.col("direction") == "sent")
    frames.append(
        _long(referrals, ["partner_id", "period", "need"], contract.REFERRAL_STATUSES).with_columns(
            pl.lit("referrals").alias("table"),
            pl.lit(None, pl.String).alias("region"),
            pl.lit(None, pl.String).alias("dimension"),
        )
    )
    demographics = _facts(con, "demographics", months).filter(
        pl.col("dimension").is_in(contract.DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL)
    )
    frames.append(
        demographics.select(
            "partner_id",
            "period",
            "dimension",
            pl.col("category").alias("leaf"),
            pl.col("individuals").alias("value"),
            pl.lit("demographics").alias("table"),
            pl.lit(None, pl.String).alias("region"),
            pl.lit(None, pl.String).alias("need"),
        )
    )
    capacity = _facts(con, "capacity", months)
    frames.append(
        _long(
            capacity, ["partner_id", "period", "region", "need"], ("waitlist", "slots")
        ).with_columns(
            pl.lit("capacity").alias("table"), pl.lit(None, pl.String).alias("dimension")
        )
    )
    columns = ["table", "partner_id", "period", "region", "need", "dimension", "leaf", "value"]
    atoms = (
        pl.concat([f.select(columns) for f in frames], how="vertical_relaxed")
        .with_columns(sig.alias("sig"), pl.col("period").alias("month"))
        .filter(pl.col("sig") != 0)
        .group_by("table", "sig", "month", "region", "need", "dimension", "leaf")
        .agg(pl.col("value").sum().cast(pl.Int64))
    )
    return atoms.select(list(ATOM_SCHEMA)).sort(list(ATOM_SCHEMA)[:-1], nulls_last=True)
