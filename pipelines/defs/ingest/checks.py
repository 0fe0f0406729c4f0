"""Blocking checks on the intake: the rows a run loaded pass the contract's GX suites.

The gate (Polars) already rejects broken files; the Great Expectations suites state the same
rules again and validate the loaded rows, so a fault in loading can never flow into releases,
and evaluators see a standard validation result. Results name rules and counts, never values.
"""

import threading
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


class SuiteCheck:
    """The suites run on loaded months as they come, in runs of about ROWS_PER_RUN rows.

    Only the rows of the run being gathered are held, not every month of the intake; a month
    is never split, so each partner's month is validated whole. GX is imported and the suites
    built in a thread from the start, while the intake gates and loads.
    """

    def __init__(self, config: Collaborative) -> None:
        from expectations.suites import prepare

        self._config = config
        self._pending: dict[str, list[pl.DataFrame]] = {}
        self._rows: Counter = Counter()
        self._failing: dict[str, Counter] = {}
        self._prepared = threading.Thread(target=prepare, args=(config,), daemon=True)
        self._prepared.start()

    def add(self, loaded: dict[str, list[pl.DataFrame]]) -> None:
        """Take loaded rows (a frame per month and export); validate each run once it is full."""
        for export, frames in loaded.items():
            for facts in frames:
                if facts.height:
                    self._pending.setdefault(export, []).append(facts)
                    self._rows[export] += facts.height
                    if sum(f.height for f in self._pending[export]) >= ROWS_PER_RUN:
                        self._run(export)

    def _run(self, export_name: str) -> None:
        from expectations.suites import rows_from_facts, run_suite

        frames = self._pending.pop(export_name, [])
        if not frames:
            return
        self._prepared.join()
        export = contract.EXPORTS[export_name]
        facts = pl.concat(frames, how="vertical_relaxed")
        failing = self._failing.setdefault(export_name, Counter())
        for failure in run_suite(export, self._config, rows_from_facts(export, facts)):
            failing[failure.rule.rule] += failure.count

    def results(self) -> list[dg.AssetCheckResult]:
        """One result per fact table; a failure blocks everything downstream of the intake."""
        self._prepared.join()
        results = []
        for export in contract.EXPORTS:
            self._run(export)
            metadata: dict = {"rows_loaded": self._rows[export]}
            failing = self._failing.get(export)
            if failing is not None:
                metadata["failing_rows_by_rule"] = dict(failing)
            results.append(
                dg.AssetCheckResult(
                    check_name="contract_suite",
                    asset_key=dg.AssetKey(["warehouse", export]),
                    passed=not failing,
                    metadata=metadata,
                )
            )
        return results


def suite_check_results(
    config: Collaborative, loaded: dict[str, list[pl.DataFrame]]
) -> list[dg.AssetCheckResult]:
    """The results of `SuiteCheck` on `loaded`: a frame per month and export."""
    check = SuiteCheck(config)
    check.add(loaded)
    return check.results()
