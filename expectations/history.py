"""A big change from the partner's own recent months: loaded, but worth a question.

Compared with the partner's own average over its previous six months (at least three of them
known), a month's total requests that move by more than half, and by at least 10, are flagged.
"""

import polars as pl

from collab.periods import month_index

WINDOW = 6
MIN_MONTHS = 3
RELATIVE = 0.5
ABSOLUTE = 10


def big_changes(history: pl.DataFrame, candidates: pl.DataFrame) -> list[int]:
    """`candidates` (index, partner_id, period, requests) that move far from `history`.

    `history` (partner_id, period, requests) holds every known month's total, the candidates'
    own months included or not (a month is never compared with itself).
    """
    if candidates.height == 0:
        return []

    def with_index(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(
            pl.col("period").map_elements(month_index, return_dtype=pl.Int64).alias("m")
        )

    past = with_index(history).select(
        "partner_id", pl.col("m").alias("past_m"), pl.col("requests").alias("past")
    )
    compared = (
        with_index(candidates)
        .join(past, on="partner_id")
        .filter((pl.col("past_m") < pl.col("m")) & (pl.col("past_m") >= pl.col("m") - WINDOW))
        .group_by("index", "requests")
        .agg(pl.col("past").mean().alias("mean"), pl.len().alias("months"))
        .filter(
            (pl.col("months") >= MIN_MONTHS)
            & (
                (pl.col("requests") - pl.col("mean")).abs()
                > pl.max_horizontal(pl.col("mean") * RELATIVE, pl.lit(ABSOLUTE))
            )
        )
    )
    return sorted(compared["index"].to_list())
