"""The audit must not pass a leaking pattern, whatever it is handed.

Hand-built systems of a few atoms (all >= 0), each cell the sum of its atoms. Each case is one
way the audit once passed a pattern that leaks: a bound checked against an unbounded ledger, a
wrong witness within a relative tolerance of large totals, and earlier releases' suppression
flags taken from the caller instead of the ledger.
"""

import numpy as np
from scipy import sparse

import sdc.audit as audit_module
from sdc.audit import audit_pattern
from sdc.problem import Atoms, Cells, Problem, Quantities
from sdc.suppress import protect

K = 11


def _problem(
    atoms: dict[str, int],
    cells: list[tuple[str, tuple[str, ...], bool]],
    quantities: list[tuple[str, tuple[str, ...]]],
) -> Problem:
    """Cells (release id, atoms, suppressed in the ledger); release "new" is the new one."""
    ids = {name: i for i, name in enumerate(atoms)}
    n = len(cells)
    return Problem(
        cells=Cells(
            release=[release for release, _, _ in cells],
            family=["services"] * n,
            # A figure per cell and no line: only the LPs decide what is hidden.
            figure=[f"N{i}" for i in range(n)],
            value=[sum(atoms[a] for a in members) for _, members, _ in cells],
            is_new=[release == "new" for release, _, _ in cells],
            suppressed=[hidden for _, _, hidden in cells],
            locatable=[False] * n,
        ),
        atoms=Atoms(family=["services"] * len(ids), value=list(atoms.values())),
        incidence=_rows([members for _, members, _ in cells], ids),
        sensitive=Quantities(
            kind=[kind for kind, _ in quantities],
            value=[sum(atoms[a] for a in members) for _, members in quantities],
            atoms=_rows([members for _, members in quantities], ids),
        ),
        threshold=K,
    )


def _rows(sums: list[tuple[str, ...]], ids: dict[str, int]) -> sparse.csr_matrix:
    """A 0/1 matrix with a row per sum, ones on its atoms."""
    matrix = np.zeros((len(sums), len(ids)))
    for row, members in enumerate(sums):
        matrix[row, [ids[a] for a in members]] = 1
    return sparse.csr_matrix(matrix)


def _as_recorded(problem: Problem) -> np.ndarray:
    return problem.cells.suppressed.copy()


def test_a_piece_the_ledger_leaves_unbounded_must_still_reach_k():
    """The ledger alone (d + e = 11) bounds nothing about b; the new release's cells b + c = 20
    and c + d = 21 put b in [0, 10]: below k, so narrowed, though an unbounded ledger maximum
    once compared equal to it."""
    problem = _problem(
        {"b": 5, "c": 15, "d": 6, "e": 5},
        [("ledger", ("d", "e"), False), ("new", ("b", "c"), False), ("new", ("c", "d"), False)],
        [("difference collaborative minus funder:X", ("b",))],
    )
    leaks = audit_pattern(problem, _as_recorded(problem))
    assert [(leak.kind, leak.low, round(leak.high, 6)) for leak in leaks] == [
        ("difference collaborative minus funder:X", 0.0, 10.0)
    ]
    protected = protect(problem)
    assert protected.suppressed[1:].any()
    assert not audit_pattern(problem, protected.suppressed, protected.witnesses)


def _large_totals() -> Problem:
    """s - c = (s + B) - (B + c) = 1 whatever is hidden: s's minimum is 1, its maximum 21.

    Totals near 10^6: a point with s = c = 0 and B = 10^6 misses s + B = 1,000,001 by 1.
    """
    return _problem(
        {"s": 5, "c": 4, "B": 999_996, "d": 16},
        [
            ("new", ("s",), True),
            ("new", ("c",), True),
            ("new", ("B",), True),
            ("new", ("d",), True),
            ("new", ("s", "B"), False),
            ("new", ("B", "c"), False),
            ("new", ("c", "d"), False),
        ],
        [("small", ("s",)), ("small", ("c",))],
    )


def test_a_witness_that_misses_a_large_total_by_one_proves_nothing():
    problem = _large_totals()
    hidden = _as_recorded(problem)
    leaks = audit_pattern(problem, hidden)
    assert [(leak.kind, round(leak.low, 6)) for leak in leaks] == [("small", 1.0)]
    atom_ids = np.arange(len(problem.atoms))
    bogus = np.array([[0.0, 0.0, 1_000_000.0, 20.0]])  # s, c, B, d
    assert audit_pattern(problem, hidden, ((atom_ids, bogus),)) == leaks


def test_right_witnesses_of_large_totals_are_still_taken(monkeypatch):
    """Absolute tolerance, but the protection's own points still pass it: no LP needed."""
    problem = _large_totals()
    protected = protect(problem)
    solves = []
    optimum = audit_module._optimum

    def counted(*args, **kwargs):
        solves.append(1)
        return optimum(*args, **kwargs)

    monkeypatch.setattr(audit_module, "_optimum", counted)
    assert not audit_pattern(problem, protected.suppressed, protected.witnesses)
    assert not solves


def _earlier_total() -> Problem:
    """An earlier release hid its small s (3) and m (20) but published s + m = 23; the new
    release publishes m = 20 (another table of the same month), which gives s away."""
    return _problem(
        {"s": 3, "m": 20},
        [
            ("ledger", ("s",), True),
            ("ledger", ("m",), True),
            ("ledger", ("s", "m"), False),
            ("new", ("m",), False),
        ],
        [("earlier small", ("s",))],
    )


def test_earlier_releases_flags_come_from_the_ledger_not_the_caller():
    problem = _earlier_total()
    assert [leak.kind for leak in audit_pattern(problem, _as_recorded(problem))] == [
        "earlier small"
    ]
    # A caller that says the earlier total was hidden would have the audit forget it.
    forgetful = _as_recorded(problem)
    forgetful[2] = True
    kinds = {leak.kind for leak in audit_pattern(problem, forgetful)}
    assert kinds == {"earlier small", "earlier release's suppression changed"}
    assert protect(problem).suppressed[3]
    assert not audit_pattern(problem, protect(problem).suppressed)


def test_unhiding_an_earlier_releases_small_cell_is_rejected():
    problem = _earlier_total()
    unhidden = protect(problem).suppressed
    unhidden[0] = False
    kinds = {leak.kind for leak in audit_pattern(problem, unhidden)}
    assert "earlier release's suppression changed" in kinds
