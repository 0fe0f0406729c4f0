"""Rows written as a cell minus its published sub-cells: the attacker's LP must not change.

Checked against scipy's own LP on the rows as published (every atom written out), on a
region x need x partner table with all its margins, before and after cells are hidden.
"""

import itertools

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import linprog

from sdc.bounds import BoundSolver
from sdc.nesting import nest

REGIONS, NEEDS, PARTNERS = 3, 4, 2


def _table(seed: int):
    """Cells (region|ALL, need|ALL) over atoms (region, need, partner), values, and ids."""
    rng = np.random.default_rng(seed)
    atoms = list(itertools.product(range(REGIONS), range(NEEDS), range(PARTNERS)))
    values = rng.integers(0, 25, len(atoms)).astype(float)
    cells = []
    for region in [*range(REGIONS), None]:
        for need in [*range(NEEDS), None]:
            cells.append(
                [
                    i
                    for i, (r, n, _) in enumerate(atoms)
                    if region in (None, r) and need in (None, n)
                ]
            )
    indptr = np.concatenate([[0], np.cumsum([len(c) for c in cells])])
    matrix = sparse.csr_matrix(
        (np.ones(indptr[-1]), np.concatenate(cells), indptr), shape=(len(cells), len(atoms))
    )
    return matrix, matrix @ values, rng


def _reference(matrix, shown, published, weights, maximize):
    sign = -1.0 if maximize else 1.0
    result = linprog(
        sign * weights,
        A_eq=matrix[published].toarray(),
        b_eq=shown[published],
        bounds=(0, 1e9),
        method="highs",
    )
    assert result.status == 0
    return sign * result.fun


def test_nesting_subtracts_only_sub_cells_and_keeps_each_row_equivalent():
    matrix, shown, _ = _table(0)
    nesting = nest(matrix, shown)
    assert nesting.rows.nnz < matrix.nnz / 2
    dense = matrix.toarray()
    for parent, child in zip(nesting.parent, nesting.child, strict=True):
        assert (dense[child] <= dense[parent]).all() and dense[child].sum() < dense[parent].sum()
    # Each written row is its cell minus its children, value for value.
    rebuilt = nesting.rows.toarray()
    np.add.at(rebuilt, nesting.parent, dense[nesting.child])
    np.testing.assert_array_equal(rebuilt, dense)
    values = nesting.values.copy()
    np.add.at(values, nesting.parent, shown[nesting.child])
    np.testing.assert_allclose(values, shown)


@pytest.mark.parametrize("seed", range(6))
def test_bounds_and_duals_match_the_rows_as_published_while_cells_are_hidden(seed):
    matrix, shown, rng = _table(seed)
    published = rng.random(matrix.shape[0]) < 0.7
    published[-1] = True  # the grand total keeps every LP bounded
    solver = BoundSolver(matrix, shown, published)
    hidden_later = rng.permutation(np.flatnonzero(published[:-1]))[:4]
    for step in range(len(hidden_later) + 1):
        for maximize in (False, True):
            weights = (rng.random(matrix.shape[1]) < 0.3).astype(float)
            solution = solver.solve(weights, maximize)
            expected = _reference(matrix, shown, published, weights, maximize)
            assert solution.objective == pytest.approx(expected, abs=1e-6)
            # The atoms are a feasible attacker solution of the rows as published...
            np.testing.assert_allclose(matrix[published] @ solution.atoms, shown[published])
            assert solution.atoms.min() >= -1e-9
            # ...and the duals, in the cells' own terms, certify the bound (strong duality).
            assert solution.duals[~published] == pytest.approx(0.0)
            assert shown @ solution.duals == pytest.approx(expected, abs=1e-6)
        if step < len(hidden_later):
            solver.free(int(hidden_later[step]))
            published[hidden_later[step]] = False
