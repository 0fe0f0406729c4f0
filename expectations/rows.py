"""Row rules of the partner contract as Polars expressions, evaluated over many files at once.

Like a dataframely schema: each rule is an expression that is true on the failing rows, so a
batch of files gives every failing row and rule in one pass instead of stopping at the first.
The frame carries `__file` (which file of the batch), `__partner` and `__period` (what the file
name says), so that one evaluation serves a month of files as well as a single `collab check`.
"""

from dataclasses import dataclass

import polars as pl

from collab import contract
from collab.config import Collaborative
from expectations.codes import NEGATIVE, WHOLE, allowed_codes
from expectations.read import ROW

FILE = "__file"
PARTNER = "__partner"
PERIOD = "__period"
MAX_ROWS_PER_RULE = 10


@dataclass(frozen=True)
class RowRule:
    """Rows where `failing` is true break `rule` in `column`; `message` never holds a value."""

    rule: str
    column: str | None
    failing: pl.Expr
    message: str


def count_value(column: str) -> pl.Expr:
    """The count as an integer; null where the cell is not a whole number."""
    return pl.when(pl.col(column).str.contains(WHOLE)).then(pl.col(column).cast(pl.Int64))


def _count_rules(column: str) -> list[RowRule]:
    cell = pl.col(column)
    blank = cell.is_null()
    negative = cell.str.contains(NEGATIVE).fill_null(False)
    return [
        RowRule("value.count_blank", column, blank, f"`{column}` is empty; write 0 for none"),
        RowRule("value.count_negative", column, negative, f"`{column}` is negative"),
        RowRule(
            "value.count_not_integer",
            column,
            (~blank & ~negative & ~cell.str.contains(WHOLE)).fill_null(False),
            f"`{column}` is not a whole number",
        ),
    ]


def _code_rule(column: str, allowed: list[str], extra: pl.Expr | None = None) -> RowRule:
    known = pl.col(column).is_in(allowed).fill_null(False)
    if extra is not None:
        known = known & extra
    return RowRule(
        "value.unknown_code", column, ~known, f"`{column}` is not one of the contract's codes"
    )


def _code_rules(export: contract.Export, config: Collaborative) -> list[RowRule]:
    allowed = allowed_codes(export, config)
    if export.name != "demographics":
        # A partner never refers to itself: its own id is no counterpart.
        not_self = {"counterpart": pl.col("counterpart") != pl.col(PARTNER)}
        return [_code_rule(c, allowed[c], not_self.get(c)) for c in export.codes]
    pairs = [f"{d}|{c}" for d, cats in contract.DEMOGRAPHIC_CATEGORIES.items() for c in cats]
    known_dimension = pl.col("dimension").is_in(allowed["dimension"])
    return [
        _code_rule("dimension", allowed["dimension"]),
        RowRule(
            "value.unknown_code",
            "category",
            known_dimension.fill_null(False)
            & ~pl.concat_str("dimension", pl.lit("|"), "category").is_in(pairs).fill_null(False),
            "`category` is not a category of this row's `dimension`",
        ),
    ]


def _all_counts(columns: tuple[str, ...]) -> pl.Expr:
    return pl.all_horizontal([count_value(c).is_not_null() for c in columns])


def _sum_rules(export: contract.Export) -> list[RowRule]:
    rules = [
        RowRule(
            f"sum.{rule.total}",
            rule.total,
            (
                count_value(rule.total) != pl.sum_horizontal([count_value(p) for p in rule.parts])
            ).fill_null(False)
            & _all_counts(rule.parts),
            f"`{rule.total}` is not the sum of {', '.join(rule.parts)}",
        )
        for rule in export.sum_rules
    ]
    if export.name == "referrals":
        answered = pl.sum_horizontal([count_value(c) for c in contract.REFERRAL_ANSWERED])
        responded = pl.sum_horizontal([count_value(c) for c in contract.REFERRAL_RESPONSE_TIMES])
        rules += [
            RowRule(
                "sum.got_help",
                "got_help",
                (count_value("got_help") > count_value("accepted")).fill_null(False),
                "`got_help` is larger than `accepted`",
            ),
            RowRule(
                "sum.responded",
                "responded_2d",
                (responded != answered)
                & _all_counts((*contract.REFERRAL_ANSWERED, *contract.REFERRAL_RESPONSE_TIMES)),
                "response times do not add up to the answered referrals "
                "(accepted + declined_capacity + declined_ineligible + declined_other)",
            ),
        ]
    return rules


def row_rules(export: contract.Export, config: Collaborative) -> list[RowRule]:
    """Every row rule of an export."""
    rules = [
        RowRule(
            "row.partner_mismatch",
            "partner_id",
            (pl.col("partner_id") != pl.col(PARTNER)).fill_null(True),
            "`partner_id` is not the partner in the file name",
        ),
        RowRule(
            "row.period_mismatch",
            "period",
            (pl.col("period") != pl.col(PERIOD)).fill_null(True),
            "`period` is not the month in the file name",
        ),
        *_code_rules(export, config),
    ]
    for column in export.counts:
        rules += _count_rules(column)
    rules.append(
        RowRule(
            "row.duplicate_key",
            ", ".join(export.key),
            pl.struct([FILE, *export.key]).is_duplicated(),
            f"another row has the same {', '.join(export.key)}",
        )
    )
    return rules + _sum_rules(export)


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
