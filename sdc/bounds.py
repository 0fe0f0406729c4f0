"""LP bounds of sensitive quantities with HiGHS, with certificates shared between quantities.

One HiGHS model per problem: a column per atom (>= 0), a row per cell, fixed to the published
value or free when the cell is suppressed. Every solve returns a feasible attacker solution,
and a feasible solution in which a quantity is 0 (or at least k) proves that quantity's range
reaches 0 (or k) for good: suppressing more only adds solutions. So one solve that pushes
many quantities at once settles most of them, and only the rest need a solve of their own.
"""

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from sdc.nesting import cell_duals, nest

EPSILON = 1e-6
# Atoms are counts of people in a month; capping them keeps every LP bounded without
# changing what can be derived below the cap.
ATOM_CAP = 1e9


@dataclass(frozen=True)
class Solution:
    """An attacker's solution: atom values, the objective, and the cells that pin it."""

    atoms: np.ndarray
    objective: float
    duals: np.ndarray


class BoundSolver:
    """Min/max of weighted sums of atoms subject to the published cells."""

    def __init__(self, incidence: sparse.csr_matrix, row_values, published) -> None:
        """`incidence` is the cell x atom matrix; `published` flags the cells that pin."""
        n_atoms = incidence.shape[1]
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        # Between solves only the objective (or a row's bounds) changes: the last basis stays
        # primal feasible, so primal simplex restarts from it instead of from scratch.
        self.highs.setOptionValue("simplex_strategy", 4)
        self.highs.addVars(n_atoms, np.zeros(n_atoms), np.full(n_atoms, ATOM_CAP))
        # Cells hidden from the start (three in four) pin nothing: leaving their rows out makes
        # every simplex iteration cheaper. `row_of` maps a cell to its model row, or -1.
        published = np.asarray(published, dtype=bool)
        self.row_of = np.full(published.size, -1, dtype=np.int64)
        self.row_of[published] = np.arange(int(published.sum()))
        matrix = incidence[published]
        shown = np.asarray(row_values, dtype=np.float64)[published]
        # Each row is written as its cell minus the published cells nested in it (nesting.py):
        # the same solutions with a fraction of the nonzeros.
        self._nesting = nest(matrix, shown)
        rows = self._nesting.rows
        self.highs.addRows(
            shown.size,
            self._nesting.values,
            self._nesting.values,
            rows.nnz,
            rows.indptr[:-1].astype(np.int32),
            rows.indices.astype(np.int32),
            rows.data.astype(np.float64),
        )
        self._cells, self._shown = matrix, shown
        self._rhs = self._nesting.values.copy()
        self._subtracting = np.ones(self._nesting.parent.size, dtype=bool)
        self._open = np.ones(shown.size, dtype=bool)
        self.n_atoms = n_atoms
        self._all = np.arange(n_atoms, dtype=np.int32)

    def free(self, cell: int) -> None:
        """Suppress a published cell: its row no longer pins anything.

        The rows that had subtracted it take its atoms and its value back, since it no longer
        says what those atoms add up to.
        """
        row = int(self.row_of[cell])
        self.highs.changeRowBounds(row, -highspy.kHighsInf, highspy.kHighsInf)
        self._open[row] = False
        parent, child = self._nesting.parent, self._nesting.child
        for pair in np.flatnonzero(self._subtracting & (child == row)):
            self._subtracting[pair] = False
            above = int(parent[pair])
            if not self._open[above]:
                continue
            for atom in self._cells.indices[self._cells.indptr[row] : self._cells.indptr[row + 1]]:
                self.highs.changeCoeff(above, int(atom), 1.0)
            self._rhs[above] += self._shown[row]
            self.highs.changeRowBounds(above, self._rhs[above], self._rhs[above])
        self._subtracting &= parent != row

    def solve(self, weights: np.ndarray, maximize: bool) -> Solution:
        """Optimise `weights @ atoms`; raises when the published values are inconsistent."""
        self.highs.changeColsCost(self.n_atoms, self._all, weights.astype(np.float64))
        sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        self.highs.changeObjectiveSense(sense)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            # A warm start can end in a wrong verdict on a long chain of changes (relaxing
            # rows never makes a feasible system infeasible): solve again from scratch.
            self.highs.clearSolver()
            self.highs.run()
            status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the attacker's LP is {status}: published values disagree")
        solution = self.highs.getSolution()
        # Duals per cell, in the cells' own terms, 0 for the cells left out of the model.
        active = self._subtracting
        row_duals = cell_duals(
            solution.row_dual, self._nesting.parent[active], self._nesting.child[active]
        )
        duals = np.append(row_duals, 0.0)[self.row_of]
        return Solution(
            np.asarray(solution.col_value), self.highs.getInfo().objective_function_value, duals
        )


