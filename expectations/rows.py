"""What a row rule is, and how a batch of files is evaluated against row rules.

Like a dataframely schema: each rule is an expression that is true on the failing rows, so a
batch of files gives every failing row and rule in one pass instead of stopping at the first.
The frame carries `__file` (which file of the batch), `__partner` and `__period` (what the file
name says), so that one evaluation serves a month of files as well as a single `collab check`.
The rules themselves are declared per export type in `expectations/exports/`.
"""

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from expectations.codes import WHOLE
from expectations.read import ROW

FILE = "__file"
PARTNER = "__partner"
PERIOD = "__period"
MAX_ROWS_PER_RULE = 10


@dataclass(frozen=True)
class Expect:
    """A Great Expectations expectation, named by its class in `great_expectations.expectations`.

    Declared beside the Polars rule it mirrors, and made into a GX object only when a suite is
    built (`expectations.suites`), so that declaring a rule never imports GX.
    """

    expectation: str
    kwargs: dict[str, Any]


def expect(expectation: str, **kwargs: Any) -> Expect:
    """`Expect("ExpectColumnValuesToNotBeNull", {"column": "need"})`, written as a call."""
    return Expect(expectation, kwargs)


@dataclass(frozen=True)
class RowRule:
    """Rows where `failing` is true break `rule` in `column`; `message` never holds a value.

    `gx` is the rule's twin for the ingest's GX suites: expectations that fail exactly the rows
    `failing` flags, reading the frame's columns and the derived `gx_columns` (named
    expressions, built with the same parsing as `failing`). A rule of severity `warning` may
    have no twin: the suites hold the errors.
    """

    rule: str
    column: str | None
    failing: pl.Expr
    message: str
    gx: tuple[Expect, ...] = field(default=())
    gx_columns: tuple[pl.Expr, ...] = field(default=())


def count_value(column: str) -> pl.Expr:
    """The count as an integer; null where the cell is not a whole number."""
    return pl.when(pl.col(column).str.contains(WHOLE)).then(pl.col(column).cast(pl.Int64))


@dataclass(frozen=True)
class Failure:
    """Where one rule fails in one file: the first rows, and how many rows in all."""

    file: int
    rule: RowRule
    rows: list[int]
    count: int


def failing_rows(rows: pl.DataFrame, rules: list[RowRule]) -> list[Failure]:
    """Every (file, rule) that fails, in rule order, with its first failing rows."""
    if rows.height == 0 or not rules:
        return []
    flags = rows.select(FILE, ROW, *[r.failing.alias(f"r{i}") for i, r in enumerate(rules)])
    totals = flags.select(pl.exclude(FILE, ROW).sum()).row(0)
    failures = []
    for i, (rule, total) in enumerate(zip(rules, totals, strict=True)):
        if not total:
            continue
        per_file = (
            flags.filter(pl.col(f"r{i}"))
            .group_by(FILE, maintain_order=True)
            .agg(pl.col(ROW).head(MAX_ROWS_PER_RULE).alias("rows"), pl.len().alias("count"))
        )
        for file, first_rows, count in per_file.iter_rows():
            failures.append(Failure(file, rule, first_rows, count))
    return failures


def failing_cells(
    rows: pl.DataFrame, rules: list[RowRule]
) -> set[tuple[int, str, str | None, int]]:
    """Every failing (file, rule id, column, row), uncapped.

    The gate needs only the first rows per rule (`failing_rows`); proving that the GX suites of
    the ingest find exactly the same cells needs all of them.
    """
    if rows.height == 0:
        return set()
    flags = rows.select(FILE, ROW, *[r.failing.alias(f"r{i}") for i, r in enumerate(rules)])
    return {
        (file, rule.rule, rule.column, row)
        for i, rule in enumerate(rules)
        for file, row in flags.filter(pl.col(f"r{i}")).select(FILE, ROW).iter_rows()
    }
