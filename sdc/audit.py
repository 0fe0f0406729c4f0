"""The independent audit: what can someone who combines everything published derive?

Written apart from the suppression code on purpose, and fed only what is published: the
values of unsuppressed cells of the new release and of every linked ledger release. For every
sensitive quantity (small cells, earlier small cells, confidential-location cells, difference
pieces) it solves the LP minimum and maximum over non-negative atoms. A quantity whose minimum
is above 0 or whose maximum is below k is a leak, and the release must not be written.

It models exactly the published cells and nothing else, so a release may publish no other
number (no total of what it hides): the audit could not see what such a number gives away.
"""

from dataclasses import dataclass, replace

import highspy
import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from sdc.audit_quantities import derive_quantities
from sdc.parallel import solve_all
from sdc.problem import Cells, Problem, Quantities, keeps_ledger_range

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Leak:
    """A sensitive quantity whose derivable range is too narrow."""

    quantity: int
    kind: str
    low: float
    high: float


def _published_system(matrix: sparse.csr_matrix, values: np.ndarray, published: np.ndarray):
    """The rows of the published cells (in cell order) as HiGHS takes them, and their values."""
    rows = matrix[np.flatnonzero(published)].tocsc()
    rows.sort_indices()
    return rows, values[published].astype(np.float64)


def _model(matrix: sparse.csc_matrix, values: np.ndarray) -> highspy.Highs:
    lp = highspy.HighsLp()
    lp.num_col_ = matrix.shape[1]
    lp.num_row_ = matrix.shape[0]
    lp.col_cost_ = np.zeros(matrix.shape[1])
    lp.col_lower_ = np.zeros(matrix.shape[1])
    lp.col_upper_ = np.full(matrix.shape[1], highspy.kHighsInf)
    lp.row_lower_ = values
    lp.row_upper_ = values
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    model.setOptionValue("simplex_strategy", 4)  # primal: warm restarts as objectives change
    model.passModel(lp)
    return model


def _optimum(model: highspy.Highs, cost: np.ndarray, maximize: bool) -> tuple[float, np.ndarray]:
    model.changeColsCost(cost.size, np.arange(cost.size, dtype=np.int32), cost)
    model.changeObjectiveSense(
        highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    )
    model.run()
    status = model.getModelStatus()
    if status == highspy.HighsModelStatus.kUnbounded:
        return float("inf"), np.zeros(0)
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"audit LP is {status}")
    return model.getInfo().objective_function_value, np.asarray(model.getSolution().col_value)


def audit(
    cells: Cells,
    incidence: sparse.csr_matrix,
    quantities: Quantities,
    threshold: int,
    witnesses: tuple[tuple[np.ndarray, np.ndarray], ...] = (),
) -> list[Leak]:
    """Every leak (none means the release is protected). Also checks no published 1..k-1.

    `cells.suppressed` says what is published, `incidence` is the cell x atom matrix and
    `quantities` what must stay uncertain; a leak names a quantity by its row there.
    `witnesses` are offered attacker solutions, (atom ids, one point per row): each one that
    satisfies every published cell here (checked, never trusted) proves the quantities it
    puts at 0 or at k or more; the protection hands over the ones it found. A joint solve that
    drives many quantities to 0 (or up) is a feasible point of the attacker's system, so it
    proves each of them at once; every quantity still unproven gets its own exact minimum and
    maximum.
    """
    shown_small = ~cells.suppressed & (cells.value >= 1) & (cells.value <= threshold - 1)
    leaks = [Leak(-1, "published small cell", float(v), float(v)) for v in cells.value[shown_small]]
    if len(quantities) == 0:
        return leaks
    # Atoms no cell connects are independent systems: each is audited on its own, smaller LP,
    # the large ones side by side.
    systems, names_of = [], []
    for cell_ids, ids in _components(incidence):
        local = quantities.atoms[:, ids]
        names = np.flatnonzero(np.diff(local.indptr))
        if names.size == 0:
            continue
        part = cells.take(cell_ids)
        systems.append(
            (
                incidence[cell_ids][:, ids],
                part.value,
                part.suppressed,
                part.is_new,
                quantities.kind[names],
                local[names],
                threshold,
                _points_on(ids, witnesses),
            )
        )
        names_of.append(names)
    found = solve_all(_audit_one, systems, [system[1].size for system in systems])
    for names, system_leaks in zip(names_of, found, strict=True):
        leaks += [
            Leak(int(names[leak.quantity]), leak.kind, leak.low, leak.high) for leak in system_leaks
        ]
    return leaks


