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
import polars as pl
from scipy import sparse

from sdc.audit import TOLERANCE, _components, _own_and_offered, _published_system
from sdc.problem import Problem


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


def _caps(cells: pl.DataFrame, incidence: pl.DataFrame, quantity_atoms: pl.DataFrame):
    """Per quantity, the smallest published cell holding all its atoms (an upper bound).

    Every range's LP maximum is at most this cap, and it costs a join instead of an LP: the
    screen that picks which quantities get an LP at all.
    """
    sizes = quantity_atoms.group_by("quantity").agg(pl.len().alias("size"))
    published = cells.filter(~pl.col("suppressed")).select("cell", "value")
    covering = (
        quantity_atoms.join(incidence.join(published, on="cell"), on="atom")
        .group_by("quantity", "cell")
        .agg(pl.len().alias("held"), pl.col("value").first())
        .join(sizes, on="quantity")
        .filter(pl.col("held") == pl.col("size"))
        .group_by("quantity")
        .agg(pl.col("value").min().alias("cap"))
    )
    return sizes.join(covering, on="quantity", how="left").with_columns(
        pl.col("cap").cast(pl.Float64).fill_null(float("inf"))
    )


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
    is_new = problem.cells["is_new"].to_numpy()
    flags = np.where(is_new, suppressed, problem.cells["suppressed"].to_numpy())
    cells = problem.cells.with_columns(pl.Series("suppressed", flags))
    quantities, quantity_atoms = _own_and_offered(problem, cells)
    kinds = dict(zip(quantities["quantity"], quantities["kind"], strict=True))
    if screen is not None:
        caps = _caps(cells, problem.incidence, quantity_atoms).sort("cap", "quantity")
        quantity_atoms = quantity_atoms.join(caps.head(screen).select("quantity"), on="quantity")
    ranked, parts = [], []
    for part_cells, ids in _components(cells, problem.incidence):
        local = quantity_atoms.join(
            pl.DataFrame({"atom": ids, "local": np.arange(ids.size)}), on="atom"
        )
        if local.height == 0:
            continue
        incidence = problem.incidence.join(
            pl.DataFrame({"atom": ids, "local": np.arange(ids.size)}), on="atom"
        ).select("cell", pl.col("local").alias("atom"))
        matrix, values = _published_system(part_cells, incidence, ids.size)
        model = _model(matrix, values, integer=False)
        for quantity, group in local.group_by("quantity"):
            cost = np.zeros(ids.size)
            cost[group["local"].to_numpy()] = 1.0
            high, _ = _bound(model, cost, maximize=True)
            ranked.append((high, quantity[0], len(parts), cost))
        parts.append((matrix, values, model))
    ranked.sort(key=lambda r: (r[0], r[1]))
    chosen = ranked[:limit]
    integer_models: dict[int, highspy.Highs] = {}
    found = []
    for lp_high, quantity, part, cost in chosen:
        matrix, values, lp_model = parts[part]
        lp_low, _ = _bound(lp_model, cost, maximize=False)
        if part not in integer_models:
            integer_models[part] = _model(matrix, values, integer=True)
            integer_models[part].setOptionValue("time_limit", seconds_per_mip)
            integer_models[part].setOptionValue("mip_rel_gap", 0.0)
        model = integer_models[part]
        low, low_exact = _bound(model, cost, maximize=False)
        high, high_exact = _bound(model, cost, maximize=True)
        found.append(
            IntegerRange(
                int(quantity), kinds[quantity], lp_low, lp_high, low, high, low_exact and high_exact
            )
        )
    return found
