"""An outside reader's attack on published demographics: LP ranges of every hidden cell.

Independent of the protection's own model: it reads only what any reader holds (each
release's `tables/demographics.csv` and `manifest.json`, and which partners each audience
has) and what the contract tells everyone: a partner's counts are non-negative, and for each
partner and month its age bands add up to the same total as its gender categories. Its
unknowns are each partner's count per month, dimension and category.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from collab import contract
from collab.periods import parse_period

DIMENSIONS = contract.DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL


@dataclass(frozen=True)
class Range:
    """What a reader derives for one hidden cell of one release."""

    release: str  # audience/period
    period: str
    dimension: str
    category: str
    low: float
    high: float


def _cells(folder: Path) -> tuple[dict, list[dict]]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    with (folder / "tables" / "demographics.csv").open(encoding="utf-8") as f:
        return manifest, list(csv.DictReader(f))


def demographic_ranges(releases: list[tuple[Path, frozenset[str]]]) -> list[Range]:
    """The range of every hidden demographics cell, given every release's folder and partners."""
    read = [(folder, partners, *_cells(folder)) for folder, partners in releases]
    partners = sorted({p for _, ps, _, _ in read for p in ps})
    months = sorted({m for _, _, manifest, _ in read for m in manifest["months"]})
    columns = {
        (p, m, d, c): i
        for i, (p, m, d, c) in enumerate(
            (p, m, d, c)
            for p in partners
            for m in months
            for d in DIMENSIONS
            for c in contract.DEMOGRAPHIC_CATEGORIES[d]
        )
    }

    def row(audience, cell_months, dimension, category) -> np.ndarray:
        vector = np.zeros(len(columns))
        categories = (
            contract.DEMOGRAPHIC_CATEGORIES[dimension] if category == "ALL" else (category,)
        )
        for p in audience:
            for m in cell_months:
                for c in categories:
                    vector[columns[p, m, dimension, c]] = 1.0
        return vector

    equal_rows, equal_values, hidden = [], [], []
    for _, audience, manifest, cells in read:
        for cell in cells:
            cell_months = parse_period(cell["period"]).months
            vector = row(audience, cell_months, cell["dimension"], cell["category"])
            if cell["value"] == "":
                hidden.append((f"{manifest['audience']}/{manifest['period']}", cell, vector))
            else:
                equal_rows.append(vector)
                equal_values.append(float(cell["value"]))
    for p in partners:  # the contract: every dimension adds up to the partner's total
        for m in months:
            first, *others = DIMENSIONS
            for other in others:
                equal_rows.append(row([p], [m], first, "ALL") - row([p], [m], other, "ALL"))
                equal_values.append(0.0)
    matrix = sparse.csr_matrix(np.array(equal_rows))
    found = []
    for release, cell, vector in hidden:
        bounds = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * vector, A_eq=matrix, b_eq=equal_values, bounds=(0, None), method="highs"
            )
            assert result.status in (0, 3), result.message
            bounds.append(sign * result.fun if result.status == 0 else np.inf)
        found.append(Range(release, cell["period"], cell["dimension"], cell["category"], *bounds))
    return found
