"""Atoms: each partner group's count per month and finest cell, read from the warehouse.

Partners are grouped by their signature: the set of audiences (releases' partner sets) they
belong to, and their home region. Partners with the same signature are indistinguishable in
everything ever published, so merging them keeps the attacker model exact and the LP small.

Referrals are cut finest of all, as one family for four tables: by need, sender category
(`dimension`), receiver category (`detail`), and a `leaf` that is a status (`pending`,
`withdrawn`, `no_response`) or an answered status crossed with the answer time
(`got_help@responded_2d`, `declined_capacity@responded_over_14d`, ...). Partners report the
statuses and the answer times only as margins; the cross is unknown to everyone, so each
partner row is split by the north-west corner rule: any split with the right margins gives
the same cell values, and the LP leaves the cross free, as a reader's would be.

Demographics are cut the same way, by age band crossed with gender (`25-59@female`): the
contract tells every reader that a partner's age bands and its gender categories add up to
the same total, month by month. With a dimension's atoms of their own, a signature's age
total could drift from its gender total in the LP, and the protection would defend ranges no
reader can reach (an outside attack derived three hidden age-band cells of 7 and 10 to
[2, 18] that way). Every pair of an age band and a gender category with people in them
becomes an atom, a zero one too: any split with the right margins is one a reader can't
rule out, so the LP must be free to choose it.

Only non-zero contributions become atoms: the attacker is granted every structural zero
(a stronger attacker than a reader, so protection against it is safe), zero cells are
published as 0 without entering the LP, and the LPs shrink by a third or more.
"""

import duckdb
import polars as pl

from collab import contract
from transforms.release.spec import OUTSIDE
from transforms.schema import ARCHIVE

ATOM_SCHEMA = {
    "family": pl.String,
    "sig": pl.Int64,
    "confidential": pl.Boolean,  # every contributor has a confidential location
    "month": pl.String,
    "region": pl.String,
    "need": pl.String,
    "dimension": pl.String,
    "detail": pl.String,
    "leaf": pl.String,
    "value": pl.Int64,
}
# Answered statuses in the order the split fills them; `accepted` is split by the loop.
ANSWERED = ("got_help", "not_confirmed", *contract.REFERRAL_ANSWERED[1:])
UNANSWERED = tuple(s for s in contract.REFERRAL_STATUSES if s not in contract.REFERRAL_ANSWERED)


def _facts(con: duckdb.DuckDBPyConnection, table: str, months: list[str]) -> pl.DataFrame:
    """Current rows and the archived revisions published releases were made from."""
    return con.execute(
        f"SELECT * FROM {table} WHERE period IN (SELECT unnest($1)) UNION ALL BY NAME "
        f"SELECT * FROM {ARCHIVE.format(table)} WHERE period IN (SELECT unnest($1))",
        [months],
    ).pl()


def _long(frame: pl.DataFrame, index: list[str], leaves: tuple[str, ...]) -> pl.DataFrame:
    return frame.unpivot(index=index, on=list(leaves), variable_name="leaf", value_name="value")


def _overlap(low_a, high_a, low_b, high_b) -> pl.Expr:
    return pl.max_horizontal(
        pl.lit(0), pl.min_horizontal(high_a, high_b) - pl.max_horizontal(low_a, low_b)
    )


def split_referrals(referrals: pl.DataFrame, category: dict[str, str]) -> pl.DataFrame:
    """Sent referrals as (partner_id, period, need, dimension, detail, leaf, value)."""
    frame = referrals.with_columns(
        pl.col("accepted").sub(pl.col("got_help")).alias("not_confirmed"),
        pl.col("partner_id").replace_strict(category, default=OUTSIDE).alias("dimension"),
        pl.col("counterpart").replace_strict(category, default=OUTSIDE).alias("detail"),
    )
    status_edges = [pl.lit(0)] + [
        pl.sum_horizontal(*ANSWERED[: i + 1]) for i in range(len(ANSWERED))
    ]
    time_edges = [pl.lit(0)] + [
        pl.sum_horizontal(*contract.REFERRAL_RESPONSE_TIMES[: j + 1])
        for j in range(len(contract.REFERRAL_RESPONSE_TIMES))
    ]
    crossed = [
        _overlap(status_edges[i], status_edges[i + 1], time_edges[j], time_edges[j + 1]).alias(
            f"{status}@{time}"
        )
        for i, status in enumerate(ANSWERED)
        for j, time in enumerate(contract.REFERRAL_RESPONSE_TIMES)
    ]
    leaves = [*UNANSWERED, *[c.meta.output_name() for c in crossed]]
    index = ["partner_id", "period", "revision", "need", "dimension", "detail"]
    return _long(
        frame.with_columns(crossed),
        [c for c in index if c in frame.columns],
        tuple(leaves),
    )


