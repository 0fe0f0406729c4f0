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

    def __init__(self, n_atoms: int, starts, indices, values, row_values, published) -> None:
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
        matrix = sparse.csr_matrix(
            (values, indices, np.append(starts, len(indices))), shape=(published.size, n_atoms)
        )[published]
        shown = np.asarray(row_values, dtype=np.float64)[published]
        self.highs.addRows(
            shown.size,
            shown,
            shown,
            matrix.nnz,
            matrix.indptr[:-1].astype(np.int32),
            matrix.indices.astype(np.int32),
            matrix.data.astype(np.float64),
        )
        self.n_atoms = n_atoms
        self._all = np.arange(n_atoms, dtype=np.int32)

    def free(self, cell: int) -> None:
        """Suppress a published cell: its row no longer pins anything."""
        self.highs.changeRowBounds(int(self.row_of[cell]), -highspy.kHighsInf, highspy.kHighsInf)

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
        # Duals per cell, 0 for the cells left out of the model.
        duals = np.append(np.asarray(solution.row_dual), 0.0)[self.row_of]
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

    def settle(self, quantity: int, maximize: bool) -> None:
        """Take a bound as settled without a proof of 0 or k (see `keeps_ledger_range`)."""
        (self.high_ok if maximize else self.low_ok)[quantity] = True

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


def quantity_matrix(quantity_atoms, n_quantities: int, n_atoms: int) -> sparse.csr_matrix:
    """Rows are sensitive quantities, columns atoms, ones where the atom is in the sum."""
    q = quantity_atoms["quantity"].to_numpy()
    a = quantity_atoms["atom"].to_numpy()
    return sparse.csr_matrix((np.ones(q.size), (q, a)), shape=(n_quantities, n_atoms))


def pinning_cells(starts, indices, published: np.ndarray, is_new: np.ndarray, values) -> np.ndarray:
    """The published cells the LP needs: one per set of atoms that an earlier release pins.

    Releases that share months publish many cells with the same atoms (a funder's cell where
    only its partners contributed is the collaborative's cell too): one row says it all. Rows
    of earlier releases are never freed, so a set of atoms that one of them pins keeps that
    row and drops the others (a new cell among them can't be hidden usefully anyway); a set
    that only new cells pin keeps all of them, since any one of them may be suppressed.
    """
    ends = np.append(starts[1:], len(indices))
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
