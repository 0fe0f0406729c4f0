"""Quantities that are not cells may keep the range the ledger alone gives them, no narrower.

Hand-built systems of three atoms a, b, e (all >= 0). The ledger published a + b = 20 and
a + e = 17, so b >= 3 already: a difference piece b (true value 5) can't reach 0 whatever a
new release hides. The new release must then add nothing about b; a new small cell must
still reach 0 and k.
"""

import numpy as np
import pytest
from scipy import sparse

from sdc.audit import audit_pattern
from sdc.problem import Atoms, Cells, Problem, Quantities
from sdc.suppress import ProtectionError, protect

K = 11
ATOMS = {"a": 15, "b": 5, "e": 2}


def _problem(new_cells: list[tuple[str, tuple[str, ...]]], kind: str) -> Problem:
    """Ledger cells a+b and a+e, then `new_cells` (need, atoms); quantity b of `kind`."""
    ids = {name: i for i, name in enumerate(ATOMS)}
    rows = [("ledger", "L1", ("a", "b"), False), ("ledger", "L2", ("a", "e"), False)]
    rows += [("new", need, atoms, True) for need, atoms in new_cells]
    incidence = np.zeros((len(rows), len(ids)))
    for c, r in enumerate(rows):
        incidence[c, [ids[a] for a in r[2]]] = 1
    b_alone = np.zeros((1, len(ids)))
    b_alone[0, ids["b"]] = 1
    return Problem(
        cells=Cells(
            release=[r[0] for r in rows],
            family=["services"] * len(rows),
            figure=[r[1] for r in rows],
            value=[sum(ATOMS[a] for a in r[2]) for r in rows],
            is_new=[r[3] for r in rows],
            suppressed=[False] * len(rows),
            locatable=[False] * len(rows),
        ),
        atoms=Atoms(family=["services"] * 3, value=list(ATOMS.values())),
        incidence=sparse.csr_matrix(incidence),
        sensitive=Quantities(kind=[kind], value=[5], atoms=sparse.csr_matrix(b_alone)),
        threshold=K,
    )


def test_a_piece_the_ledger_pins_needs_only_that_nothing_is_added():
    problem = _problem([("N1", ("a",))], "difference collaborative minus funder:X")
    nothing_hidden = problem.cells.suppressed
    # Publishing a = 15 makes b exactly 5: narrower than the ledger's [3, 20].
    assert audit_pattern(problem, nothing_hidden)
    protected = protect(problem).suppressed
    assert protected[2]
    assert not audit_pattern(problem, protected)


def test_a_piece_the_new_release_does_not_touch_passes_as_it_is():
    problem = _problem([("N1", ("e",))], "future small funder:X")
    # e = 2 is a new small cell, hidden as primary; b keeps the ledger's range [3, 20].
    protected = protect(problem).suppressed
    assert not audit_pattern(problem, protected)


def test_a_cell_the_ledger_pins_is_still_an_error():
    problem = _problem([("N1", ("a",))], "earlier small")
    with pytest.raises(ProtectionError, match="pinned by earlier releases alone"):
        protect(problem)
    assert audit_pattern(problem, np.array([False, False, True]))
