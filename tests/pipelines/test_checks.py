import polars as pl

from collab import contract
from pipelines.defs.ingest import checks
from pipelines.defs.ingest.checks import suite_check_results


def _services(requests: int, period: str = "2026-07") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "partner_id": ["OSE"],
            "period": [period],
            "need": ["LEGAL"],
            "requests": [requests],
            "served": [3],
            "partially_served": [0],
            "unmet_capacity": [0],
            "unmet_eligibility": [0],
            "unmet_declined": [0],
            "unmet_other": [0],
            "source_row": [2],
            "revision": [1],
        }
    )


def test_loaded_rows_that_keep_the_contract_pass(example_config):
    results = suite_check_results(example_config, {"services": [_services(3)]})
    assert [r.passed for r in results] == [True] * len(contract.EXPORTS)
    assert results[0].metadata["rows_loaded"].value == 1


def test_loaded_rows_that_break_the_contract_fail_the_blocking_check(example_config):
    [services, *_] = suite_check_results(example_config, {"services": [_services(4)]})
    assert services.passed is False
    assert services.metadata["failing_rows_by_rule"].value == {"sum.requests": 1}


def test_months_validated_in_separate_runs_add_up(example_config, monkeypatch):
    monkeypatch.setattr(checks, "ROWS_PER_RUN", 1)
    months = [_services(4, "2026-06"), _services(3, "2026-07"), _services(5, "2026-08")]
    [services, *_] = suite_check_results(example_config, {"services": months})
    assert services.metadata["rows_loaded"].value == 3
    assert services.metadata["failing_rows_by_rule"].value == {"sum.requests": 2}
