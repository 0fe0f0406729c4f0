"""The attacker's view as a linear system: atoms are unknowns (>= 0), published cells fix sums.

A `Problem` holds every cell of every release that matters (the new release and the ledger's
releases that share months with it), their atoms as a sparse cell x atom incidence, and the
sensitive quantities whose derivable range must reach 0 and k: arrays a statistician can read
as the table's margins and its design matrix, nothing of the tables that produced them.
"""

from dataclasses import dataclass, field, fields

import numpy as np
from scipy import sparse

# Quantities that are not cells of any release (difference pieces, other audiences' future
# cells) may already be narrowed by the ledger alone, through releases made before they
# became sensitive. Nothing a new release hides can widen them again; what a new release
# must do is add nothing: their range with it must equal their range from the ledger alone.
# Published and hidden cells themselves (small, earlier small, confidential location)
# always need the full rule: a range reaching 0 and k.
LEDGER_RANGE_KINDS = ("difference", "future")


def keeps_ledger_range(kind: str) -> bool:
    """Whether a quantity of this kind may keep the range the ledger alone already gives it."""
    return kind.startswith(LEDGER_RANGE_KINDS)


def zero_one(matrix, rows: int, columns: int | None, name: str) -> sparse.csr_matrix:
    """`matrix` as a canonical CSR 0/1 matrix (sorted atoms per row), checked for its shape.

    Canonical rows are what lets a set of atoms be compared, hashed and handed to HiGHS the
    same way every time; a 2 would count an atom twice in every sum.
    """
    found = sparse.csr_matrix(matrix, dtype=np.float64)
    found.sum_duplicates()
    if found.shape[0] != rows or columns not in (None, found.shape[1]):
        raise ValueError(f"{name} is {found.shape}, expected {rows} rows and {columns} columns")
    if found.nnz and not (found.data == 1.0).all():
        raise ValueError(f"{name} must be 0/1")
    return found


def _frozen_arrays(instance, dtypes: dict[str, type]) -> None:
    """Every field as a 1-D array of its dtype, all of one length (one entry per row)."""
    lengths = set()
    for name, dtype in dtypes.items():
        array = np.asarray(getattr(instance, name), dtype=dtype)
        lengths.add(array.shape)
        object.__setattr__(instance, name, array)
    if len(lengths) > 1:
        raise ValueError(f"{type(instance).__name__}: arrays of different lengths {lengths}")


CELL_DTYPES = {
    "release": object,
    "family": object,
    "figure": object,
    "value": np.int64,
    "is_new": bool,
    "suppressed": bool,
    "locatable": bool,
}


@dataclass(frozen=True)
class Cells:
    """The published figures: one entry per cell of every release in the problem.

    `release`: the release it belongs to; `family`: cells of one family share atoms only with
    each other (one table, or tables cut from the same atoms); `figure`: the caller's name
    for the figure a cell publishes, the same in every release (two releases' cells of one
    figure leave difference pieces); `locatable`: a cell that would locate a confidential
    respondent if it were only theirs; `value`; `is_new`: of the release being protected;
    `suppressed`: the ledger's flags for earlier releases, and for the new release the cells
    hidden from the start.
    """

    release: np.ndarray
    family: np.ndarray
    figure: np.ndarray
    value: np.ndarray
    is_new: np.ndarray
    suppressed: np.ndarray
    locatable: np.ndarray

    def __post_init__(self) -> None:
        _frozen_arrays(self, CELL_DTYPES)

    def __len__(self) -> int:
        return self.value.size

    def take(self, index: np.ndarray) -> "Cells":
        """The cells at `index` (positions or a boolean mask), in that order."""
        return Cells(**{f.name: getattr(self, f.name)[index] for f in fields(self)})


