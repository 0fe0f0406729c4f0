import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transforms.metrics import Scope
from transforms.metrics.referrals import (
    decline_reasons,
    referral_funnel,
    sent_received_reconciliation,
)

Q1 = Scope.of_period("2026-Q1")


def frame(rows, columns):
    return pl.DataFrame(rows, schema=columns, orient="row")


def referral(partner_id, period, direction, counterpart, need, **counts):
    identity = {"partner_id": partner_id, "period": period, "direction": direction}
    return identity | {"counterpart": counterpart, "need": need} | counts


@pytest.fixture
def referrals(warehouse):
    warehouse.add(
        "referrals",
        referral("DVC-N", "2026-01", "sent", "SHELTER-N", "EMERGENCY_HOUSING", pending=1)
        | {"accepted": 4, "declined_capacity": 2, "got_help": 3}
        | {"responded_2d": 5, "responded_3_14d": 1},
        referral("DVC-N", "2026-01", "sent", "EXT-system_based", "LEGAL", accepted=2)
        | {"declined_ineligible": 1, "withdrawn": 1, "got_help": 2}
        | {"responded_2d": 1, "responded_over_14d": 2},
        referral("SHELTER-N", "2026-01", "received", "DVC-N", "EMERGENCY_HOUSING", pending=1)
        | {"accepted": 4, "declined_capacity": 2},
        referral("PD-S", "2026-02", "sent", "DVC-N", "LEGAL", accepted=3, declined_other=1)
        | {"no_response": 2, "got_help": 1, "responded_2d": 4},
        referral("DVC-N", "2026-02", "received", "PD-S", "LEGAL", accepted=3, declined_other=1)
        | {"no_response": 1},
        referral("LEGAL-E", "2026-02", "sent", "DVC-N", "MEDICAL", pending=2),
        referral("DVC-N", "2026-02", "received", "LEGAL-E", "MEDICAL", pending=3),
    )
    for partner_id, period in [("DVC-N", "2026-01"), ("SHELTER-N", "2026-01")] + [
        ("DVC-N", "2026-02"),
        ("PD-S", "2026-02"),
    ]:
        warehouse.submitted(partner_id, "referrals", period, f"{period}-20T09:00:00")
    # LEGAL-E's February referrals file was quarantined: its rows above stand for nothing
    # reconcilable, so the LEGAL-E/DVC-N difference is a missing file, not a mismatch.
    warehouse.submitted("LEGAL-E", "referrals", "2026-02", "2026-03-02T09:00:00", "quarantined")
    return warehouse.con


FUNNEL_COLUMNS = [
    "period",
    "need",
    "sent",
    "answered",
    "accepted",
    "got_help",
    "responded_2d",
    "acceptance_rate",
    "closed_loop_rate",
    "answered_within_2d_rate",
]


def test_funnel_per_need_and_overall(referrals):
    expected = frame(
        [
            ("2026-01", "EMERGENCY_HOUSING", 7, 6, 4, 3, 5, 4 / 6, 3 / 4, 5 / 6),
            ("2026-01", "LEGAL", 4, 3, 2, 2, 1, 2 / 3, 1.0, 1 / 3),
            ("2026-01", "ALL", 11, 9, 6, 5, 6, 6 / 9, 5 / 6, 6 / 9),
            ("2026-02", "LEGAL", 6, 4, 3, 1, 4, 3 / 4, 1 / 3, 1.0),
            ("2026-02", "MEDICAL", 2, 0, 0, 0, 0, None, None, None),
            ("2026-02", "ALL", 8, 4, 3, 1, 4, 3 / 4, 1 / 3, 1.0),
            ("2026-Q1", "EMERGENCY_HOUSING", 7, 6, 4, 3, 5, 4 / 6, 3 / 4, 5 / 6),
            ("2026-Q1", "LEGAL", 10, 7, 5, 3, 5, 5 / 7, 3 / 5, 5 / 7),
            ("2026-Q1", "MEDICAL", 2, 0, 0, 0, 0, None, None, None),
            ("2026-Q1", "ALL", 19, 13, 9, 6, 10, 9 / 13, 6 / 9, 10 / 13),
        ],
        FUNNEL_COLUMNS,
    )
    assert_frame_equal(referral_funnel(referrals, Q1), expected)


def test_funnel_for_a_funder_and_a_month(referrals):
    voca = Scope.of_period("2026-Q1", ["DVC-N", "SHELTER-N"])
    overall = referral_funnel(referrals, voca).filter(need="ALL")
    assert overall.select("period", "sent", "answered", "accepted", "got_help").rows() == [
        ("2026-01", 11, 9, 6, 5),
        ("2026-Q1", 11, 9, 6, 5),
    ]
    february = referral_funnel(referrals, Scope.of_period("2026-02"))
    assert february.select("period", "need", "sent").rows() == [
        ("2026-02", "LEGAL", 6),
        ("2026-02", "MEDICAL", 2),
        ("2026-02", "ALL", 8),
    ]


def test_decline_reasons_with_shares_of_all_declines(referrals):
    result = decline_reasons(referrals, Q1)
    reasons = ["declined_capacity", "declined_ineligible", "declined_other"]
    expected = frame(
        [
            ("2026-01", "ALL", reasons[0], 2, 3, 2 / 3),
            ("2026-01", "ALL", reasons[1], 1, 3, 1 / 3),
            ("2026-01", "ALL", reasons[2], 0, 3, 0.0),
            ("2026-02", "ALL", reasons[0], 0, 1, 0.0),
            ("2026-02", "ALL", reasons[1], 0, 1, 0.0),
            ("2026-02", "ALL", reasons[2], 1, 1, 1.0),
            ("2026-Q1", "ALL", reasons[0], 2, 4, 0.5),
            ("2026-Q1", "ALL", reasons[1], 1, 4, 0.25),
            ("2026-Q1", "ALL", reasons[2], 1, 4, 0.25),
        ],
        ["period", "need", "reason", "declined", "declined_total", "share"],
    )
    assert_frame_equal(result.filter(need="ALL"), expected)
    no_declines = result.filter(period="2026-02", need="MEDICAL")
    assert no_declines.select("declined", "declined_total", "share").rows() == [(0, 0, None)] * 3


RECONCILIATION_COLUMNS = [
    "period",
    "sender",
    "receiver",
    "sent",
    "received",
    "difference",
    "mismatched_months",
]


def test_reconciliation_only_where_both_partners_referrals_are_in(referrals):
    expected = frame(
        [
            ("2026-01", "DVC-N", "SHELTER-N", 7, 7, 0, 0),
            ("2026-02", "PD-S", "DVC-N", 6, 5, 1, 1),
            ("2026-Q1", "DVC-N", "SHELTER-N", 7, 7, 0, 0),
            ("2026-Q1", "PD-S", "DVC-N", 6, 5, 1, 1),
        ],
        RECONCILIATION_COLUMNS,
    )
    assert_frame_equal(sent_received_reconciliation(referrals, Q1), expected)


def test_reconciliation_for_a_funder_keeps_pairs_with_one_of_its_partners(referrals):
    fdn = Scope.of_period("2026-Q1", ["PD-S", "LEGAL-E"])
    expected = frame(
        [("2026-02", "PD-S", "DVC-N", 6, 5, 1, 1), ("2026-Q1", "PD-S", "DVC-N", 6, 5, 1, 1)],
        RECONCILIATION_COLUMNS,
    )
    assert_frame_equal(sent_received_reconciliation(referrals, fdn), expected)
