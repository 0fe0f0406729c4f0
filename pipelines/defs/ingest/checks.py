"""Blocking checks on the loaded facts: what reached the warehouse meets the contract.

The gate already rejects broken files; these checks re-assert the contract's sum rules on the
warehouse rows of the run's months, so a fault in loading can never flow into releases.
The data-quality suites (next issue) attach here.
"""

import dagster as dg
import duckdb

from collab import contract

FACT_CHECKS = [
    dg.AssetCheckSpec(
        "rows_meet_contract",
        asset=dg.AssetKey(["warehouse", export]),
        blocking=True,
        description="Every loaded row keeps the contract's sum rules and non-negative counts.",
    )
    for export in contract.EXPORTS
]


def broken_rows_sql(export: contract.Export) -> str:
    """SQL counting rows of the given months that break a rule of the export."""
    conditions = [f"{c} < 0" for c in export.counts]
    conditions += [f"{r.total} <> ({' + '.join(r.parts)})" for r in export.sum_rules]
    if export.name == "referrals":
        conditions.append("got_help > accepted")
        conditions.append(
            f"({' + '.join(contract.REFERRAL_RESPONSE_TIMES)}) <> "
            f"({' + '.join(contract.REFERRAL_ANSWERED)})"
        )
    return (
        f"SELECT count(*) FROM {export.name} "
        f"WHERE period IN (SELECT unnest($1)) AND ({' OR '.join(conditions)})"
    )


def fact_check_results(
    con: duckdb.DuckDBPyConnection, months: list[str]
) -> list[dg.AssetCheckResult]:
    """One AssetCheckResult per fact table; a failure blocks everything downstream."""
    results = []
    for export in contract.EXPORTS.values():
        broken = con.execute(broken_rows_sql(export), [months]).fetchone()[0]
        results.append(
            dg.AssetCheckResult(
                check_name="rows_meet_contract",
                asset_key=dg.AssetKey(["warehouse", export.name]),
                passed=broken == 0,
                metadata={"broken_rows": broken, "months": len(months)},
            )
        )
    return results
