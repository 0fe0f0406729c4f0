"""The attacker's view as a linear system: atoms are unknowns (>= 0), published cells fix sums.

A `Problem` holds every cell of every release that matters (the new release and the ledger's
releases that share months with it), their atoms as a sparse incidence, and the sensitive
quantities whose derivable range must reach 0 and k.
"""

from dataclasses import dataclass, field

import numpy as np
import polars as pl
from scipy import sparse

# Quantities that are not cells of any release (difference pieces, other audiences' future
# cells) may already be narrowed by the ledger alone, through releases made before they
# became sensitive. Nothing a new release hides can widen them again; what a new release
# must do is add nothing: their range with it must equal their range from the ledger alone.
# Published and hidden cells themselves (small, earlier small, confidential location)
# always need the full rule: a range reaching 0 and k.
LEDGER_RANGE_KINDS = ("difference", "future")
NO_LINES = pl.DataFrame(schema={"line": pl.Int64, "cell": pl.Int64, "is_total": pl.Boolean})


def keeps_ledger_range(kind: str) -> bool:
    """Whether a quantity of this kind may keep the range the ledger alone already gives it."""
    return kind.startswith(LEDGER_RANGE_KINDS)


@dataclass
class Problem:
    """Cells, atoms, their incidence, the sensitive quantities and the additive lines.

    `cells`: `cell` (0..n-1), `release_id`, `family` (cells of one family share atoms only
    with each other), `figure` (the same figure in every release), `locatable` (a cell that
    would locate a confidential respondent if only theirs), `value`, `is_new`, `suppressed`
    (the ledger's flags for earlier releases), and any key columns of the caller's.
    `lines`: (`line`, `cell`, `is_total`), a row per cell of each additive line of the new
    release (members that add up to a total), in the order the line rules visit them.
    """

    atoms: pl.DataFrame  # atom, family, value (and confidential: all a confidential partner's)
    cells: pl.DataFrame
    incidence: pl.DataFrame  # cell, atom
    sensitive: pl.DataFrame  # quantity, kind, value; with `quantity_atoms` (quantity, atom)
    quantity_atoms: pl.DataFrame
    threshold: int
    lines: pl.DataFrame = field(default_factory=lambda: NO_LINES.clear())

    def line_list(self) -> list[tuple[np.ndarray, int]]:
        """(member cells, total cell) of every line, in order."""
        found = []
        for members, totals in (
            self.lines.group_by("line", maintain_order=True)
            .agg(pl.col("cell"), pl.col("is_total"))
            .select("cell", "is_total")
            .iter_rows()
        ):
            total = members[totals.index(True)]
            found.append((np.asarray([m for m in members if m != total]), total))
        return found

    def incidence_matrix(self) -> sparse.csr_matrix:
        """The cell x atom matrix: a row per cell, in `cell` order, ones on its atoms."""
        ordered = self.incidence.sort("cell", "atom")
        counts = np.bincount(ordered["cell"].to_numpy(), minlength=self.cells.height)
        return sparse.csr_matrix(
            (
                np.ones(ordered.height, dtype=np.float64),
                ordered["atom"].to_numpy().astype(np.int32),
                np.concatenate([[0], np.cumsum(counts)]).astype(np.int32),
            ),
            shape=(self.cells.height, self.atoms.height),
        )

    def by_table(self) -> list[tuple["Problem", np.ndarray, np.ndarray]]:
        """One independent problem per family of tables, with its cells' and atoms' ids here.

        Families share no atoms, and several small LPs solve much faster than one large one.
        """
        parts = []
        for family in self.atoms["family"].unique().sort().to_list():
            atom_ids = self.atoms.filter(pl.col("family") == family)["atom"]
            atom_map = pl.DataFrame(
                {"atom": atom_ids, "new_atom": range(atom_ids.len())},
                schema={"atom": pl.Int64, "new_atom": pl.Int64},
            )
            cells = self.cells.filter(pl.col("family") == family)
            cell_map = pl.DataFrame(
                {"cell": cells["cell"], "new_cell": range(cells.height)},
                schema={"cell": pl.Int64, "new_cell": pl.Int64},
            )
            incidence = (
                self.incidence.join(cell_map, on="cell")
                .join(atom_map, on="atom")
                .select(pl.col("new_cell").alias("cell"), pl.col("new_atom").alias("atom"))
            )
            quantity_atoms = self.quantity_atoms.join(atom_map, on="atom")
            quantities = quantity_atoms["quantity"].unique().sort()
            quantity_map = pl.DataFrame(
                {"quantity": quantities, "new_quantity": range(quantities.len())},
                schema={"quantity": pl.Int64, "new_quantity": pl.Int64},
            )
            part = Problem(
                atoms=atom_map.join(self.atoms, on="atom")
                .select(pl.col("new_atom").alias("atom"), pl.exclude("atom", "new_atom"))
                .sort("atom"),
                cells=cells.drop("cell")
                .with_row_index("cell")
                .with_columns(pl.col("cell").cast(pl.Int64)),
                incidence=incidence,
                sensitive=quantity_map.join(self.sensitive, on="quantity")
                .select(pl.col("new_quantity").alias("quantity"), "kind", "value")
                .sort("quantity"),
                quantity_atoms=quantity_atoms.join(quantity_map, on="quantity").select(
                    pl.col("new_quantity").alias("quantity"), pl.col("new_atom").alias("atom")
                ),
                threshold=self.threshold,
                lines=self.lines.join(cell_map, on="cell")
                .select("line", pl.col("new_cell").alias("cell"), "is_total")
                .sort("line", "cell"),
            )
            parts.append((part, cells["cell"].to_numpy(), atom_ids.to_numpy()))
        return parts