def cross_demographics(margins: pl.DataFrame) -> pl.DataFrame:
    """A signature's age bands and gender categories of a month as their cross (`age@gender`).

    `margins` holds the family's atoms by `dimension` and `leaf`; the cross is split by the
    north-west corner rule, and every pair of non-empty margins is an atom (zero if the rule
    puts nobody there), so the cross is as free in the LP as it is to a reader.
    """
    group = ["family", "sig", "confidential", "month"]
    age, gender = contract.DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL

    def intervals(dimension: str) -> pl.DataFrame:
        order = contract.DEMOGRAPHIC_CATEGORIES[dimension]
        return (
            margins.filter(pl.col("dimension") == dimension)
            .sort(pl.col("leaf").replace_strict(order, range(len(order)), return_dtype=pl.Int64))
            .select(
                *group,
                pl.col("leaf").alias(dimension),
                pl.col("value").cum_sum().over(group).alias(f"{dimension}_high"),
            )
            .with_columns(
                pl.col(f"{dimension}_high")
                .shift(1, fill_value=0)
                .over(group)
                .alias(f"{dimension}_low")
            )
        )

    totals = margins.group_by(group).agg(
        pl.col("value").filter(pl.col("dimension") == d).sum().alias(d) for d in (age, gender)
    )
    if totals.filter(pl.col(age) != pl.col(gender)).height:
        raise RuntimeError(
            "demographics in the warehouse break the contract: a partner's age bands and "
            "gender categories add up to different totals (the gate's sum.demographics_total)"
        )
    cross = intervals(age).join(intervals(gender), on=group)
    return cross.select(
        *group,
        pl.lit(None, pl.String).alias("region"),
        pl.lit(None, pl.String).alias("need"),
        pl.lit(None, pl.String).alias("dimension"),
        pl.lit(None, pl.String).alias("detail"),
        pl.concat_str(age, gender, separator="@").alias("leaf"),
        _overlap(
            pl.col(f"{age}_low"),
            pl.col(f"{age}_high"),
            pl.col(f"{gender}_low"),
            pl.col(f"{gender}_high"),
        ).alias("value"),
    )


def load_atoms(
    con: duckdb.DuckDBPyConnection,
    months: list[str],
    membership: pl.DataFrame,
    partners: pl.DataFrame,
) -> pl.DataFrame:
    """All atoms of every table family for `months`.

    `membership` gives each version of a partner's export and month (partner_id, export,
    period, revision) its signature `sig`; versions without one are left out. `partners`
    gives each partner's home region, category and confidentiality.
    """
    home = dict(zip(partners["partner_id"], partners["region"], strict=True))
    category = dict(zip(partners["partner_id"], partners["category"], strict=True))
    region = pl.col("partner_id").replace_strict(home, default=None, return_dtype=pl.String)
    frames = []
    services = _facts(con, "services", months)
    frames.append(
        _long(
            services.with_columns(region.alias("region")),
            ["partner_id", "period", "revision", "region", "need"],
            contract.SERVICE_OUTCOMES,
        ).with_columns(
            pl.lit("services").alias("family"), pl.lit(None, pl.String).alias("dimension")
        )
    )
    referrals = _facts(con, "referrals", months).filter(pl.col("direction") == "sent")
    frames.append(
        split_referrals(referrals, category).with_columns(
            pl.lit("referrals").alias("family"), pl.lit(None, pl.String).alias("region")
        )
    )
    demographics = _facts(con, "demographics", months).filter(
        pl.col("dimension").is_in(contract.DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL)
    )
    frames.append(
        demographics.select(
            "partner_id",
            "period",
            "revision",
            "dimension",
            pl.col("category").alias("leaf"),
            pl.col("individuals").alias("value"),
            pl.lit("demographics").alias("family"),
            pl.lit(None, pl.String).alias("region"),
            pl.lit(None, pl.String).alias("need"),
        )
    )
    feedback = _facts(con, "feedback", months).rename({"question": "dimension"})
    frames.append(
        _long(
            feedback, ["partner_id", "period", "revision", "dimension"], contract.FEEDBACK_ANSWERS
        ).with_columns(
            pl.lit("feedback").alias("family"),
            pl.lit(None, pl.String).alias("region"),
            pl.lit(None, pl.String).alias("need"),
        )
    )
    capacity = _facts(con, "capacity", months)
    frames.append(
        _long(
            capacity, ["partner_id", "period", "revision", "region", "need"], ("waitlist", "slots")
        ).with_columns(
            pl.lit("capacity").alias("family"), pl.lit(None, pl.String).alias("dimension")
        )
    )
    columns = [
        "family",
        "partner_id",
        "period",
        "revision",
        "region",
        "need",
        "dimension",
        "detail",
        "leaf",
        "value",
    ]
    versions = membership.select(
        pl.col("export").alias("family"),
        "partner_id",
        "period",
        pl.col("revision").cast(pl.Int32),
        "sig",
    )
    atoms = (
        pl.concat(
            [
                (
                    f if "detail" in f.columns else f.with_columns(detail=pl.lit(None, pl.String))
                ).select(columns)
                for f in frames
            ],
            how="vertical_relaxed",
        )
        .filter(pl.col("value") > 0)
        .with_columns(pl.col("revision").cast(pl.Int32))
        .join(versions, on=["family", "partner_id", "period", "revision"])
        .join(partners.select("partner_id", "confidential"), on="partner_id", how="left")
        .with_columns(pl.col("period").alias("month"), pl.col("confidential").fill_null(False))
        .group_by(
            "family",
            "sig",
            "confidential",
            "month",
            "region",
            "need",
            "dimension",
            "detail",
            "leaf",
        )
        .agg(pl.col("value").sum().cast(pl.Int64))
    )
    is_demographics = pl.col("family") == "demographics"
    atoms = pl.concat(
        [
            atoms.filter(~is_demographics),
            cross_demographics(atoms.filter(is_demographics)).cast(atoms.schema),
        ]
    )
    return atoms.select(list(ATOM_SCHEMA)).sort(list(ATOM_SCHEMA)[:-1], nulls_last=True)
