"""The contract's row rules as Great Expectations suites, for the ingest's blocking asset checks.

`expectations.rows` is the fast path (`collab check` and the gate); these suites state the same
rules in GX, so that an evaluator sees a standard validation result during the monthly ingest.
Both paths must fail the same (file, rule, column, row) cells, which
`tests/expectations/test_suites.py` proves. Importing GX takes seconds, so it happens inside
functions only, and nothing on the `collab check` path imports this module.
"""

import functools
import itertools
from collections import defaultdict
from typing import TYPE_CHECKING

import polars as pl

from collab import contract
from collab.config import Collaborative
from expectations.codes import NEGATIVE, WHOLE, allowed_codes
from expectations.read import ROW
from expectations.rows import (
    FILE,
    PARTNER,
    PERIOD,
    Failure,
    count_value,
    row_rules,
)

if TYPE_CHECKING:
    import great_expectations as gx
    import pandas as pd

# Columns derived for GX, whose row expectations read one column or compare two, and none of
# which says "values differ": parsed counts and their sums, a flag, a joined code pair.
_COUNTERPART_IS_SELF = "__counterpart_is_self"
_DIMENSION_CATEGORY = "__dimension_category"
_ANSWERED = "__answered"
_RESPONDED = "__responded"


def _value(column: str) -> str:
    return f"__{column}_value"


def _parts(column: str) -> str:
    return f"__{column}_parts"


def _python_pattern(pattern: str) -> str:
    # pandas matches with Python's `re`, whose `$` also matches before a final newline; `\Z` is
    # what `$` means to Polars (Rust). The patterns themselves are the Polars path's, so the
    # two paths can't drift apart.
    return pattern.replace("$", r"\Z")


_NEGATIVE_COUNT = _python_pattern(NEGATIVE)
# A negative count is its own rule, so only text that is neither whole nor negative is
# "not a whole number".
_WHOLE_OR_NEGATIVE = f"{_python_pattern(WHOLE)}|{_NEGATIVE_COUNT}"

_RESULT_FORMAT = {
    "result_format": "COMPLETE",  # every failing row, not GX's first 20
    "unexpected_index_column_names": [FILE, ROW],
    # Findings never echo a cell, and neither do results that end up in Dagster's event log.
    "exclude_unexpected_values": True,
    "return_unexpected_index_query": False,
}
_DATASOURCE = "partner_exports"
_SUITE_NUMBERS = itertools.count(1)


def _sum_where_parsed(parts: tuple[str, ...], parsed: tuple[str, ...]) -> pl.Expr:
    """The sum of `parts`; null unless every count in `parsed` is a whole number."""
    every_count = pl.all_horizontal([count_value(c).is_not_null() for c in parsed])
    return pl.when(every_count).then(pl.sum_horizontal([count_value(p) for p in parts]))


def _helper_columns(export: contract.Export) -> list[pl.Expr]:
    """The derived columns the suite of `export` reads, built with the Polars path's parsing."""
    helpers = []
    for rule in export.sum_rules:
        helpers += [
            count_value(rule.total).alias(_value(rule.total)),
            _sum_where_parsed(rule.parts, rule.parts).alias(_parts(rule.total)),
        ]
    if export.name == "referrals":
        compared = (*contract.REFERRAL_ANSWERED, *contract.REFERRAL_RESPONSE_TIMES)
        helpers += [
            (pl.col("counterpart") == pl.col(PARTNER)).fill_null(False).alias(_COUNTERPART_IS_SELF),
            count_value("accepted").alias(_value("accepted")),
            count_value("got_help").alias(_value("got_help")),
            _sum_where_parsed(contract.REFERRAL_ANSWERED, compared).alias(_ANSWERED),
            _sum_where_parsed(contract.REFERRAL_RESPONSE_TIMES, compared).alias(_RESPONDED),
        ]
    if export.name == "demographics":
        # GX 1.24's pair-in-set expectation breaks with a row condition on pandas, and without
        # one it would also fail rows whose dimension is unknown (reported on `dimension` alone).
        # A blank category under a known dimension stays a failing pair.
        known = pl.col("dimension").is_in(list(contract.DEMOGRAPHIC_CATEGORIES))
        pair = pl.concat_str("dimension", pl.lit("|"), pl.col("category").fill_null(""))
        helpers.append(pl.when(known).then(pair).alias(_DIMENSION_CATEGORY))
    return helpers


def _code_sets(export: contract.Export, config: Collaborative) -> dict[str, list[str]]:
    """The allowed values of each code column; a category is checked with its dimension."""
    return {c: v for c, v in allowed_codes(export, config).items() if c != "category"}


