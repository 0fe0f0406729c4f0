"""Which releases each version of each partner's data is part of: the atoms' signatures.

A version is one revision of one partner's export for one month. A release published earlier
was made from the versions its ledger inputs list, which may since have been replaced by a
resend or taken out by a withdrawal; the new release and the releases not yet made are made
from the current versions. Versions in exactly the same releases (and the same home region)
are indistinguishable in everything ever published, so each signature becomes one atom.
"""

import duckdb
import polars as pl

from collab import contract
from collab.config import Collaborative
from transforms.release import ledger
from transforms.schema import ARCHIVE

VERSION_KEY = ["partner_id", "export", "period", "revision"]
MAX_BITS = 62  # signatures are Int64 bit sets


class TooManyReleases(Exception):
    """More linked releases than a signature can tell apart."""


def versions(con: duckdb.DuckDBPyConnection, months: list[str]) -> pl.DataFrame:
    """(partner_id, export, period, revision, current) of every version with rows in `months`."""
    parts = []
    for export in contract.EXPORTS:
        for table, current in ((export, True), (ARCHIVE.format(export), False)):
            parts.append(
                f"SELECT DISTINCT partner_id, '{export}' AS export, period, revision, "
                f"{current} AS current FROM {table} WHERE period IN (SELECT unnest($1))"
            )
    return con.execute(" UNION ALL ".join(parts), [months]).pl()


def configured_attributes(config: Collaborative) -> pl.DataFrame:
    """Each configured partner's category, home region (its first) and confidentiality."""
    return pl.DataFrame(
        [(p.id, p.category, p.regions[0], p.confidential_location) for p in config.partners],
        schema={
            "partner_id": pl.String,
            "category": pl.String,
            "region": pl.String,
            "confidential": pl.Boolean,
        },
        orient="row",
    )


def partner_attributes(
    con: duckdb.DuckDBPyConnection, config: Collaborative, release_ids: list[str]
) -> pl.DataFrame:
    """Home region, category and confidentiality of every partner.

    The config's, and for a partner no longer in it, what the ledger recorded.
    """
    configured = configured_attributes(config)
    recorded = (
        ledger.inputs(con, release_ids)
        .select(configured.columns)
        .unique("partner_id", keep="last")
        .join(configured, on="partner_id", how="anti")
    )
    return pl.concat([configured, recorded.cast(configured.schema)])


def membership(
    con: duckdb.DuckDBPyConnection,
    months: list[str],
    releases: list[tuple[str | None, frozenset[str]]],
) -> pl.DataFrame:
    """(partner_id, export, period, revision, sig): bit i set when a version is in release i.

    `releases[i]` is (the id of a ledger release, or None for a release made now; partners).
    """
    if len(releases) > MAX_BITS:
        raise TooManyReleases(
            f"{len(releases)} linked releases and audiences; at most {MAX_BITS} can be "
            "protected together"
        )
    found = versions(con, months)
    recorded = ledger.inputs(con, [r for r, _ in releases if r is not None])
    parts = []
    for bit, (release_id, partners) in enumerate(releases):
        if release_id is not None:
            members = found.join(
                recorded.filter(pl.col("release_id") == release_id).select(VERSION_KEY),
                on=VERSION_KEY,
            )
        else:  # the current versions
            members = found.filter(pl.col("current") & pl.col("partner_id").is_in(list(partners)))
        # Once per version: a repeated input row would add the bit twice, and a carried sum
        # lands on another release's bit (the atom would be counted in the wrong release).
        # Int64 whatever the bit: `pl.lit(2**bit)` is Int32 below bit 31 and the frames
        # would not concatenate.
        parts.append(
            members.select(VERSION_KEY).unique().with_columns(pl.lit(2**bit, pl.Int64).alias("bit"))
        )
    return (
        pl.concat(parts).group_by(VERSION_KEY).agg(pl.col("bit").sum().cast(pl.Int64).alias("sig"))
    )
