"""Demographics blocks: age_band and gender add up to `total`; other counts stay within it."""

import polars as pl

from collab import contract
from expectations.read import ROW
from expectations.rows import FILE, count_value

_IS_TOTAL = (pl.col("dimension") == "total") & (pl.col("category") == "all")
_WITHIN_TOTAL = ("victimization", "special_population")


def demographics_failures(rows: pl.DataFrame) -> list[tuple[int, str, int | None]]:
    """(file, message, row) for every demographics block that breaks the total rules.

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
