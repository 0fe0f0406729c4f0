"""The `demographics` export, who was served (new individuals): tidy dimension/category rows.

Its columns are the contract's (`collab.contract.EXPORTS["demographics"]`); its rules are those
of every export (a category is one of its own row's dimension) and the totals below, which
read a file's rows together: age_band and gender add up to `total`, other counts stay within.
"""

import polars as pl

from collab import contract
from collab.config import Collaborative
from expectations.exports import every_export
from expectations.read import ROW
from expectations.rows import FILE, RowRule, count_value, expect
from expectations.rule import Rule

EXPORT = contract.EXPORTS["demographics"]

# Derived for GX: the row's dimension and category joined, or null where the dimension is
# unknown (reported on `dimension` alone).
_DIMENSION_CATEGORY = "__dimension_category"
_PAIRS = [f"{d}|{c}" for d, cats in contract.DEMOGRAPHIC_CATEGORIES.items() for c in cats]


def _category_rule(allowed: list[str]) -> RowRule:
    # `allowed` holds the categories of every dimension: a row's pair is checked instead.
    known_dimension = pl.col("dimension").is_in(list(contract.DEMOGRAPHIC_CATEGORIES))
    return RowRule(
        every_export.UNKNOWN_CODE.id,
        "category",
        known_dimension.fill_null(False)
        & ~pl.concat_str("dimension", pl.lit("|"), "category").is_in(_PAIRS).fill_null(False),
        "`category` is not a category of this row's `dimension`",
        # GX 1.24's pair-in-set expectation breaks with a row condition on pandas, and without
        # one it would also fail rows whose dimension is unknown. A blank category under a
        # known dimension stays a failing pair.
        gx=(expect("ExpectColumnValuesToBeInSet", column=_DIMENSION_CATEGORY, value_set=_PAIRS),),
        gx_columns=(
            pl.when(known_dimension)
            .then(pl.concat_str("dimension", pl.lit("|"), pl.col("category").fill_null("")))
            .alias(_DIMENSION_CATEGORY),
        ),
    )


def row_rules(config: Collaborative) -> list[RowRule]:
    """Every error rule of a demographics row, in the order findings list them."""
    return every_export.row_rules(EXPORT, config, {"category": _category_rule})


def warning_rules() -> list[RowRule]:
    """No warning is read from a demographics file alone."""
    return []


TOTAL = Rule(
    "sum.demographics_total",
    "error",
    "demographics: one `total/all` row; age_band and gender sum to it; every "
    "victimization and special_population count is at most the total.",
    "Use `not_reported` for people whose age or gender is unknown.",
)

RULES: tuple[Rule, ...] = (TOTAL,)

_IS_TOTAL = (pl.col("dimension") == "total") & (pl.col("category") == "all")
_WITHIN_TOTAL = ("victimization", "special_population")


def total_failures(rows: pl.DataFrame) -> list[tuple[int, str, int | None]]:
    """(file, message, row) for every demographics file that breaks `TOTAL` (no GX twin).

    `rows` holds only files whose cells are already valid, so counts parse.
    """
    if rows.height == 0:
        return []
    individuals = count_value("individuals")
    per_file = (
        rows.group_by(FILE)
        .agg(
            _IS_TOTAL.sum().alias("totals"),
            individuals.filter(_IS_TOTAL).sum().alias("total"),
            *[
                individuals.filter(pl.col("dimension") == d).sum().alias(d)
                for d in contract.DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL
            ],
        )
        .sort(FILE)
    )
    failures: list[tuple[int, str, int | None]] = []
    for record in per_file.iter_rows(named=True):
        if record["totals"] == 0:
            failures.append((record[FILE], "there is no `total`/`all` row", None))
            continue
        for dimension in contract.DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL:
            if record[dimension] != record["total"]:
                failures.append(
                    (
                        record[FILE],
                        f"`{dimension}` rows do not add up to the total (use `not_reported`)",
                        None,
                    )
                )
    over = rows.join(per_file.select(FILE, "total"), on=FILE).filter(
        pl.col("dimension").is_in(_WITHIN_TOTAL) & (individuals > pl.col("total"))
    )
    failures += [
        (file, "this count is larger than the total", row)
        for file, row in over.select(FILE, ROW).iter_rows()
    ]
    return failures
