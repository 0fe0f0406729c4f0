"""A count that is the sum of others: the shape of most export rules, with its GX twin.

Sums are compared only where every count they read parses (a count that doesn't has a finding
of its own); the GX twin reads derived columns that are null otherwise.
"""

import polars as pl

from expectations.rows import RowRule, count_value, expect
from expectations.rule import Rule


def value_column(column: str) -> str:
    """The name of the derived column holding `column`'s parsed count, for GX."""
    return f"__{column}_value"


def _parts_column(total: str) -> str:
    return f"__{total}_parts"


def all_counts(columns: tuple[str, ...]) -> pl.Expr:
    """True where every count of `columns` is a whole number."""
    return pl.all_horizontal([count_value(c).is_not_null() for c in columns])


def sum_where_parsed(parts: tuple[str, ...], parsed: tuple[str, ...]) -> pl.Expr:
    """The sum of `parts`; null unless every count in `parsed` is a whole number."""
    return pl.when(all_counts(parsed)).then(pl.sum_horizontal([count_value(p) for p in parts]))


def sum_rule(rule: Rule, total: str, parts: tuple[str, ...]) -> RowRule:
    """`total` is the sum of `parts` on every row."""
    return RowRule(
        rule.id,
        total,
        (count_value(total) != pl.sum_horizontal([count_value(p) for p in parts])).fill_null(False)
        & all_counts(parts),
        f"`{total}` is not the sum of {', '.join(parts)}",
        gx=(
            expect(
                "ExpectColumnPairValuesToBeEqual",
                column_A=value_column(total),
                column_B=_parts_column(total),
                ignore_row_if="either_value_is_missing",
            ),
        ),
        gx_columns=(
            count_value(total).alias(value_column(total)),
            sum_where_parsed(parts, parts).alias(_parts_column(total)),
        ),
    )