def audit_pattern(problem: Problem, suppressed: np.ndarray, witnesses=()) -> list[Leak]:
    """The audit of one suppression pattern of a problem: what it would leave published.

    Only the new release's flags come from `suppressed`. Earlier releases are already out:
    what they published is what the ledger recorded (`problem.cells`), whatever the caller
    says, or an earlier total said to be hidden would drop out of the attacker's system. A
    pattern that changes an earlier release's flag either way is itself reported as a leak.
    """
    cells = as_published(problem, suppressed)
    recorded, is_new, values = problem.cells.suppressed, problem.cells.is_new, cells.value
    leaks = [
        Leak(-1, "earlier release's suppression changed", float(values[c]), float(values[c]))
        for c in np.flatnonzero(~is_new & (np.asarray(suppressed, dtype=bool) != recorded))
    ]
    quantities = _own_and_offered(problem, cells)
    return leaks + audit(cells, problem.incidence, quantities, problem.threshold, witnesses)


def as_published(problem: Problem, suppressed: np.ndarray) -> Cells:
    """The problem's cells with the new release's flags from `suppressed`, the rest recorded."""
    flags = np.where(
        problem.cells.is_new, np.asarray(suppressed, dtype=bool), problem.cells.suppressed
    )
    return replace(problem.cells, suppressed=flags)


def _own_and_offered(problem: Problem, cells: Cells) -> Quantities:
    """The protection's sensitive quantities, and the audit's own that it does not have.

    The audit derives its own list from the cells and atoms (`audit_quantities.py`), so one
    the protection forgot is still checked. The protection's keep their rows (leaks name
    them) and also get checked (other audiences' releases to come, hand-made ones); a set of
    atoms both have is checked once, under the stricter kind: one the audit finds is a cell
    of its own that must reach 0 and k is never let off with the ledger's range. The audit's
    own that the protection lacks follow, in the order of their atom sets.
    """
    own = derive_quantities(cells, problem.incidence, problem.atoms, problem.threshold)
    own_sets = [_atom_set(own.atoms, q) for q in range(len(own))]
    own_kind = dict(zip(own_sets, own.kind, strict=True))
    offered = problem.sensitive
    offered_sets = [_atom_set(offered.atoms, q) for q in range(len(offered))]
    kinds = offered.kind.copy()
    for q, atom_set in enumerate(offered_sets):
        stricter = own_kind.get(atom_set)
        if stricter is not None and not keeps_ledger_range(stricter):
            kinds[q] = stricter
    known = set(offered_sets)
    missed = sorted(
        (q for q, atom_set in enumerate(own_sets) if atom_set not in known),
        key=lambda q: tuple(np.frombuffer(own_sets[q], dtype=np.int64)),
    )
    return Quantities(
        np.concatenate([kinds, own.kind[missed]]),
        np.concatenate([offered.value, own.value[missed]]),
        sparse.vstack([offered.atoms, own.atoms[missed]], format="csr"),
    )


def _atom_set(matrix: sparse.csr_matrix, row: int) -> bytes:
    """A canonical row's atoms, as a key (int64, whichever index type the matrix has)."""
    return matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]].astype(np.int64).tobytes()


def _points_on(ids: np.ndarray, witnesses) -> np.ndarray:
    """The offered points that cover every atom of a part, restricted to those atoms."""
    found = [np.zeros((0, ids.size))]
    for atom_ids, points in witnesses:
        at = np.searchsorted(atom_ids, ids)
        if points.size and (at < atom_ids.size).all() and (atom_ids[at] == ids).all():
            found.append(points[:, at])
    return np.vstack(found)


