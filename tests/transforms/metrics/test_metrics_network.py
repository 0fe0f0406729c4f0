import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transforms.metrics import Scope
from transforms.metrics.network import category_flows, hubs, network_summary

Q1 = Scope.of_period("2026-Q1")
VOCA = Scope.of_period("2026-Q1", ["DVC-N", "SHELTER-N"])


def frame(rows, columns, schema=None):
    return pl.DataFrame(rows, schema=columns, orient="row", schema_overrides=schema)


def referral(partner_id, period, direction, counterpart, referrals):
    identity = {"partner_id": partner_id, "period": period, "direction": direction}
    return identity | {"counterpart": counterpart, "need": "LEGAL", "pending": referrals}


@pytest.fixture
def network(warehouse):
    warehouse.add(
        "referrals",
        referral("DVC-N", "2026-01", "sent", "SHELTER-N", 7),
        referral("DVC-N", "2026-01", "sent", "EXT-system_based", 4),
        referral("DVC-N", "2026-02", "sent", "PD-S", 3),
        referral("PD-S", "2026-02", "sent", "DVC-N", 6),
        referral("LEGAL-E", "2026-02", "sent", "DVC-N", 2),
        referral("DVC-N", "2026-02", "received", "LEGAL-E", 2),
        referral("SHELTER-N", "2026-03", "sent", "EXT-faith_based", 1),
        referral("SHELTER-N", "2026-03", "sent", "LEGAL-E", 0),  # a row of zeros: no link
        # PD-S did not report this one; LEGAL-E's own report is enough to know the link.
        referral("LEGAL-E", "2026-03", "received", "PD-S", 1),
    )
    return warehouse.con


FLOW_COLUMNS = ["from_category", "to_category", "external", "referrals", "senders"]
SUMMARY_COLUMNS = [
    "categories",
    "possible_pairs",
    "linked_pairs",
    "density",
    "reciprocated_pairs",
    "reciprocity",
]
HUB_COLUMNS = [
    "rank",
    "partner_id",
    "category",
    "confidential_location",
    "sent_to",
    "received_from",
    "degree",
]


def test_flows_between_categories_flag_outside_organisations(network):
    expected = frame(
        [
            ("non_advocacy", "victim_service", False, 2, 1),
            ("system_based", "victim_service", False, 6, 1),
            ("victim_service", "faith_based", True, 1, 1),
            ("victim_service", "system_based", False, 3, 1),
            ("victim_service", "system_based", True, 4, 1),
            ("victim_service", "victim_service", False, 7, 1),
        ],
        FLOW_COLUMNS,
    )
    assert_frame_equal(category_flows(network, Q1), expected)


def test_density_and_reciprocity_between_distinct_categories(network):
    # Categories: the partners' three plus faith_based (reached outside): 4 × 3 ordered pairs.
    # Links: non_advocacy→victim_service, system_based→victim_service, victim_service→
    # faith_based, victim_service→system_based; the last two of system_based/victim_service
    # answer each other.
    expected = frame([(4, 12, 4, 4 / 12, 2, 0.5)], SUMMARY_COLUMNS)
    assert_frame_equal(network_summary(network, Q1), expected)


def test_a_funder_network_and_an_empty_month(network):
    expected = frame([(3, 6, 2, 2 / 6, 0, 0.0)], SUMMARY_COLUMNS)
    assert_frame_equal(network_summary(network, VOCA), expected)
    nothing = frame([(3, 6, 0, 0.0, 0, None)], SUMMARY_COLUMNS, {"reciprocity": pl.Float64})
    assert_frame_equal(network_summary(network, Scope.of_period("2026-06")), nothing)


def test_hubs_rank_partners_by_distinct_counterparts_and_mark_confidential_ones(network):
    expected = frame(
        [
            (1, "DVC-N", "victim_service", False, 2, 2, 3),
            (2, "LEGAL-E", "non_advocacy", False, 1, 1, 2),
            (2, "PD-S", "system_based", False, 2, 1, 2),
            (4, "SHELTER-N", "victim_service", True, 0, 1, 1),
        ],
        HUB_COLUMNS,
    )
    assert_frame_equal(hubs(network, Q1), expected)


def test_hubs_of_a_funder_read_only_its_partners_reports(network):
    expected = frame(
        [
            (1, "LEGAL-E", "non_advocacy", False, 1, 1, 2),
            (1, "PD-S", "system_based", False, 2, 0, 2),
        ],
        HUB_COLUMNS,
    )
    assert_frame_equal(hubs(network, Scope.of_period("2026-Q1", ["PD-S", "LEGAL-E"])), expected)