def build_suite(
    export: contract.Export, config: Collaborative, name: str | None = None
) -> "gx.ExpectationSuite":
    """One suite whose expectations mirror every rule of `row_rules(export, config)`.

    Each expectation's meta holds `rule` and `column`, which map its results back to the
    catalogue, and its description is the rule's message. Raises ValueError if a row rule has
    no expectation: a rule added to `expectations.rows` must not silently skip the ingest.
    """
    import great_expectations as gx
    from great_expectations import expectations as gxe

    rules = {(r.rule, r.column): r for r in row_rules(export, config)}
    suite = gx.ExpectationSuite(name=name or f"partner_{export.name}")

    def expect(rule: str, column: str, expectation: type, /, **kwargs) -> None:
        meta = {"rule": rule, "column": column}
        description = rules[(rule, column)].message
        suite.add_expectation(expectation(**kwargs, meta=meta, description=description))

    # A blank partner_id or period differs from the file name: no row is ignored.
    for rule, column, named in (
        ("row.partner_mismatch", "partner_id", PARTNER),
        ("row.period_mismatch", "period", PERIOD),
    ):
        expect(
            rule,
            column,
            gxe.ExpectColumnPairValuesToBeEqual,
            column_A=column,
            column_B=named,
            ignore_row_if="neither",
        )
    for column, allowed in _code_sets(export, config).items():
        # Value-set expectations skip nulls, but a blank code is an unknown code too.
        expect("value.unknown_code", column, gxe.ExpectColumnValuesToNotBeNull, column=column)
        expect(
            "value.unknown_code",
            column,
            gxe.ExpectColumnValuesToBeInSet,
            column=column,
            value_set=allowed,
        )
    if export.name == "referrals":
        expect(
            "value.unknown_code",
            "counterpart",
            gxe.ExpectColumnValuesToBeInSet,
            column=_COUNTERPART_IS_SELF,
            value_set=[False],
        )
    if export.name == "demographics":
        pairs = [f"{d}|{c}" for d, cats in contract.DEMOGRAPHIC_CATEGORIES.items() for c in cats]
        expect(
            "value.unknown_code",
            "category",
            gxe.ExpectColumnValuesToBeInSet,
            column=_DIMENSION_CATEGORY,
            value_set=pairs,
        )
    # Regex expectations skip nulls, so a blank count is `count_blank` only.
    for column in export.counts:
        expect("value.count_blank", column, gxe.ExpectColumnValuesToNotBeNull, column=column)
        expect(
            "value.count_negative",
            column,
            gxe.ExpectColumnValuesToNotMatchRegex,
            column=column,
            regex=_NEGATIVE_COUNT,
        )
        expect(
            "value.count_not_integer",
            column,
            gxe.ExpectColumnValuesToMatchRegex,
            column=column,
            regex=_WHOLE_OR_NEGATIVE,
        )
    # A key is unique per file, and pandas, like Polars, counts blank key cells as equal.
    expect(
        "row.duplicate_key",
        ", ".join(export.key),
        gxe.ExpectCompoundColumnsToBeUnique,
        column_list=[FILE, *export.key],
        ignore_row_if="never",
    )
    # Sums are compared only where every count parses (the helper columns are null otherwise);
    # a count that doesn't parse has a finding of its own.
    for rule in export.sum_rules:
        expect(
            f"sum.{rule.total}",
            rule.total,
            gxe.ExpectColumnPairValuesToBeEqual,
            column_A=_value(rule.total),
            column_B=_parts(rule.total),
            ignore_row_if="either_value_is_missing",
        )
    if export.name == "referrals":
        expect(
            "sum.got_help",
            "got_help",
            gxe.ExpectColumnPairValuesAToBeGreaterThanB,
            column_A=_value("accepted"),
            column_B=_value("got_help"),
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        )
        expect(
            "sum.responded",
            "responded_2d",
            gxe.ExpectColumnPairValuesToBeEqual,
            column_A=_RESPONDED,
            column_B=_ANSWERED,
            ignore_row_if="either_value_is_missing",
        )
    covered = {(e.meta["rule"], e.meta["column"]) for e in suite.expectations}
    missing = sorted(f"{rule} ({column})" for rule, column in set(rules) - covered)
    if missing:
        raise ValueError(f"the {export.name} suite has no expectation for {', '.join(missing)}")
    return suite


