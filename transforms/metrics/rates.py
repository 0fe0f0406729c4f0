"""Rates next to their counts, so a disclosure step can recompute them from published counts."""

import polars as pl


def rate(numerator: str | pl.Expr, denominator: str | pl.Expr) -> pl.Expr:
    """`numerator / denominator`; null (not 0, not NaN) when the denominator is 0 or null."""
    top = pl.col(numerator) if isinstance(numerator, str) else numerator
    bottom = pl.col(denominator) if isinstance(denominator, str) else denominator
    return pl.when(bottom > 0).then(top / bottom).otherwise(None).cast(pl.Float64)
