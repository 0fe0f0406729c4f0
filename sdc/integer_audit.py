"""The audit's optional integer mode: do the narrowest ranges narrow further with integrality?

The audit's ranges are LP (continuous) ranges, as in τ-ARGUS. Counts are integers, and an
attacker who uses that may in principle narrow a range in tables of three or more dimensions
(the cell x atom matrix is not always totally unimodular). This mode takes the narrowest LP
ranges (the attacker's best chances) and re-solves their minimum and maximum as integer
programmes (HiGHS MIP). A MIP stopped by its time limit still gives a valid bound (its dual
bound), so a range is only called narrowed when the bound proves it.
"""

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from sdc.audit import (
    TOLERANCE,
    _components,
    _own_and_offered,
    _published_system,
    as_published,
)
from sdc.problem import Cells, Problem


@dataclass(frozen=True)
class IntegerRange:
    """One quantity's LP range beside its integer range (`exact`: both MIPs finished)."""

    quantity: int
    kind: str
    lp_low: float
    lp_high: float
    low: float
    high: float
    exact: bool

    def narrowed(self, threshold: int) -> bool:
        """Whether integrality proves the range misses 0 or k."""
        return self.low > TOLERANCE or self.high < threshold - TOLERANCE


def _model(matrix: sparse.csc_matrix, values: np.ndarray, integer: bool) -> highspy.Highs:
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_ = np.zeros(matrix.shape[1])
    lp.col_lower_ = np.zeros(matrix.shape[1])
    # Capped as in the protection: a bounded MIP always has a dual bound.
    lp.col_upper_ = np.full(matrix.shape[1], 1e9)
    lp.row_lower_ = lp.row_upper_ = values
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * matrix.shape[1]
    else:
        model.setOptionValue("simplex_strategy", 4)  # primal: warm restarts as costs change
    model.passModel(lp)
    return model


def _caps(cells: Cells, incidence: sparse.csr_matrix, quantities: sparse.csr_matrix) -> np.ndarray:
    """Per quantity, the smallest published cell holding all its atoms (an upper bound).

    Every range's LP maximum is at most this cap, and it costs one sparse product instead of
    an LP: the screen that picks which quantities get an LP at all. `quantities` is the
    quantity x atom matrix; a quantity that no published cell holds has no cap (infinity).
    """
    published = np.flatnonzero(~cells.suppressed)
    held = (quantities @ incidence[published].T).tocoo()
    sizes = np.diff(quantities.indptr)
    holds_all = held.data == sizes[held.row]
    caps = np.full(quantities.shape[0], np.inf)
    np.minimum.at(caps, held.row[holds_all], cells.value[published][held.col[holds_all]])
    return caps


def _bound(model: highspy.Highs, cost: np.ndarray, maximize: bool) -> tuple[float, bool]:
    """The optimum (or, cut short, the MIP's dual bound) and whether it is exact."""
    model.changeColsCost(cost.size, np.arange(cost.size, dtype=np.int32), cost)
    model.changeObjectiveSense(
        highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    )
    model.run()
    status = model.getModelStatus()
    info = model.getInfo()
    if status == highspy.HighsModelStatus.kOptimal:
        return info.objective_function_value, True
    if model.getLp().integrality_ and np.isfinite(info.mip_dual_bound):
        return info.mip_dual_bound, False
    raise RuntimeError(f"integer audit: {status}")


def narrowest_ranges(
    problem: Problem,
    suppressed: np.ndarray,
    limit: int = 200,
    seconds_per_mip: float = 10.0,
    screen: int | None = None,
) -> list[IntegerRange]:
    """The `limit` narrowest LP ranges of the audit's quantities, re-solved with integrality.

    Narrowest: the smallest LP maximum, the attacker's best chances (a minimum is 0 for nearly
    every range, so ranking by the maximum alone halves the LPs; the chosen ones get both).
    With `screen`, only the `screen` quantities with the smallest caps (`_caps`) are ranked by
    LP: a release linked to a year of others has ~16,000 quantities, too many for an LP each;
    a quantity outside the screen can still have a narrower LP range than one inside.
    `suppressed` is the new release's pattern; earlier releases' flags come from the ledger,
    as in the audit.
    """
    cells = as_published(problem, suppressed)
    quantities = _own_and_offered(problem, cells)
    matrix = quantities.atoms
    if screen is not None:
        caps = _caps(cells, problem.incidence, matrix)
        kept = np.zeros(len(quantities), dtype=bool)
        kept[np.lexsort((np.arange(caps.size), caps))[:screen]] = True
        matrix = matrix[np.flatnonzero(kept)]
        names_of = np.flatnonzero(kept)
    else:
        names_of = np.arange(len(quantities))
    ranked, parts = [], []
    for cell_ids, ids in _components(problem.incidence):
        local = matrix[:, ids].tocsr()
        names = np.flatnonzero(np.diff(local.indptr))
        if names.size == 0:
            continue
        part = cells.take(cell_ids)
        published, values = _published_system(
            problem.incidence[cell_ids][:, ids], part.value, ~part.suppressed
        )
        model = _model(published, values, integer=False)
        for row in names:
            cost = local[row].toarray().ravel()
            high, _ = _bound(model, cost, maximize=True)
            ranked.append((high, int(names_of[row]), len(parts), cost))
        parts.append((published, values, model))
    ranked.sort(key=lambda r: (r[0], r[1]))
    chosen = ranked[:limit]
    integer_models: dict[int, highspy.Highs] = {}
    found = []
    for lp_high, quantity, part, cost in chosen:
        published, values, lp_model = parts[part]
        lp_low, _ = _bound(lp_model, cost, maximize=False)
        if part not in integer_models:
            integer_models[part] = _model(published, values, integer=True)
            integer_models[part].setOptionValue("time_limit", seconds_per_mip)
            integer_models[part].setOptionValue("mip_rel_gap", 0.0)
        model = integer_models[part]
        low, low_exact = _bound(model, cost, maximize=False)
        high, high_exact = _bound(model, cost, maximize=True)
        found.append(
            IntegerRange(
                quantity,
                quantities.kind[quantity],
                lp_low,
                lp_high,
                low,
                high,
                low_exact and high_exact,
            )
        )
    return found
