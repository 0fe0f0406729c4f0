"""What makes protection fast must not make it weaker.

Offered witnesses are checked, never trusted; rows left out of the LP are exact duplicates;
families solved side by side give the pattern solved one after the other gives.
"""

import os

import numpy as np
import pytest
from scipy import sparse

import sdc.audit as audit_module
from sdc import parallel
from sdc.audit import audit_pattern
from sdc.bounds import pinning_cells
from sdc.problem import Atoms, Cells, Problem, Quantities
from sdc.suppress import primary, protect

K = 11
# One line per family: two members (a small one) and their total; atoms are the members.
LINE = {"LEGAL": 3, "MEDICAL": 20, "FINANCIAL": 30}


def _two_families() -> Problem:
    """A services line and a demographics line, each with one small member."""
    cells, incidence, atoms = [], [], []
    for table, leaf in (("services", "requests"), ("demographics", "ALL")):
        members = []
        for need, value in LINE.items():
            atom = len(atoms)
            atoms.append((atom, table, value))
            members.append(atom)
            incidence.append((len(cells), atom))
            cells.append((table, need, leaf, value))
        for atom in members:
            incidence.append((len(cells), atom))
        cells.append((table, "ALL", leaf, sum(LINE.values())))
    n = len(cells)
    values = np.array([c[3] for c in cells])
    small = np.flatnonzero(values < K)
    rows, cols = zip(*incidence, strict=True)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(atoms)))
    return Problem(
        cells=Cells(
            release=["new"] * n,
            family=[c[0] for c in cells],
            figure=[f"{c[0]}|{c[1]}|{c[2]}" for c in cells],
            value=values,
            is_new=[True] * n,
            suppressed=[False] * n,
            locatable=[False] * n,
        ),
        atoms=Atoms(family=[a[1] for a in atoms], value=[a[2] for a in atoms]),
        incidence=matrix,
        sensitive=Quantities(kind=["small"] * small.size, value=[3, 3], atoms=matrix[small]),
        threshold=K,
        # Each family's members and their total (the last cell of the family's four).
        lines=[(np.arange(start, start + 3), start + 3) for start in range(0, n, 4)],
    )


def _lp_solves(monkeypatch) -> list:
    calls = []
    optimum = audit_module._optimum

    def counted(*args, **kwargs):
        calls.append(1)
        return optimum(*args, **kwargs)

    monkeypatch.setattr(audit_module, "_optimum", counted)
    return calls


def test_bogus_witnesses_cannot_hide_a_leak(monkeypatch):
    problem = _two_families()
    naive = primary(problem)
    # Points that would "prove" everything (every atom 0, every atom 100) if they were
    # trusted; neither gives the published cells their values.
    ids = np.arange(len(problem.atoms))
    bogus = ((ids, np.vstack([np.zeros(ids.size), np.full(ids.size, 100.0)])),)
    leaks = audit_pattern(problem, naive)
    assert leaks
    assert audit_pattern(problem, naive, bogus) == leaks


def test_the_protections_witnesses_spare_the_audits_solves(monkeypatch):
    problem = _two_families()
    suppression = protect(problem)
    assert sum(points.shape[0] for _, points in suppression.witnesses) > 0
    solves = _lp_solves(monkeypatch)
    assert not audit_pattern(problem, suppression.suppressed)
    alone = len(solves)
    solves.clear()
    assert not audit_pattern(problem, suppression.suppressed, suppression.witnesses)
    assert len(solves) < alone


def test_families_side_by_side_give_the_same_pattern(monkeypatch):
    problem = _two_families()
    one_after_the_other = protect(problem)
    monkeypatch.setattr(parallel, "PARALLEL_CELLS", 0)
    side_by_side = protect(problem)
    assert (side_by_side.suppressed == one_after_the_other.suppressed).all()
    assert side_by_side.secondary == one_after_the_other.secondary == 2
    assert not audit_pattern(problem, side_by_side.suppressed, side_by_side.witnesses)


def _pid(_: object) -> int:
    return os.getpid()


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_large_problems_go_to_worker_processes_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_CELLS", 10)
    assert parallel.solve_all(_pid, ["a", "b"], [1, 1]) == [os.getpid()] * 2
    pids = parallel.solve_all(_pid, ["a", "b", "c"], [5, 20, 5])
    assert os.getpid() not in pids
    assert parallel.solve_all(abs, [-3, 2, -1], [5, 20, 5]) == [3, 2, 1]


def test_a_row_an_earlier_release_pins_is_kept_once():
    # Cells 0 (earlier) and 1, 2 (new) have atoms {0, 1}; cells 3 and 4 (new) have {2}.
    starts = np.array([0, 2, 4, 6, 7], dtype=np.int32)
    indices = np.array([0, 1, 0, 1, 0, 1, 2, 2], dtype=np.int32)
    is_new = np.array([False, True, True, True, True])
    values = np.array([7, 7, 7, 4, 4])
    incidence = sparse.csr_matrix((np.ones(indices.size), indices, np.append(starts, indices.size)))
    kept = pinning_cells(incidence, np.ones(5, dtype=bool), is_new, values)
    # Hiding a new copy of the earlier row frees nothing: only the earlier row stays. Two
    # new copies stay both: either may be hidden.
    assert kept.tolist() == [True, False, False, True, True]
    with pytest.raises(RuntimeError, match="disagree"):
        pinning_cells(incidence, np.ones(5, dtype=bool), is_new, np.array([7, 8, 7, 4, 4]))