def _feasible(matrix: sparse.csc_matrix, values: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Which points are non-negative and give every published cell its value (to 10^-6).

    The tolerance is absolute: counts are integers, and a relative one let a point that
    misses a total near 10^6 by a whole count through. What a rejected point would have
    proven is left to the audit's own LPs.
    """
    ok = (points >= -TOLERANCE).all(axis=1)
    for start in range(0, points.shape[0], 256):
        chunk = points[start : start + 256]
        residual = np.abs(matrix @ chunk.T - values[:, None])
        ok[start : start + 256] &= (residual <= TOLERANCE).all(axis=0)
    return ok


def _components(incidence: sparse.csr_matrix):
    """(cells, sorted atom ids) of every connected part of the cell-atom graph with atoms."""
    n_cells, n_atoms = incidence.shape
    graph = sparse.bmat([[None, incidence], [incidence.T, None]], format="csr")
    _, label = connected_components(graph, directed=False)
    cell_label, atom_label = label[:n_cells], label[n_cells:]
    in_a_cell = np.diff(incidence.tocsc().indptr) > 0
    for part in np.unique(atom_label[in_a_cell]):
        yield np.flatnonzero(cell_label == part), np.flatnonzero(atom_label == part)


def _audit_one(system: tuple) -> list[Leak]:
    """`_audit_system` of one packed system (what a worker process is handed)."""
    return _audit_system(*system)


def _audit_system(matrix, cell_values, suppressed, is_new, kinds, sums, threshold, points):
    """Exact minimum and maximum of every quantity of one independent system.

    `matrix` is its cell x atom incidence, `sums` its quantity x atom matrix. Offered points
    that pass `_feasible` prove what they can first; LPs settle the rest.
    """
    leaks = []
    published, values = _published_system(matrix, cell_values, ~suppressed)
    model = _model(published, values)
    reaches_zero = np.zeros(kinds.size, dtype=bool)
    reaches_k = np.zeros(kinds.size, dtype=bool)
    points = points[_feasible(published, values, points)]
    for start in range(0, points.shape[0], 256):
        totals = sums @ points[start : start + 256].T
        reaches_zero |= (totals <= TOLERANCE).any(axis=1)
        reaches_k |= (totals >= threshold - TOLERANCE).any(axis=1)
    for maximize, proven in ((False, reaches_zero), (True, reaches_k)):
        for _ in range(60):
            unproven = int((~proven).sum())
            if unproven == 0:
                break
            cost = np.asarray(sums[~proven].sum(axis=0)).ravel()
            objective, point = _optimum(model, cost, maximize)
            if point.size == 0:
                break
            totals = sums @ point
            reaches_zero |= totals <= TOLERANCE
            reaches_k |= totals >= threshold - TOLERANCE
            if int((~proven).sum()) == unproven:
                break
    ledger_model = None

    def exact(quantity: int, maximize: bool) -> float:
        """The quantity's exact bound; its optimal point proves what it can for the others."""
        objective, point = _optimum(model, sums[quantity].toarray().ravel(), maximize)
        if point.size:
            totals = sums @ point
            reaches_zero[totals <= TOLERANCE] = True
            reaches_k[totals >= threshold - TOLERANCE] = True
        return objective

    for quantity in np.flatnonzero(~(reaches_zero & reaches_k)):
        cost = sums[quantity].toarray().ravel()
        low = 0.0 if reaches_zero[quantity] else exact(quantity, maximize=False)
        high = float(threshold) if reaches_k[quantity] else exact(quantity, maximize=True)
        if low <= TOLERANCE and high >= threshold - TOLERANCE:
            continue
        if keeps_ledger_range(kinds[quantity]):
            # Not a cell: it passes if the new release narrows it no further than the
            # earlier releases alone already do.
            if ledger_model is None:
                earlier = ~is_new & ~suppressed
                ledger_model = _model(*_published_system(matrix, cell_values, earlier))
            low_ok = low <= TOLERANCE or _same(low, _optimum(ledger_model, cost, False)[0])
            high_ok = high >= threshold - TOLERANCE or _same(
                high, _optimum(ledger_model, cost, True)[0]
            )
            if low_ok and high_ok:
                continue
        leaks.append(Leak(int(quantity), kinds[quantity], low, high))
    return leaks


def _same(bound: float, ledger_bound: float) -> bool:
    """Equal up to the LP's tolerance: the new release narrows this bound no further.

    A finite bound is never the same as an infinite one (`inf - x` is within any tolerance
    relative to `inf`): when the ledger alone leaves a maximum unbounded, as it does for a
    piece no earlier cell contains, a finite maximum is the new release's doing. That agrees
    with the protection, whose atoms are capped at 10^9: it takes a maximum below k as the
    ledger's only when earlier cells alone pin it, and then it is finite here too.
    """
    if not (np.isfinite(bound) and np.isfinite(ledger_bound)):
        return bound == ledger_bound
    return abs(bound - ledger_bound) <= TOLERANCE * max(1.0, abs(ledger_bound))