@functools.cache
def _context() -> "gx.data_context.AbstractDataContext":
    """One in-memory GX context per process, holding every suite built here."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # Otherwise every validation draws tqdm bars on stderr, into the Dagster logs.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.data_sources.add_pandas(_DATASOURCE)
    return context


@functools.cache
def _validation(export: contract.Export, config: Collaborative) -> "gx.ValidationDefinition":
    """The validation of `export` under `config`, built once: building costs more than running."""
    import great_expectations as gx

    context = _context()
    name = f"partner_{export.name}_{next(_SUITE_NUMBERS)}"
    suite = context.suites.add(build_suite(export, config, name))
    batch = (
        context.data_sources.get(_DATASOURCE)
        .add_dataframe_asset(name)
        .add_batch_definition_whole_dataframe(name)
    )
    return context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )


def prepare(config: Collaborative) -> None:
    """Import GX and build the validation of every export under `config`, ahead of use.

    That takes seconds, most of it importing, so the intake does it in a thread while it
    gates and loads (and waits for its gate process), instead of after.
    """
    for export in contract.EXPORTS.values():
        _validation(export, config)


def _validation_frame(export: contract.Export, rows: pl.DataFrame) -> "pd.DataFrame":
    return (
        rows.select(FILE, ROW, PARTNER, PERIOD, *export.columns)
        .with_columns(_helper_columns(export))
        .to_pandas()
    )


def validate(
    export: contract.Export, config: Collaborative, rows: pl.DataFrame
) -> "gx.core.ExpectationSuiteValidationResult":
    """GX's own result of the suite of `export` on the gate's batch frame `rows`.

    `rows` is the frame `expectations.gate` builds: the export's columns as text, `__row`,
    `__file`, `__partner`, `__period`. The result names failing cells by `__file` and `__row`
    only and holds no cell value, so it may go into an asset check's metadata.
    """
    return _validation(export, config).run(
        batch_parameters={"dataframe": _validation_frame(export, rows)},
        result_format=_RESULT_FORMAT,
    )


def run_suite(export: contract.Export, config: Collaborative, rows: pl.DataFrame) -> list[Failure]:
    """Every failing (file, rule) of the suite of `export` on `rows`, with all its failing rows.

    Failures come in rule order, then file order, as from `rows.failing_rows`, and carry the
    `RowRule` (so its message), but are not capped at `MAX_ROWS_PER_RULE`. Raises RuntimeError
    if GX could not evaluate an expectation: an unchecked rule must block, not pass.
    """
    if rows.height == 0:
        return []
    rules = row_rules(export, config)
    order = {(r.rule, r.column): i for i, r in enumerate(rules)}
    failing: dict[tuple[int, int], set[int]] = defaultdict(set)
    for outcome in validate(export, config, rows).results:
        meta = outcome.expectation_config.meta
        found = outcome.result.get("unexpected_index_list") or []
        # GX reports an expectation it could not evaluate as failed, without failing rows
        # (the exception info is flat or per metric). Its exception text may quote cells.
        if outcome.exception_info.get("raised_exception") or (not outcome.success and not found):
            raise RuntimeError(f"GX could not evaluate {meta['rule']} on `{meta['column']}`")
        rule = order[(meta["rule"], meta["column"])]
        for cells in found:
            for file, row in zip(cells[FILE], cells[ROW], strict=True):
                failing[(rule, int(file))].add(int(row))
    return [
        Failure(file, rules[rule], sorted(numbers), len(numbers))
        for (rule, file), numbers in sorted(failing.items())
    ]


def suite_cells(
    export: contract.Export, config: Collaborative, rows: pl.DataFrame
) -> set[tuple[int, str, str | None, int]]:
    """Every failing (file, rule id, column, row) by the suite, as `rows.failing_cells` gives."""
    return {
        (failure.file, failure.rule.rule, failure.rule.column, row)
        for failure in run_suite(export, config, rows)
        for row in failure.rows
    }


def rows_from_facts(export: contract.Export, facts: pl.DataFrame) -> pl.DataFrame:
    """Loaded fact rows back in the gate's batch shape (text cells), to validate what was loaded.

    Each (partner, period) is one file of the batch; rows keep their row in the partner's file.
    """
    return facts.select(
        pl.struct("partner_id", "period").rank("dense").cast(pl.Int64).alias(FILE),
        pl.col("source_row").cast(pl.Int64).alias(ROW),
        pl.col("partner_id").alias(PARTNER),
        pl.col("period").alias(PERIOD),
        *[pl.col(c) for c in ("partner_id", "period", *export.codes)],
        *[pl.col(c).cast(pl.String) for c in export.counts],
    )
