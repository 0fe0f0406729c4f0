"""The integer mode re-solves the narrowest ranges with integrality, within the LP ranges."""

from tests.transforms.conftest import covering
from transforms.disclosure.assemble import assemble
from transforms.disclosure.integer_audit import narrowest_ranges
from transforms.disclosure.ledger import LedgerRelease
from transforms.disclosure.suppress import protect

K = 11


def test_integer_ranges_lie_within_the_lp_ranges(warehouse, config):
    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [20, 3, 0, 4, 0, 0]),
            ("DSS", "2026-07", "LEGAL", [15, 0, 2, 0, 0, 1]),
            ("FAITH-1", "2026-07", "LEGAL", [3, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "MEDICAL", [40, 5, 0, 0, 0, 0]),
            ("SHELTER-N", "2026-07", "EMERGENCY_HOUSING", [24, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    new = LedgerRelease(
        "collaborative/2026-07/v1", "collaborative", "2026-07", ("2026-07",), config.partner_ids
    )
    problem = assemble(con, config, new, [], K)
    ranges = narrowest_ranges(problem, protect(problem).suppressed, limit=5)
    assert len(ranges) == 5
    highs = [r.lp_high for r in ranges]
    assert highs == sorted(highs)
    for r in ranges:
        assert r.exact
        assert r.lp_low - 1e-6 <= r.low <= r.high <= r.lp_high + 1e-6
        # A protected pattern: the LP range reaches 0 and k, and so does the integer one here.
        assert r.lp_low <= 1e-6 and r.lp_high >= K - 1e-6
        assert not r.narrowed(K)
