"""Benchmark: protecting releases (primary + secondary suppression, audit, ledger).

Prints (a) for single collaborative releases of growing size, up to ~10,000 cells: seconds to
assemble, protect and audit, the cells and value suppressed, and a lower bound on that loss
from an LP relaxation of the line rules; (b) a year of releases published in order with the
ledger (12 months, 4 quarters, each funder's calendar): seconds and cells suppressed per
release, the total (target < 60 s) and peak RSS, run twice: funder releases broken down by
month (as before funder shapes) and by quarter; (c) the audit's integer mode on the last
release of the second run: how many of its 200 narrowest LP ranges narrow below [0, k] with
integrality; (d) the two runs' funder releases side by side.

The workspace is 40 partners x 24 months of synthetic data ending 2025-12, so that the whole
calendar year 2025 and every funder calendar for it (FY2025 starts 2024-10) have data; the
gate rejects months in the future, so a 2026 year can't be complete yet. Every run works on a
fresh copy of its warehouse with an empty ledger.
"""

import contextlib
import resource
import shutil
import sys
import time
from pathlib import Path
from unittest import mock

import duckdb
import highspy
import numpy as np
from scipy import sparse

from bench.measure import measure
from collab.config import Collaborative, load_config
from collab.periods import parse_period
from sdc.audit import audit_pattern
from sdc.integer_audit import narrowest_ranges
from sdc.problem import Problem
from sdc.suppress import Suppression, protect
from synthetic import generate
from transforms.release.assemble import assemble
from transforms.release.cells import CELL_KEY
from transforms.release.ledger import LedgerRelease, linked, releases
from transforms.release.ledger import cells as ledger_cells
from transforms.release.publish import ReleaseError, audience_partners, publish
from transforms.schema import create_schema

OUT = Path(__file__).parent / "out"
PARTNERS, MONTHS, SEED, END_MONTH = 40, 24, 1, "2025-12"
YEAR = 2025
# A quarter, a half-year and a year of the collaborative: ~3,900, ~6,900 and ~12,700 cells.
SINGLE = (f"{YEAR}-Q3", f"{YEAR}-H2", f"{YEAR}")
TARGET_SECONDS = 60
MIP_SECONDS = 60.0  # time limit of the integer bound; its dual bound stays a valid bound
INTEGER_RANGES = 200  # (c): the narrowest ranges re-solved with integrality
INTEGER_SECONDS = 10.0  # per MIP
INTEGER_SCREEN = 1_000  # (c): ranges ranked by LP, of those with the smallest covering cell


def workspace() -> Path:
    """The benchmark workspace, made once (synth + `collab run`) and reused afterwards."""
    folder = OUT / f"disclosure-{PARTNERS}x{MONTHS}"
    ready = folder / ".bench-ready"
    if not ready.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, partners=PARTNERS, months=MONTHS, seed=SEED, end_month=END_MONTH)
        collab = str(Path(sys.executable).with_name("collab"))
        measure([collab, "run", "--workspace", str(folder)])
        ready.touch()
    return folder


