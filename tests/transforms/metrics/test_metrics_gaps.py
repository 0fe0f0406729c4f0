from math import log1p

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transforms.metrics import Scope
from transforms.metrics.gap_ranking import gap_ranking
from transforms.metrics.gaps import (
    capacity_status,
    provider_coverage,
    unmet_by_reason,
    waitlists,
)

Q1 = Scope.of_period("2026-Q1")
FDN = Scope.of_period("2026-Q1", ["PD-S", "LEGAL-E"])


def frame(rows, columns, schema=None):
    return pl.DataFrame(rows, schema=columns, orient="row", schema_overrides=schema)


@pytest.fixture
def gaps(warehouse):
    warehouse.add(
        "services",
        {"partner_id": "DVC-N", "period": "2026-01", "need": "LEGAL", "requests": 10}
        | {"unmet_capacity": 3, "unmet_eligibility": 1},
        {"partner_id": "LEGAL-E", "period": "2026-02", "need": "LEGAL", "requests": 3},
        {"partner_id": "PD-S", "period": "2026-02", "need": "PET_CARE", "requests": 0},
        {"partner_id": "DVC-N", "period": "2026-03", "need": "LEGAL", "requests": 8}
        | {"unmet_capacity": 4},
        {"partner_id": "SHELTER-N", "period": "2026-03", "need": "EMERGENCY_HOUSING"}
        | {"requests": 5, "unmet_capacity": 3, "unmet_declined": 1},
        {"partner_id": "PD-S", "period": "2026-03", "need": "MEDICAL", "requests": 4}
        | {"partially_served": 1, "unmet_other": 2},
    )
    warehouse.add(
        "capacity",
        *[
            {"partner_id": p, "period": m, "need": n, "status": s, "region": r}
            | {"slots": slots, "waitlist": waiting}
            for p, m, n, s, r, slots, waiting in [
                ("DVC-N", "2026-01", "LEGAL", "available", "NORTH", 3, 0),
                ("DVC-N", "2026-02", "LEGAL", "limited", "NORTH", 1, 2),
                # DVC-N also serves SOUTH: its full LEGAL program is the only one there.
                ("DVC-N", "2026-03", "LEGAL", "full", "NORTH", 0, 4),
                ("SHELTER-N", "2026-03", "EMERGENCY_HOUSING", "waitlist", "NORTH", 0, 6),
                # LEGAL-E also serves NORTH.
                ("LEGAL-E", "2026-03", "LEGAL", "available", "EAST", 2, 0),
            ]
        ],
    )
    return warehouse.con


UNMET_COLUMNS = [
    "period",
    "need",
    "region",
    "requests",
    "unmet_capacity",
    "unmet_eligibility",
    "unmet_declined",
    "unmet_other",
    "unmet",
    "unmet_rate",
]


def test_unmet_by_reason_per_need_and_home_region(gaps, home):
    expected = frame(
        [
            ("2026-01", "LEGAL", "NORTH", 10, 3, 1, 0, 0, 4, 0.4),
            ("2026-02", "LEGAL", "EAST", 3, 0, 0, 0, 0, 0, 0.0),
            ("2026-02", "PET_CARE", "SOUTH", 0, 0, 0, 0, 0, 0, None),
            ("2026-03", "EMERGENCY_HOUSING", "NORTH", 5, 3, 0, 1, 0, 4, 0.8),
            ("2026-03", "LEGAL", "NORTH", 8, 4, 0, 0, 0, 4, 0.5),
            ("2026-03", "MEDICAL", "SOUTH", 4, 0, 0, 0, 2, 2, 0.5),
            ("2026-Q1", "EMERGENCY_HOUSING", "NORTH", 5, 3, 0, 1, 0, 4, 0.8),
            ("2026-Q1", "LEGAL", "EAST", 3, 0, 0, 0, 0, 0, 0.0),
            ("2026-Q1", "LEGAL", "NORTH", 18, 7, 1, 0, 0, 8, 8 / 18),
            ("2026-Q1", "MEDICAL", "SOUTH", 4, 0, 0, 0, 2, 2, 0.5),
            ("2026-Q1", "PET_CARE", "SOUTH", 0, 0, 0, 0, 0, 0, None),
        ],
        UNMET_COLUMNS,
    )
    assert_frame_equal(unmet_by_reason(gaps, Q1, home), expected)


def test_waitlists_are_a_stock_the_quarter_holds_its_last_month(gaps):
    march = [
        ("EMERGENCY_HOUSING", "NORTH", 1, 0, 6),
        ("LEGAL", "EAST", 1, 2, 0),
        ("LEGAL", "NORTH", 1, 0, 4),
    ]
    expected = frame(
        [
            ("2026-01", "LEGAL", "NORTH", 1, 3, 0),
            ("2026-02", "LEGAL", "NORTH", 1, 1, 2),
            *[("2026-03", *row) for row in march],
            *[("2026-Q1", *row) for row in march],
        ],
        ["period", "need", "region", "providers", "slots", "waitlist"],
    )
    assert_frame_equal(waitlists(gaps, Q1), expected)


