"""Blocking checks on the intake: the rows a run loaded pass the contract's GX suites.

The gate (Polars) already rejects broken files; the Great Expectations suites state the same
rules again and validate the loaded rows, so a fault in loading can never flow into releases,
and evaluators see a standard validation result. Results name rules and counts, never values.
"""

from collections import Counter

import dagster as dg
import polars as pl

from collab import contract
from collab.config import Collaborative

FACT_CHECKS = [
    dg.AssetCheckSpec(
        "contract_suite",
        asset=dg.AssetKey(["warehouse", export]),
        blocking=True,
        description="The Great Expectations suite of the contract's row rules passes on the "
        "rows this run loaded.",
    )
    for export in contract.EXPORTS
]


# Rows validated per suite run: GX costs about the same per run up to this size, and
# validates in pandas, whose text cells take far more memory than Polars's.
ROWS_PER_RUN = 250_000


def _runs(frames: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """The loaded months in runs of about ROWS_PER_RUN rows; a month is never split."""
    runs, current = [], []
    for frame in frames:
        current.append(frame)
        if sum(f.height for f in current) >= ROWS_PER_RUN:
            runs.append(pl.concat(current, how="vertical_relaxed"))
            current = []
    if current:
        runs.append(pl.concat(current, how="vertical_relaxed"))
    return runs


def suite_check_results(
    config: Collaborative, loaded: dict[str, list[pl.DataFrame]]
) -> list[dg.AssetCheckResult]:
    """One result per fact table; a failure blocks everything downstream of the intake.

    `loaded` holds the rows an intake loaded, a frame per month and export.
    """
    results = []
    for export in contract.EXPORTS.values():
        frames = [f for f in loaded.get(export.name, []) if f.height]
        metadata: dict = {"rows_loaded": sum(f.height for f in frames)}
        passed = True
        if frames:
            from expectations.suites import rows_from_facts, run_suite

            by_rule = Counter()
            for facts in _runs(frames):
                for failure in run_suite(export, config, rows_from_facts(export, facts)):
                    by_rule[failure.rule.rule] += failure.count
            passed = not by_rule
            metadata["failing_rows_by_rule"] = dict(by_rule)
        results.append(
            dg.AssetCheckResult(
                check_name="contract_suite",
                asset_key=dg.AssetKey(["warehouse", export.name]),
                passed=passed,
                metadata=metadata,
            )
        )
    return results
