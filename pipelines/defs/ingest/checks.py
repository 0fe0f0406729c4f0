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


def suite_check_results(
    config: Collaborative, loaded: dict[str, pl.DataFrame]
) -> list[dg.AssetCheckResult]:
    """One result per fact table; a failure blocks everything downstream of the intake."""
    results = []
    for export in contract.EXPORTS.values():
        facts = loaded.get(export.name)
        metadata: dict = {"rows_loaded": 0 if facts is None else facts.height}
        passed = True
        if facts is not None and facts.height:
            from expectations.suites import rows_from_facts, run_suite

            failures = run_suite(export, config, rows_from_facts(export, facts))
            by_rule = Counter()
            for failure in failures:
                by_rule[failure.rule.rule] += failure.count
            passed = not failures
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
