import polars as pl
import pytest
from polars.testing import assert_frame_equal

from collab import contract
from transforms.metrics import Scope
from transforms.metrics.needs import individuals_by_category, requests_by, requests_trend

Q1 = Scope.of_period("2026-Q1")


@pytest.fixture
def services(warehouse):
    warehouse.add(
        "services",
        {"partner_id": "DVC-N", "period": "2025-12", "need": "LEGAL", "requests": 7},
        {"partner_id": "DVC-N", "period": "2026-01", "need": "LEGAL", "requests": 10},
        {"partner_id": "DVC-N", "period": "2026-01", "need": "MEDICAL", "requests": 4},
        {"partner_id": "SHELTER-N", "period": "2026-01", "need": "LEGAL", "requests": 6},
        {"partner_id": "DVC-N", "period": "2026-02", "need": "LEGAL", "requests": 8},
        {"partner_id": "PD-S", "period": "2026-02", "need": "LEGAL", "requests": 5},
        {"partner_id": "LEGAL-E", "period": "2026-02", "need": "LEGAL", "requests": 3},
    )
    return warehouse.con


def frame(rows, columns, schema=None):
    return pl.DataFrame(rows, schema=columns, orient="row", schema_overrides=schema)


def test_requests_by_need_per_month_and_over_the_quarter(services):
    expected = frame(
        [
            ("2026-01", "LEGAL", 16),
            ("2026-01", "MEDICAL", 4),
            ("2026-02", "LEGAL", 16),
            ("2026-Q1", "LEGAL", 32),
            ("2026-Q1", "MEDICAL", 4),
        ],
        ["period", "need", "requests"],
    )
    assert_frame_equal(requests_by(services, Q1), expected)


def test_requests_by_home_region(services, home):
    expected = frame(
        [
            ("2026-01", "NORTH", 20),
            ("2026-02", "EAST", 3),
            ("2026-02", "NORTH", 8),
            ("2026-02", "SOUTH", 5),
            ("2026-Q1", "EAST", 3),
            ("2026-Q1", "NORTH", 28),
            ("2026-Q1", "SOUTH", 5),
        ],
        ["period", "region", "requests"],
    )
    assert_frame_equal(requests_by(services, Q1, ["region"], home), expected)


def test_requests_by_partner_category_and_need(services):
    expected = frame(
        [
            ("2026-01", "victim_service", "LEGAL", 16),
            ("2026-01", "victim_service", "MEDICAL", 4),
            ("2026-02", "non_advocacy", "LEGAL", 3),
            ("2026-02", "system_based", "LEGAL", 5),
            ("2026-02", "victim_service", "LEGAL", 8),
            ("2026-Q1", "non_advocacy", "LEGAL", 3),
            ("2026-Q1", "system_based", "LEGAL", 5),
            ("2026-Q1", "victim_service", "LEGAL", 24),
            ("2026-Q1", "victim_service", "MEDICAL", 4),
        ],
        ["period", "category", "need", "requests"],
    )
    assert_frame_equal(requests_by(services, Q1, ["category", "need"]), expected)


def test_a_funder_scope_counts_only_its_partners(services):
    voca = Scope.of_period("2026-Q1", ["DVC-N", "SHELTER-N"])
    expected = frame(
        [
            ("2026-01", "LEGAL", 16),
            ("2026-01", "MEDICAL", 4),
            ("2026-02", "LEGAL", 8),
            ("2026-Q1", "LEGAL", 24),
            ("2026-Q1", "MEDICAL", 4),
        ],
        ["period", "need", "requests"],
    )
    assert_frame_equal(requests_by(services, voca), expected)


def test_a_one_month_scope_has_no_separate_total(services):
    expected = frame([("2026-02", "LEGAL", 16)], ["period", "need", "requests"])
    assert_frame_equal(requests_by(services, Scope.of_period("2026-02")), expected)


def test_breakdowns_are_checked(services):
    with pytest.raises(ValueError, match="broken down by"):
        requests_by(services, Q1, ["partner_id"])
    with pytest.raises(ValueError, match="home region"):
        requests_by(services, Q1, ["region"])


def test_trend_compares_with_the_month_before_and_keeps_unreported_months_null(services):
    # 2025-12 is read for January's change; nobody reported March, so March is null, not 0.
    expected = frame(
        [
            ("2026-01", "LEGAL", 16, 7, 9, 9 / 7),
            ("2026-01", "MEDICAL", 4, 0, 4, None),
            ("2026-02", "LEGAL", 16, 16, 0, 0.0),
            ("2026-02", "MEDICAL", 0, 4, -4, -1.0),
            ("2026-03", "LEGAL", None, 16, None, None),
            ("2026-03", "MEDICAL", None, 0, None, None),
        ],
        ["period", "need", "requests", "previous_requests", "change", "change_rate"],
        {"requests": pl.Int64, "previous_requests": pl.Int64, "change": pl.Int64},
    )
    assert_frame_equal(requests_trend(services, Q1), expected)


def test_demographics_add_new_individuals_over_months_in_contract_categories(warehouse):
    warehouse.add(
        "demographics",
        *[
            {"partner_id": p, "period": m, "dimension": d, "category": c, "individuals": n}
            for p, m, d, c, n in [
                ("DVC-N", "2026-01", "total", "all", 5),
                ("DVC-N", "2026-01", "age_band", "25-59", 5),
                ("DVC-N", "2026-01", "gender", "female", 4),
                ("DVC-N", "2026-01", "gender", "not_reported", 1),
                ("DVC-N", "2026-01", "victimization", "stalking", 3),
                ("SHELTER-N", "2026-01", "total", "all", 2),
                ("SHELTER-N", "2026-01", "age_band", "18-24", 2),
                ("SHELTER-N", "2026-01", "gender", "female", 2),
                ("DVC-N", "2026-03", "total", "all", 3),
                ("DVC-N", "2026-03", "age_band", "25-59", 3),
                ("DVC-N", "2026-03", "gender", "female", 3),
            ]
        ],
    )
    result = individuals_by_category(warehouse.con, Q1)
    categories = sum(len(c) for c in contract.DEMOGRAPHIC_CATEGORIES.values())
    # Every category of the reported months (January, March) and the quarter; February is absent.
    assert result.height == 3 * categories
    assert result.head(3).rows() == [
        ("2026-01", "total", "all", 7),
        ("2026-01", "age_band", "0-12", 0),
        ("2026-01", "age_band", "13-17", 0),
    ]
    expected = frame(
        [
            ("2026-01", "total", "all", 7),
            ("2026-01", "age_band", "18-24", 2),
            ("2026-01", "age_band", "25-59", 5),
            ("2026-01", "gender", "female", 6),
            ("2026-01", "gender", "not_reported", 1),
            ("2026-01", "victimization", "stalking", 3),
            ("2026-03", "total", "all", 3),
            ("2026-03", "age_band", "25-59", 3),
            ("2026-03", "gender", "female", 3),
            ("2026-Q1", "total", "all", 10),
            ("2026-Q1", "age_band", "18-24", 2),
            ("2026-Q1", "age_band", "25-59", 8),
            ("2026-Q1", "gender", "female", 9),
            ("2026-Q1", "gender", "not_reported", 1),
            ("2026-Q1", "victimization", "stalking", 3),
        ],
        ["period", "dimension", "category", "individuals"],
    )
    assert_frame_equal(result.filter(pl.col("individuals") > 0), expected)
