"""The attacker's view as a linear system: atoms are unknowns (>= 0), published cells fix sums.

A `Problem` holds every cell of every release that matters (the new release and the ledger's
releases that share months with it), their atoms as a sparse incidence, and the sensitive
quantities whose derivable range must reach 0 and k.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass
class Problem:
    """Cells (`cell`, `release_id`, `is_new`, `value`, `suppressed`, key…) and incidence."""

    atoms: pl.DataFrame  # atom, value
    cells: pl.DataFrame
    incidence: pl.DataFrame  # cell, atom
    sensitive: pl.DataFrame  # quantity, kind, value; with `quantity_atoms` (quantity, atom)
    quantity_atoms: pl.DataFrame
    threshold: int

    def rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR arrays (starts, atom indices, values) of every cell, in `cell` order."""
        ordered = self.incidence.sort("cell", "atom")
        counts = np.bincount(ordered["cell"].to_numpy(), minlength=self.cells.height)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int32)
        return (
            starts,
            ordered["atom"].to_numpy().astype(np.int32),
            np.ones(ordered.height, dtype=np.float64),
        )

    def quantity(self, quantity: int) -> np.ndarray:
        """The atoms of one sensitive quantity."""
        return self.quantity_atoms.filter(pl.col("quantity") == quantity)["atom"].to_numpy()