class Certificates:
    """Which quantities are proven to reach 0 (`low_ok`) and k (`high_ok`)."""

    def __init__(self, quantities: sparse.csr_matrix, threshold: int) -> None:
        self.matrix = quantities
        self.threshold = threshold
        self.low_ok = np.zeros(quantities.shape[0], dtype=bool)
        self.high_ok = np.zeros(quantities.shape[0], dtype=bool)
        # What a witness must reach to prove a range: 0 and k, or a settled bound.
        self.low_target = np.zeros(quantities.shape[0])
        self.high_target = np.full(quantities.shape[0], float(threshold))
        # The solutions that proved something, for the audit to check instead of re-solving.
        self.witnesses: list[np.ndarray] = []

    def add(self, atoms: np.ndarray) -> None:
        """Record what one feasible attacker solution proves, and keep it if it proved more."""
        sums = self.matrix @ atoms
        low, high = sums <= EPSILON, sums >= self.threshold - EPSILON
        if (low & ~self.low_ok).any() or (high & ~self.high_ok).any():
            self.witnesses.append(atoms)
        self.low_ok |= low
        self.high_ok |= high

    def settle(self, quantity: int, maximize: bool, solution: Solution) -> None:
        """Take a bound as settled without a proof of 0 or k (see `keeps_ledger_range`).

        The optimum that reaches it is kept as this quantity's witness of that bound.
        """
        (self.high_ok if maximize else self.low_ok)[quantity] = True
        (self.high_target if maximize else self.low_target)[quantity] = solution.objective
        self.witnesses.append(solution.atoms)

    def proving(self, chunk: int = 256) -> tuple[np.ndarray, sparse.csc_matrix, sparse.csc_matrix]:
        """The witnesses, and which of them prove which quantity down and up (quantity x point)."""
        points = np.array(self.witnesses).reshape(-1, self.matrix.shape[1])
        low, high = [], []
        for start in range(0, points.shape[0], chunk):
            sums = self.matrix @ points[start : start + chunk].T
            low.append(sparse.csc_matrix(sums <= self.low_target[:, None] + EPSILON))
            high.append(sparse.csc_matrix(sums >= self.high_target[:, None] - EPSILON))
        if not low:
            empty = sparse.csc_matrix((self.matrix.shape[0], 0), dtype=bool)
            return points, empty, empty
        return points, sparse.hstack(low).tocsc(), sparse.hstack(high).tocsc()

    def pending(self, maximize: bool) -> np.ndarray:
        return ~(self.high_ok if maximize else self.low_ok)

    def sweep(self, solver: BoundSolver, rounds: int = 60) -> None:
        """Push all unproven quantities at once, each way, while that still proves some."""
        for maximize in (False, True):
            for _ in range(rounds):
                pending = self.pending(maximize)
                if not pending.any():
                    break
                weights = np.asarray(self.matrix[pending].sum(axis=0)).ravel()
                self.add(solver.solve(weights, maximize).atoms)
                if self.pending(maximize).sum() == pending.sum():
                    break


def pinning_cells(
    incidence: sparse.csr_matrix, published: np.ndarray, is_new: np.ndarray, values
) -> np.ndarray:
    """The published cells the LP needs: one per set of atoms that an earlier release pins.

    Releases that share months publish many cells with the same atoms (a funder's cell where
    only its partners contributed is the collaborative's cell too): one row says it all. Rows
    of earlier releases are never freed, so a set of atoms that one of them pins keeps that
    row and drops the others (a new cell among them can't be hidden usefully anyway); a set
    that only new cells pin keeps all of them, since any one of them may be suppressed.
    """
    starts, ends, indices = incidence.indptr[:-1], incidence.indptr[1:], incidence.indices
    kept = np.asarray(published, dtype=bool).copy()
    first: dict[bytes, int] = {}
    for cell in np.flatnonzero(kept & ~is_new):
        first.setdefault(indices[starts[cell] : ends[cell]].tobytes(), cell)
    for cell in np.flatnonzero(kept):
        row = first.get(indices[starts[cell] : ends[cell]].tobytes(), cell)
        if row == cell:
            continue
        if values[row] != values[cell]:
            raise RuntimeError("the attacker's LP is infeasible: published values disagree")
        kept[cell] = False
    return kept
