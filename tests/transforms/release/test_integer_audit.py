"""The integer mode re-solves the narrowest ranges with integrality, within the LP ranges."""

from sdc.audit import _own_and_offered, as_published
from sdc.integer_audit import _caps, narrowest_ranges
from sdc.suppress import protect
from tests.transforms.conftest import covering
from transforms.release.assemble import assemble
from transforms.release.ledger import LedgerRelease

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
    problem = assemble(con, config, new, [], K).problem
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


def test_the_screen_keeps_the_quantities_with_the_smallest_covering_cell(warehouse, config):
    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [20, 3, 0, 4, 0, 0]),
            ("DSS", "2026-07", "LEGAL", [15, 0, 2, 0, 0, 1]),
            ("DSS", "2026-07", "MEDICAL", [40, 5, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    new = LedgerRelease(
        "collaborative/2026-07/v1", "collaborative", "2026-07", ("2026-07",), config.partner_ids
    )
    problem = assemble(con, config, new, [], K).problem
    suppressed = protect(problem).suppressed
    every = narrowest_ranges(problem, suppressed, limit=1_000)
    screened = narrowest_ranges(problem, suppressed, limit=1_000, screen=2)
    assert len(every) > 2 and len(screened) == 2
    assert {r.quantity for r in screened} <= {r.quantity for r in every}
    cells = as_published(problem, suppressed)
    cap = dict(enumerate(_caps(cells, problem.incidence, _own_and_offered(problem, cells).atoms)))
    # A cap is an upper bound of the LP maximum, and the screen took the smallest caps.
    assert all(r.lp_high <= cap[r.quantity] + 1e-6 for r in every)
    kept = max(cap[r.quantity] for r in screened)
    assert all(cap[q] >= kept for q in cap if q not in {r.quantity for r in screened})
