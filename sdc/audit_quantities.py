"""The audit's own list of what must stay uncertain, derived from the cells and atoms alone.

Written apart from `assemble`'s list on purpose: the audit must not trust the protection, so
a quantity the protection forgets is still checked here. Everything is read from what the
attacker combines (every cell of the new release and of each linked release, each a known
set of atoms) and the truth behind it (each atom's value, and whether it is a confidential
partner's):

- *small*: a cell of the new release in 1..k-1; *earlier small*: a cell an earlier release
  hid while it was in 1..k-1;
- *confidential location*: a non-zero `locatable` cell all of whose atoms are confidential
  respondents' (the caller says which cells could locate one: for us, every cell of a
  regional table, whatever its region, level or period); of the new release, and *earlier*
  the hidden ones of earlier releases;
- *difference* pieces: for two cells of the same key in two releases that share atoms, the
  atoms one has and the other lacks (a funder's subset against the collaborative, or two
  versions of one release), when the piece is small or would locate a confidential partner.
  Two cells are of the same key when their `figure` is equal (the caller's name for the
  figure a cell publishes, the same in every release).

Other audiences' releases not yet made are the protection's own foresight (so that they
can be made later), not something published now: the audit does not need them.
"""

import numpy as np
from scipy import sparse

from sdc.problem import Atoms, Cells, Quantities

# The strictest kind first: a set of atoms reached twice is checked under it.
KINDS = (
    "small",
    "confidential location",
    "earlier small",
    "earlier confidential location",
    "difference",
)
# Pairs of cells whose rows are compared at once: bounds the memory of the pieces' matrix.
PAIR_CHUNK = 4096


def _small(values: np.ndarray, threshold: int) -> np.ndarray:
    return (values >= 1) & (values <= threshold - 1)


def _all_confidential(rows: sparse.csr_matrix, atoms: Atoms) -> np.ndarray:
    """Per row: it has atoms, and every one of them is a confidential respondent's."""
    sizes = np.diff(rows.indptr)
    confidential = rows @ atoms.confidential.astype(np.float64)
    return (sizes > 0) & (confidential == sizes)


def _cell_quantities(cells: Cells, incidence, atoms: Atoms, threshold: int):
    """(kinds, rows of the incidence) of every small or locating cell the attacker must not pin."""
    small = _small(cells.value, threshold)
    locating = cells.locatable & _all_confidential(incidence, atoms) & (cells.value > 0)
    new, hidden = cells.is_new, ~cells.is_new & cells.suppressed
    kinds = np.select(
        [new & small, new & locating, hidden & small, hidden & locating], KINDS[:4], ""
    ).astype(object)
    # A cell with no atoms (a structural zero) is no sum the attacker could narrow.
    chosen = np.flatnonzero((kinds != "") & (np.diff(incidence.indptr) > 0))
    return kinds[chosen], incidence[chosen]


def _same_figure_pairs(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered pair (cell, other) of one figure in two releases, by cell then other."""
    _, figure = np.unique(cells.figure, return_inverse=True)
    order = np.lexsort((np.arange(len(cells)), figure))
    starts = np.flatnonzero(np.r_[True, figure[order][1:] != figure[order][:-1]])
    sizes = np.diff(np.r_[starts, order.size])
    group_of = np.repeat(np.arange(starts.size), sizes)
    # For each cell, every cell of its figure: its group's start, repeated group-size times.
    per_cell = sizes[group_of]
    first = np.repeat(np.arange(order.size), per_cell)
    offset = np.arange(per_cell.sum()) - np.repeat(np.cumsum(per_cell) - per_cell, per_cell)
    second = starts[group_of][first] + offset
    mine, theirs = order[first], order[second]
    _, release = np.unique(cells.release, return_inverse=True)
    keep = release[mine] != release[theirs]
    pairs = np.lexsort((theirs[keep], mine[keep]))
    return mine[keep][pairs], theirs[keep][pairs]


def _piece_quantities(cells: Cells, incidence, atoms: Atoms, threshold: int):
    """(kinds, rows) of every small or locating piece one cell has and a same-key cell lacks."""
    mine, theirs = _same_figure_pairs(cells)
    values = atoms.value.astype(np.float64)
    seen: dict[bytes, int] = {}
    pieces, regional = [], []
    for start in range(0, mine.size, PAIR_CHUNK):
        cell, other = mine[start : start + PAIR_CHUNK], theirs[start : start + PAIR_CHUNK]
        own = incidence[cell]
        shared = own.multiply(incidence[other]).tocsr()
        piece = (own - shared).tocsr()
        piece.eliminate_zeros()
        piece.sort_indices()
        # Disjoint cells give no piece that is not a cell already; nested ones leave none.
        sizes = np.diff(piece.indptr)
        overlap = np.diff(shared.indptr) > 0
        total = piece @ values
        # Only a piece that is small or could locate is a quantity: the rest are never read.
        candidate = overlap & (sizes > 0)
        candidate &= _small(total, threshold) | (_all_confidential(piece, atoms) & (total > 0))
        for row in np.flatnonzero(candidate):
            members = piece.indices[piece.indptr[row] : piece.indptr[row + 1]]
            key = members.tobytes()
            # A piece reached from a regional table's cells can be held against regions' figures.
            if key not in seen:
                seen[key] = len(pieces)
                pieces.append(members)
                regional.append(False)
            regional[seen[key]] |= bool(cells.locatable[cell[row]])
    if not pieces:
        return np.array([], dtype=object), sparse.csr_matrix((0, len(atoms)))
    rows = _rows(pieces, len(atoms))
    total = rows @ values
    keep = _small(total, threshold) | (
        np.array(regional) & _all_confidential(rows, atoms) & (total > 0)
    )
    return np.full(int(keep.sum()), "difference", dtype=object), rows[np.flatnonzero(keep)]


def _rows(members: list[np.ndarray], n_atoms: int) -> sparse.csr_matrix:
    """A 0/1 matrix with a row per list of (sorted) atoms."""
    indptr = np.r_[0, np.cumsum([m.size for m in members])]
    indices = np.concatenate(members)
    return sparse.csr_matrix(
        (np.ones(indices.size), indices, indptr), shape=(len(members), n_atoms)
    )


def derive_quantities(
    cells: Cells, incidence: sparse.csr_matrix, atoms: Atoms, threshold: int
) -> Quantities:
    """Every sum the audit must find uncertain, with its kind and true value.

    `cells` as in a `Problem` (with the ledger's flags for earlier releases), `incidence`
    its canonical cell x atom matrix. The same set of atoms is one quantity, under the
    strictest kind that reaches it (cells first, in cell order, then pieces).
    """
    cell_kinds, cell_rows = _cell_quantities(cells, incidence, atoms, threshold)
    piece_kinds, piece_rows = _piece_quantities(cells, incidence, atoms, threshold)
    kinds = np.concatenate([cell_kinds, piece_kinds])
    rows = sparse.vstack([cell_rows, piece_rows], format="csr")
    rank = np.array([KINDS.index(kind) for kind in kinds], dtype=np.int64)
    seen: set[bytes] = set()
    chosen = []
    for row in np.argsort(rank, kind="stable"):
        key = rows.indices[rows.indptr[row] : rows.indptr[row + 1]].tobytes()
        if key not in seen:
            seen.add(key)
            chosen.append(row)
    chosen = np.array(chosen, dtype=np.int64)
    matrix = rows[chosen]
    return Quantities(kinds[chosen], np.rint(matrix @ atoms.value.astype(np.float64)), matrix)