def fresh_warehouse(folder: Path, name: str) -> duckdb.DuckDBPyConnection:
    """A copy of the workspace's warehouse with an empty publication ledger."""
    OUT.mkdir(exist_ok=True)
    copy = OUT / f"{name}.duckdb"
    for path in (copy, copy.with_name(copy.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.copyfile(folder / "warehouse.duckdb", copy)
    wal = folder / "warehouse.duckdb.wal"
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    con = duckdb.connect(str(copy))
    # `collab run` publishes the months that are due: all of that goes, inputs included
    # (inputs left behind would be read as a second recording of the same release ids).
    for table in ("ledger_cells", "ledger_releases", "ledger_inputs"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    create_schema(con)
    return con


def new_release(config: Collaborative, audience: str, period: str) -> LedgerRelease:
    months = parse_period(period).months
    partners = audience_partners(config, audience)
    return LedgerRelease(f"{audience}/{period}/v1", audience, period, months, partners)


def line_bound(
    problem: Problem, primary: np.ndarray, cost: np.ndarray, k_rule: bool, integer: bool = False
) -> float:
    """A lower bound on the cost of any protecting suppression: an LP over the line rules.

    A variable s_c in [0, 1] per new cell, 1 for primary cells. For every line (members and
    total) and every primary cell p on it: the other cells of the line must hide at least
    one cell (else p = total - published members, or p = sum of its members), i.e.
    sum_{c in line, c != p} s_c >= 1. With `k_rule`, also, for p a member: p's line gives
    p <= v_p + (values of the other hidden members) while the total is published, so
    sum_{members c != p} min(v_c, k - v_p) s_c + (k - v_p) s_total >= k - v_p.
    Both are necessary conditions of the audit's rule, so the optimum of this relaxation
    (fewer constraints, fractional s) is at most the optimum of the true problem. With
    `integer`, s is 0 or 1: still a relaxation (only the line rules), so its optimum, or
    HiGHS's dual bound if the time limit stops it, is a valid and tighter lower bound.
    """
    threshold = problem.threshold
    values = problem.cells.value.astype(np.float64)
    is_new = problem.cells.is_new
    rows, cols, coefs, lower = [], [], [], []
    for members, total in problem.lines:
        line = np.append(members, total)
        for p in line[primary[line]]:
            others = line[line != p]
            rows.append(np.full(others.size, len(lower)))
            cols.append(others)
            coefs.append(np.ones(others.size))
            lower.append(1.0)
            if k_rule and p != total:
                need = threshold - values[p]
                rest = members[members != p]
                rows.append(np.full(rest.size + 1, len(lower)))
                cols.append(np.append(rest, total))
                coefs.append(np.append(np.minimum(values[rest], need), need))
                lower.append(need)
    n = values.size
    matrix = sparse.csc_matrix(
        (np.concatenate(coefs), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(lower), n),
    )
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(lower)
    lp.col_cost_ = np.where(is_new, cost, 0.0)
    lp.col_lower_ = np.where(primary, 1.0, 0.0)
    lp.col_upper_ = np.where(is_new, 1.0, 0.0)
    lp.row_lower_ = np.asarray(lower)
    lp.row_upper_ = np.full(len(lower), highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    model.setOptionValue("time_limit", MIP_SECONDS)
    model.passModel(lp)
    model.run()
    status = model.getModelStatus()
    if integer and status in (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kTimeLimit,
    ):
        return model.getInfo().mip_dual_bound
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"lower-bound LP is {status}")
    return model.getInfo().objective_function_value


def single_releases(folder: Path, config: Collaborative) -> None:
    """(a) Single collaborative releases, no ledger: timings, loss and its lower bound."""
    con = fresh_warehouse(folder, "disclosure-single")
    threshold = config.disclosure.threshold
    print(f"(a) single collaborative releases, {PARTNERS}x{MONTHS}, k={threshold}, empty ledger")
    for period in SINGLE:
        start = time.perf_counter()
        release = new_release(config, "collaborative", period)
        problem = assemble(con, config, release, [], threshold).problem
        assembled = time.perf_counter()
        suppression: Suppression = protect(problem)
        protected = time.perf_counter()
        leaks = audit_pattern(problem, suppression.suppressed, suppression.witnesses)
        audited = time.perf_counter()
        values = problem.cells.value.astype(np.float64)
        first = suppression.primary
        bounds = {
            (rule, integer, unit): line_bound(
                problem, first, np.ones_like(values) if unit else values, rule, integer
            )
            for rule, integer in ((False, False), (True, False), (True, True))
            for unit in (True, False)
        }
        bounded = time.perf_counter()
        print(
            f"  collaborative {period}: {len(problem.cells):,} cells, "
            f"{len(problem.atoms):,} atoms, {len(problem.sensitive):,} sensitive quantities; "
            f"assemble {assembled - start:.2f} s, protect {protected - assembled:.2f} s "
            f"({suppression.solves} LP solves), audit {audited - protected:.2f} s "
            f"({len(leaks)} leaks); bounds {bounded - audited:.2f} s"
        )
        print(
            f"    loss: {suppression.cells_suppressed:,} cells / "
            f"{suppression.value_suppressed:,} value "
            f"(primary {int(first.sum()):,}, secondary {suppression.secondary:,}; "
            f"{suppression.cells_suppressed / len(problem.cells):.0%} of cells, "
            f"{suppression.value_suppressed / values.sum():.1%} of a value total of "
            f"{int(values.sum()):,}); "
            f"LP lower bound: {bounds[False, False, True]:,.0f} cells / "
            f"{bounds[False, False, False]:,.0f} value"
        )
        best_cells, best_value = bounds[True, True, True], bounds[True, True, False]
        print(
            f"    tighter bounds, adding the k rule (a line's other hidden cells must let p "
            f"reach k): LP {bounds[True, False, True]:,.0f} cells / "
            f"{bounds[True, False, False]:,.0f} value; 0/1 optimum {best_cells:,.0f} cells / "
            f"{best_value:,.0f} value -> the loss is at most "
            f"{suppression.cells_suppressed / best_cells - 1:.0%} (cells) and "
            f"{suppression.value_suppressed / best_value - 1:.0%} (value) above the optimum"
        )
    con.close()


def year_of_releases(config: Collaborative) -> list[tuple[str, str]]:
    """Everything published for YEAR, in order: months, quarters, each funder's calendar."""
    months = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    quarters = [f"{YEAR}-Q{q}" for q in range(1, 5)]
    calendars = {
        # the federal quarters that end in YEAR: FY{YEAR}-Q2..Q4 and FY{YEAR+1}-Q1
        "federal_quarter": [f"FY{YEAR}-Q{q}" for q in (2, 3, 4)] + [f"FY{YEAR + 1}-Q1"],
        "semiannual": [f"{YEAR}-H1", f"{YEAR}-H2"],
        "annual_federal": [f"FY{YEAR}"],
        "calendar_quarter": quarters,
        "monthly": months,
    }
    plan = [("collaborative", p) for p in months + quarters]
    for funder in config.funders:
        plan += [(f"funder:{funder.id}", p) for p in calendars[funder.calendar]]
    return plan


def _months_everywhere(audience: str, period: str) -> None:
    """Every release broken down by month, funders' too: the shape before funder shapes."""
    return None


def releases_with_ledger(folder: Path, config: Collaborative, shape: str) -> list[tuple]:
    """(b) A year of releases, each protected jointly with the linked ledger releases.

    `shape` is `quarters` (funder releases as the funders' forms: period and quarters) or
    `months` (every release broken down by month, as before). Returns per release (audience,
    period, cells, suppressed, value suppressed, seconds), None for the counts if it failed.
    """
    con = fresh_warehouse(folder, f"disclosure-year-{shape}")
    reports = OUT / f"disclosure-year-{shape}-reports"
    shutil.rmtree(reports, ignore_errors=True)
    plan = year_of_releases(config)
    print(
        f"(b) {len(plan)} releases of {YEAR} in order, with the ledger, {PARTNERS}x{MONTHS}, "
        f"funder releases by {shape}"
    )
    print(
        f"  {'audience':<22} {'period':<10} {'linked':>6} {'cells':>6} {'suppr.':>6} "
        f"{'value':>7} {'seconds':>8}"
    )
    total, failed, found = 0.0, 0, []
    patches = (
        [
            mock.patch("transforms.release.publish.period_rows", _months_everywhere),
        ]
        if shape == "months"
        else []
    )
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        for audience, period in plan:
            months = parse_period(period).months
            n_linked = len(linked(releases(con), months))
            start = time.perf_counter()
            try:
                done = publish(con, config, reports, audience, period)
            except ReleaseError as exc:
                seconds = time.perf_counter() - start
                total += seconds
                failed += 1
                found.append((audience, period, None, None, None, seconds))
                print(
                    f"  {audience:<22} {period:<10} {n_linked:>6} FAILED after {seconds:.2f} s: "
                    f"{exc}"
                )
                continue
            seconds = time.perf_counter() - start
            total += seconds
            found.append(
                (audience, period, done.cells, done.suppressed, done.value_suppressed, seconds)
            )
            print(
                f"  {audience:<22} {period:<10} {n_linked:>6} {done.cells:>6} "
                f"{done.suppressed:>6} {done.value_suppressed:>7} {seconds:>8.2f}"
            )
    verdict = "met" if total < TARGET_SECONDS else "NOT met"
    print(
        f"  total {total:.1f} s for {len(plan)} releases ({failed} failed); "
        f"target < {TARGET_SECONDS} s {verdict}"
    )
    if shape == "quarters":
        integer_attack(con, config)
    con.close()
    return found


def funder_shapes(before: list[tuple], after: list[tuple]) -> None:
    """(d) Funder releases by month (before) beside funder releases by quarter (after)."""
    print("(d) funder releases, by month -> by quarter: cells, hidden, value hidden, seconds")
    for old, new in zip(before, after, strict=True):
        if not old[0].startswith("funder:"):
            continue

        def figures(row: tuple) -> str:
            if row[2] is None:
                return f"FAILED ({row[5]:.1f} s)"
            return f"{row[2]:>6} {row[3]:>6} {row[4]:>7} {row[5]:>7.1f}s"

        print(f"  {old[0]:<22} {old[1]:<10} {figures(old)}  ->  {figures(new)}")
    for name, rows in (("by month", before), ("by quarter", after)):
        funders = [r for r in rows if r[0].startswith("funder:") and r[2] is not None]
        print(
            f"  funder releases {name}: {sum(r[2] for r in funders):,} cells, "
            f"{sum(r[3] for r in funders):,} hidden, {sum(r[4] for r in funders):,} value "
            f"hidden, {sum(r[5] for r in funders):.1f} s"
        )


def integer_attack(con: duckdb.DuckDBPyConnection, config: Collaborative) -> None:
    """(c) The integer mode on the year's last release, linked to everything before it."""
    everything = releases(con)
    last = everything[-1]
    others = [r for r in linked(everything, last.months) if r.release_id != last.release_id]
    threshold = config.disclosure.threshold
    start = time.perf_counter()
    assembly = assemble(con, config, last, others, threshold)
    published = ledger_cells(con, [last.release_id]).select(*CELL_KEY, "suppressed")
    flags = (
        assembly.cells.select("cell", *CELL_KEY, "is_new")
        .join(published, on=CELL_KEY, how="left", nulls_equal=True)
        .sort("cell")
    )
    suppressed = (flags["is_new"] & flags["suppressed"].fill_null(False)).to_numpy()
    ranges = narrowest_ranges(
        assembly.problem, suppressed, INTEGER_RANGES, INTEGER_SECONDS, screen=INTEGER_SCREEN
    )
    seconds = time.perf_counter() - start
    narrowed = [r for r in ranges if r.narrowed(threshold)]
    cut_short = sum(1 for r in ranges if not r.exact)
    widest = max((r.lp_high for r in ranges), default=0.0)
    print(
        f"(c) integer audit of {last.audience} {last.period} ({len(others)} linked releases): "
        f"of the {INTEGER_SCREEN} quantities with the smallest covering published cell, "
        f"the {len(ranges)} narrowest LP ranges (LP maxima up to {widest:.1f}) re-solved as MIPs "
        f"in {seconds:.1f} s; {len(narrowed)} narrow below [0, {threshold}] with integrality "
        f"({cut_short} MIPs stopped at {INTEGER_SECONDS:.0f} s, their dual bound used)"
    )
    for r in narrowed[:20]:
        print(
            f"  quantity {r.quantity} ({r.kind}): LP [{r.lp_low:.2f}, {r.lp_high:.2f}] -> "
            f"integer [{r.low:.2f}, {r.high:.2f}]"
        )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """`--only single|year|integer` runs one part (for iterations); (a) and (b)+(c) by default.

    `integer` runs (c) alone on the ledger a previous `year` run left in `bench/out`.
    """
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    folder = workspace()
    config = load_config(folder / "collaborative.yaml")
    if only in (None, "single"):
        single_releases(folder, config)
        print(f"peak RSS after (a): {_peak_rss_mb():.0f} MB")
    if only in (None, "year"):
        before = releases_with_ledger(folder, config, "months")
        after = releases_with_ledger(folder, config, "quarters")  # and (c), its integer audit
        funder_shapes(before, after)
    if only == "integer":
        with duckdb.connect(str(OUT / "disclosure-year-quarters.duckdb")) as con:
            integer_attack(con, config)
    print(f"peak RSS at the end: {_peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
