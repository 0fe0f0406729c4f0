"""Publishing again the complementary cells no proof needs: only while every proof survives.

A 2 x 2 table with its margins, atoms a b / c d (values 3, 8 / 9, 20), and a line of three.
Cell `a` is small; the witnesses are feasible attacker solutions of the patterns given.
"""

import random

import numpy as np
from scipy import sparse

from sdc import suppress
from sdc.audit import audit_pattern
from sdc.prune import prune
from sdc.suppress import protect
from tests.transforms.conftest import OUTCOMES
from transforms.release.assemble import assemble
from transforms.release.ledger import LedgerRelease

TRUE = np.array([3.0, 8.0, 9.0, 20.0])
# Cells: a, b, c, d, row 1 (a+b), row 2 (c+d), column 1 (a+c), column 2 (b+d), total.
CELLS = sparse.csr_matrix(
    np.array(
        [
            [1, 0, 0, 0],
            [0, 1, 0, 0],
            [0, 0, 1, 0],
            [0, 0, 0, 1],
            [1, 1, 0, 0],
            [0, 0, 1, 1],
            [1, 0, 1, 0],
            [0, 1, 0, 1],
            [1, 1, 1, 1],
        ],
        dtype=float,
    )
)
VALUES = CELLS @ TRUE
A, B, C, D = range(4)
K = 11
# a at 0 and at 11, every margin kept: b, c and d move to make up for it.
MIN_A = [0.0, 11.0, 12.0, 17.0]
MAX_A = [11.0, 0.0, 1.0, 28.0]


def _proves(points: np.ndarray) -> tuple[sparse.csc_matrix, sparse.csc_matrix]:
    sums = points[:, A]  # the one quantity: cell a
    return sparse.csc_matrix(sums[None, :] <= 0), sparse.csc_matrix(sums[None, :] >= K)


def _hidden(*cells: int) -> np.ndarray:
    flags = np.zeros(CELLS.shape[0], dtype=bool)
    flags[list(cells)] = True
    return flags


def test_a_cell_every_witness_leaves_alone_is_published_again():
    points = np.array([MIN_A, MAX_A])
    assert np.allclose(CELLS[4:] @ points.T, VALUES[4:, None])  # every margin kept
    low, high = _proves(points)
    # Hiding row 1's total too was more than needed: both witnesses give it its value.
    suppressed = _hidden(A, B, C, D, 4)
    after, kept = prune(CELLS, VALUES, suppressed, np.array([4]), points, low, high)
    assert not after[4] and after[[A, B, C, D]].all()
    assert kept.all()


def test_a_cell_the_only_witnesses_move_stays_hidden():
    points = np.array([MIN_A, MAX_A])
    low, high = _proves(points)
    suppressed = _hidden(A, B, C, D)
    after, kept = prune(CELLS, VALUES, suppressed, np.array([D]), points, low, high)
    assert after[D]
    assert kept.all()


# A line a + b + c = 20 (3, 8, 9) with its total published; a is small.
LINE = sparse.csr_matrix(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], dtype=float))
LINE_VALUES = LINE @ np.array([3.0, 8.0, 9.0])
UP_VIA_B, UP_VIA_C = [11.0, 0.0, 9.0], [11.0, 8.0, 1.0]
DOWN_VIA_B, DOWN_VIA_C = [0.0, 11.0, 9.0], [0.0, 8.0, 12.0]


def _line_prune(points, order):
    low, high = _proves(np.array(points))
    suppressed = np.array([True, True, True, False])
    return prune(LINE, LINE_VALUES, suppressed, np.array(order), np.array(points), low, high)


def test_each_cell_published_again_must_leave_a_witness_both_ways():
    # Publishing b would leave no witness of a's minimum (the only one moves b); c can go.
    after, kept = _line_prune([UP_VIA_B, UP_VIA_C, DOWN_VIA_B], [1, 2])
    assert after.tolist() == [True, True, False, False]
    assert kept.tolist() == [True, False, True]


def test_cells_are_published_only_while_their_witnesses_add_up():
    # b or c can be published again, not both: the first in the order given wins.
    points = [UP_VIA_B, UP_VIA_C, DOWN_VIA_B, DOWN_VIA_C]
    after, kept = _line_prune(points, [1, 2])
    assert after.tolist() == [True, False, True, False]
    assert kept.tolist() == [False, True, False, True]
    after, kept = _line_prune(points, [2, 1])
    assert after.tolist() == [True, True, False, False]
    assert kept.tolist() == [True, False, True, False]


def test_nothing_is_published_when_a_quantity_has_no_witness():
    points = np.array([MIN_A])  # proves a's minimum, not its maximum
    low, high = _proves(points)
    suppressed = _hidden(A, B, C, D, 4)
    after, _ = prune(CELLS, VALUES, suppressed, np.array([4]), points, low, high)
    assert (after == suppressed).all()


def _quarter_of_random_months(warehouse, config):
    rng = random.Random(0)
    needs = ["LEGAL", "MEDICAL", "FINANCIAL", "PET_CARE", "HOUSING", "COUNSELING"]
    counts = [0, 0, 1, 2, 3, 5, 8, 12, 20, 30]
    rows = [
        (partner, month, need, [rng.choice(counts) for _ in OUTCOMES])
        for partner in sorted(config.partner_ids)
        for month in ("2026-07", "2026-08")
        for need in needs
        if rng.random() < 0.7
    ]
    release = LedgerRelease(
        "collaborative/2026-Q3/v1",
        "collaborative",
        "2026-Q3",
        ("2026-07", "2026-08"),
        frozenset(config.partner_ids),
    )
    return assemble(warehouse(rows), config, release, [], K).problem


def _publish_nothing_again(cells, values, suppressed, candidates, witnesses, *proofs):
    return suppressed, np.ones(witnesses.shape[0], dtype=bool)


def test_protection_publishes_again_only_what_the_audit_then_proves(warehouse, config, monkeypatch):
    problem = _quarter_of_random_months(warehouse, config)
    pruned = protect(problem)
    monkeypatch.setattr(suppress, "prune", _publish_nothing_again)
    unpruned = protect(problem)
    # Only ever fewer cells hidden, and here a good share of the secondaries come back…
    assert not (pruned.suppressed & ~unpruned.suppressed).any()
    assert pruned.secondary < unpruned.secondary
    # …with nothing new to derive: the audit's own LPs pass, and every witness handed over
    # gives each cell it publishes its true value.
    assert not audit_pattern(problem, pruned.suppressed)
    values = problem.cells.value
    published = np.flatnonzero(~pruned.suppressed & (values > 0))
    for atom_ids, points in pruned.witnesses:
        rows = problem.incidence[published]
        # The published cells whose atoms are this witness's (a family's cells).
        shown = published[np.diff(rows[:, atom_ids].indptr) > 0]
        sums = problem.incidence[shown][:, atom_ids] @ points.T
        assert np.allclose(sums, values[shown][:, None])
