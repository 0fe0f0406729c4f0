"""The contract's row rules as Great Expectations suites, for the ingest's blocking asset checks.

The gate (`collab check` and the ingest) evaluates each row rule's Polars expression; the same
rules, declared in `expectations/exports/` beside their GX twins, are run here as GX suites, so
that an evaluator sees a standard validation result during the monthly ingest. Both paths must
fail the same (file, rule, column, row) cells, which `tests/expectations/test_suites.py`
proves. Importing GX takes seconds, so it happens inside functions only, and nothing on the
`collab check` path imports this module.
"""

import functools
import itertools
from collections import defaultdict
from typing import TYPE_CHECKING

import polars as pl

from collab import contract
from collab.config import Collaborative
from expectations.exports import row_rules
from expectations.read import ROW
from expectations.rows import FILE, PARTNER, PERIOD, Failure, RowRule

if TYPE_CHECKING:
    import great_expectations as gx
    import pandas as pd

_RESULT_FORMAT = {
    "result_format": "COMPLETE",  # every failing row, not GX's first 20
    "unexpected_index_column_names": [FILE, ROW],
    # Findings never echo a cell, and neither do results that end up in Dagster's event log.
    "exclude_unexpected_values": True,
    "return_unexpected_index_query": False,
}
_DATASOURCE = "partner_exports"
_SUITE_NUMBERS = itertools.count(1)


def build_suite(
    export: contract.Export, config: Collaborative, name: str | None = None
) -> "gx.ExpectationSuite":
    """One suite holding the GX twin of every rule of `row_rules(export, config)`.

    Each expectation's meta holds `rule` and `column`, which map its results back to the
    catalogue, and its description is the rule's message. Raises ValueError if a row rule has
    no twin: a rule added to `expectations/exports/` must not silently skip the ingest.
    """
    import great_expectations as gx
    from great_expectations import expectations as gxe

    suite = gx.ExpectationSuite(name=name or f"partner_{export.name}")
    missing = []
    for rule in row_rules(export, config):
        if not rule.gx:
            missing.append(f"{rule.rule} ({rule.column})")
        for twin in rule.gx:
            expectation = getattr(gxe, twin.expectation)
            meta = {"rule": rule.rule, "column": rule.column}
            suite.add_expectation(expectation(**twin.kwargs, meta=meta, description=rule.message))
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


def _gx_columns(rules: list[RowRule]) -> list[pl.Expr]:
    """The derived columns the rules' twins read, each once."""
    named = {e.meta.output_name(): e for rule in rules for e in rule.gx_columns}
    return list(named.values())


def _validation_frame(
    export: contract.Export, rules: list[RowRule], rows: pl.DataFrame
) -> "pd.DataFrame":
    return (
        rows.select(FILE, ROW, PARTNER, PERIOD, *export.columns)
        .with_columns(_gx_columns(rules))
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
    frame = _validation_frame(export, row_rules(export, config), rows)
    return _validation(export, config).run(
        batch_parameters={"dataframe": frame},
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