@dataclass(frozen=True)
class Atoms:
    """The unknowns: one respondent group's contribution to a finest cell.

    `family` as the cells'; `value`, the truth behind the published sums; `confidential`:
    all of it a confidential-location respondent's (none when not given).
    """

    family: np.ndarray
    value: np.ndarray
    confidential: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.confidential is None:
            object.__setattr__(self, "confidential", np.zeros(len(self.value), dtype=bool))
        _frozen_arrays(self, {"family": object, "value": np.int64, "confidential": bool})

    def __len__(self) -> int:
        return self.value.size

    def take(self, index: np.ndarray) -> "Atoms":
        """The atoms at `index` (positions or a boolean mask), in that order."""
        return Atoms(self.family[index], self.value[index], self.confidential[index])


@dataclass(frozen=True)
class Quantities:
    """Sensitive sums of atoms, whose derivable range must reach 0 and k.

    `kind`: why it is sensitive (a kind starting with `LEDGER_RANGE_KINDS` may keep the
    ledger's range); `value`: its true value; `atoms`: the quantity x atom 0/1 matrix (a row
    per quantity, ones on the atoms it adds up).
    """

    kind: np.ndarray
    value: np.ndarray
    atoms: sparse.csr_matrix

    def __post_init__(self) -> None:
        _frozen_arrays(self, {"kind": object, "value": np.int64})
        object.__setattr__(self, "atoms", zero_one(self.atoms, self.value.size, None, "quantities"))

    def __len__(self) -> int:
        return self.value.size

    def take(self, index: np.ndarray) -> "Quantities":
        """The quantities at `index` (positions or a boolean mask), in that order."""
        return Quantities(self.kind[index], self.value[index], self.atoms[index])


@dataclass
class Problem:
    """Cells, atoms, their incidence, the sensitive quantities and the additive lines.

    `incidence`: the cell x atom 0/1 matrix (a row per cell, ones on the atoms it adds up).
    `lines`: (member cells, total cell) of each additive line of the new release (members
    that add up to a total), in the order the line rules visit them.
    """

    cells: Cells
    atoms: Atoms
    incidence: sparse.csr_matrix
    sensitive: Quantities
    threshold: int
    lines: list[tuple[np.ndarray, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.incidence = zero_one(self.incidence, len(self.cells), len(self.atoms), "incidence")
        if self.sensitive.atoms.shape[1] != len(self.atoms):
            raise ValueError("sensitive quantities and atoms disagree on the number of atoms")
        self.lines = [
            (np.asarray(members, dtype=np.int64), int(total)) for members, total in self.lines
        ]

    def by_table(self) -> list[tuple["Problem", np.ndarray, np.ndarray]]:
        """One independent problem per family of tables, with its cells' and atoms' ids here.

        Families share no atoms, and several small LPs solve much faster than one large one.
        """
        parts = []
        for family in np.unique(self.atoms.family):
            atom_ids = np.flatnonzero(self.atoms.family == family)
            cell_ids = np.flatnonzero(self.cells.family == family)
            quantity_atoms = self.sensitive.atoms[:, atom_ids]
            quantity_ids = np.flatnonzero(np.diff(quantity_atoms.indptr))
            # Old cell id -> new (or -1): lines keep their order, members in cell order.
            renumber = np.full(len(self.cells), -1, dtype=np.int64)
            renumber[cell_ids] = np.arange(cell_ids.size)
            lines = []
            for members, total in self.lines:
                if renumber[total] >= 0:
                    kept = np.sort(renumber[members][renumber[members] >= 0])
                    lines.append((kept, int(renumber[total])))
            sensitive = self.sensitive
            part = Problem(
                cells=self.cells.take(cell_ids),
                atoms=self.atoms.take(atom_ids),
                incidence=self.incidence[cell_ids][:, atom_ids],
                sensitive=Quantities(
                    sensitive.kind[quantity_ids],
                    sensitive.value[quantity_ids],
                    quantity_atoms[quantity_ids],
                ),
                threshold=self.threshold,
                lines=lines,
            )
            parts.append((part, cell_ids, atom_ids))
        return parts