def test_capacity_status_counts_every_status(gaps):
    result = capacity_status(gaps, Q1)
    # 1 + 1 + 3 + 3 need × region pairs (January, February, March, the quarter), 4 statuses each.
    assert result.height == 8 * 4
    assert result.filter(period="2026-02")["status"].to_list() == [
        "available",
        "limited",
        "full",
        "waitlist",
    ]
    expected = frame(
        [
            ("2026-01", "LEGAL", "NORTH", "available", 1),
            ("2026-02", "LEGAL", "NORTH", "limited", 1),
            ("2026-03", "EMERGENCY_HOUSING", "NORTH", "waitlist", 1),
            ("2026-03", "LEGAL", "EAST", "available", 1),
            ("2026-03", "LEGAL", "NORTH", "full", 1),
            ("2026-Q1", "EMERGENCY_HOUSING", "NORTH", "waitlist", 1),
            ("2026-Q1", "LEGAL", "EAST", "available", 1),
            ("2026-Q1", "LEGAL", "NORTH", "full", 1),
        ],
        ["period", "need", "region", "status", "providers"],
    )
    assert_frame_equal(result.filter(pl.col("providers") > 0), expected)


COVERAGE_COLUMNS = [
    "need",
    "region",
    "providers",
    "open_providers",
    "full_providers",
    "waitlist_providers",
    "coverage",
]


def test_provider_coverage_uses_last_month_capacity_and_the_regions_partners_serve(gaps):
    result = provider_coverage(gaps, Q1)
    assert result.height == 18 * 3
    expected = frame(
        [
            ("EMERGENCY_HOUSING", "NORTH", 1, 0, 0, 1, "only_full_or_waitlist"),
            ("LEGAL", "EAST", 1, 1, 0, 0, "open"),
            ("LEGAL", "NORTH", 2, 1, 1, 0, "open"),
            ("LEGAL", "SOUTH", 1, 0, 1, 0, "only_full_or_waitlist"),
        ],
        COVERAGE_COLUMNS,
    )
    assert_frame_equal(result.filter(pl.col("providers") > 0), expected)
    assert result.filter(need="MEDICAL", region="SOUTH")["coverage"].item() == "no_provider"
    assert set(result.filter(pl.col("providers") == 0)["coverage"]) == {"no_provider"}


def test_a_funder_scope_sees_only_its_partners_as_providers(gaps):
    result = provider_coverage(gaps, FDN).filter(pl.col("providers") > 0)
    expected = frame(
        [("LEGAL", "EAST", 1, 1, 0, 0, "open"), ("LEGAL", "NORTH", 1, 1, 0, 0, "open")],
        COVERAGE_COLUMNS,
    )
    assert_frame_equal(result, expected)


RANKING_COLUMNS = [
    "rank",
    "need",
    "region",
    "requests",
    "unmet",
    "unmet_rate",
    "waitlist",
    "last_month_requests",
    "waitlist_share",
    "providers",
    "full_providers",
    "waitlist_providers",
    "coverage",
    "score",
    "explanation",
]


def test_gap_ranking_scores_and_explains_each_gap(gaps, home):
    expected = frame(
        [
            (1, "EMERGENCY_HOUSING", "NORTH", 5, 4, 0.8, 6, 5, 6 / 11, 1, 0, 1)
            + ("only_full_or_waitlist", 0.8 * log1p(5) + 6 / 11 + 0.5)
            + ("80% unmet (4 of 5 requests), 6 waiting, only waitlisted providers",),
            (2, "MEDICAL", "SOUTH", 4, 2, 0.5, 0, 4, 0.0, 0, 0, 0)
            + ("no_provider", 0.5 * log1p(4) + 1)
            + ("50% unmet (2 of 4 requests), no provider in region",),
            (3, "LEGAL", "NORTH", 18, 8, 8 / 18, 4, 8, 4 / 12, 2, 1, 0)
            + ("open", 8 / 18 * log1p(18) + 4 / 12)
            + ("44% unmet (8 of 18 requests), 4 waiting",),
        ],
        RANKING_COLUMNS,
    )
    # LEGAL/EAST (nothing unmet, open) and PET_CARE/SOUTH (no requests) are no gaps.
    assert_frame_equal(gap_ranking(gaps, Q1, home), expected)


def test_gap_ranking_for_a_funder(gaps, home):
    result = gap_ranking(gaps, FDN, home)
    assert result.select("rank", "need", "region", "coverage").rows() == [
        (1, "MEDICAL", "SOUTH", "no_provider")
    ]


def test_explanations_never_round_a_partial_share_to_0_or_100_percent(warehouse, home):
    warehouse.add(
        "services",
        {"partner_id": "DVC-N", "period": "2026-06", "need": "SAFETY_PLANNING"}
        | {"requests": 300, "unmet_other": 1},
        {"partner_id": "LEGAL-E", "period": "2026-06", "need": "FINANCIAL"}
        | {"requests": 200, "unmet_other": 199},
    )
    result = gap_ranking(warehouse.con, Scope.of_period("2026-06"), home)
    assert result.select("need", "explanation").rows() == [
        ("FINANCIAL", ">99% unmet (199 of 200 requests), no provider in region"),
        ("SAFETY_PLANNING", "<1% unmet (1 of 300 requests), no provider in region"),
    ]
