"""Compare our suppression with tau-ARGUS (OPT and MOD) on the same table, judged by our audit.

The table: the collaborative's `services` table for one quarter (period x region x need x
outcome, every total included) from the disclosure benchmark's 40 x 24 workspace, released
alone (no ledger). Both sides get the same sensitive cells: every cell our audit protects
(values 1..k-1, and cells whose only contributors are confidential-location partners) is
status "U" with protection levels lower = value (the range must reach 0) and upper = k - value
(it must reach k), which is exactly what our audit checks; every other non-zero cell is "S";
zero cells are empty (tau-ARGUS publishes them, as we do). tau-ARGUS's pattern is mapped back
onto our Problem's cells and put through our audit.

pytauargus (the tau-ARGUS engine with HiGHS) is an optional, bench-only dependency:
`.venv/bin/python -m pip install pytauargus`. Without it this script says so and stops.
"""

import argparse
import os
import shutil
import time
from pathlib import Path

import numpy as np
import polars as pl

from bench.disclosure import OUT, fresh_warehouse, line_bound, new_release, workspace
from collab.config import load_config
from sdc.audit import audit_pattern
from sdc.problem import Problem, Quantities
from sdc.suppress import primary, protect
from transforms.release.assemble import Assembly, assemble
from transforms.release.lines import additive_lines
from transforms.release.spec import ALL, TABLES

PERIOD = "2025-Q3"
TABLE = "services"
OPT_MINUTES = 10
MOD = "MOD(1,5,1,1,1)"  # 5 minutes per subtable; singleton protection on, as the manual suggests
FOLDER = OUT / "tauargus"
TOLERANCE = 1e-6  # as our audit
# tau-ARGUS variable -> (our cell column, total code); the totals keep our names.
VARIABLES = {
    "Period": ("period", PERIOD),
    "Region": ("region", ALL),
    "Need": ("need", ALL),
    "Outcome": ("leaf", TABLES[TABLE].leaf_total),
}
RESPONSE_RDA = """Value "" ""
  <NUMERIC>
Freq "" ""
  <FREQUENCY>
LowerPL "" ""
  <NUMERIC> <LOWERPL>
UpperPL "" ""
  <NUMERIC> <UPPERPL>
Status "" ""
  <STATUS>
"""

ARB = """<OPENTABLEDATA> "{table}.tab"
<OPENMETADATA> "{table}.rda"
<SPECIFYTABLE> {dimensions}|"Value"||
<SAFETYRULE>
<READTABLE> 1
<SUPPRESS> {method}
<WRITETABLE> (1,5,SO+,"{output}")
"""


def sub_problem(whole: Assembly, keep: pl.Expr) -> Assembly:
    """The part of a release's problem made of some cells, as a problem of its own.

    Its atoms are those of the kept cells; its sensitive quantities are those that are the
    sum of a kept cell (a single release without a ledger has no others).
    """
    problem = whole.problem
    cells = whole.cells.with_row_index("position").filter(keep)
    cell_ids = cells["position"].to_numpy()
    incidence = problem.incidence[cell_ids]
    atom_ids = np.flatnonzero(incidence.getnnz(axis=0))
    incidence = incidence[:, atom_ids]
    cell_sets = {tuple(incidence[c].indices) for c in range(incidence.shape[0])}
    quantities = problem.sensitive.atoms[:, atom_ids]
    inside = quantities.getnnz(axis=1) == problem.sensitive.atoms.getnnz(axis=1)
    kept = [q for q in np.flatnonzero(inside) if tuple(quantities[q].indices) in cell_sets]
    cells = (
        cells.drop("position", "cell")
        .with_row_index("cell")
        .with_columns(pl.col("cell").cast(pl.Int64))
    )
    part = Problem(
        cells=problem.cells.take(cell_ids),
        atoms=problem.atoms.take(atom_ids),
        incidence=incidence,
        sensitive=Quantities(
            problem.sensitive.kind[kept], problem.sensitive.value[kept], quantities[kept]
        ),
        threshold=problem.threshold,
        lines=additive_lines(cells),
    )
    return Assembly(part, cells)


def sensitive_cells(problem: Problem) -> np.ndarray:
    """Cells whose value is a sensitive quantity (same atom set): what tau-ARGUS must protect."""
    incidence, quantities = problem.incidence, problem.sensitive.atoms
    quantity_sets = {tuple(quantities[q].indices) for q in range(quantities.shape[0])}
    return np.array(
        [tuple(incidence[c].indices) in quantity_sets for c in range(len(problem.cells))]
    )


def write_inputs(table: Assembly, unsafe: np.ndarray, dimensions: tuple[str, ...]) -> None:
    """The table (.tab: every cell, totals included) and its metadata (.rda)."""
    threshold = table.problem.threshold
    frame = table.cells.select(*[VARIABLES[d][0] for d in dimensions], "value")
    lines = []
    for *keys, value in frame.iter_rows():
        hidden = unsafe[len(lines)]
        lower, upper = (value, max(threshold - value, 0)) if hidden else (0, 0)
        fields = [*keys, value, value, lower, upper, "U" if hidden else "S"]
        lines.append(";".join(map(str, fields)))
    (FOLDER / f"{TABLE}.tab").write_text("\n".join(lines) + "\n")
    header = '<SEPARATOR> ";"\n<SAFE> "S"\n<UNSAFE> "U"\n<PROTECT> "P"\n'
    variables = "".join(
        f'{d} "" ""\n  <RECODEABLE>\n  <TOTCODE> "{VARIABLES[d][1]}"\n' for d in dimensions
    )
    (FOLDER / f"{TABLE}.rda").write_text(header + variables + RESPONSE_RDA)


def run_tauargus(
    name: str, method: str, dimensions: tuple[str, ...]
) -> tuple[float, dict[tuple, str], list[dict]]:
    """Seconds, status per cell (codes -> S/U/M/E) and tau-ARGUS's own audit rows."""
    from pytauargus.engine import run_batch

    output = f"{name}.out.tab"
    arb = FOLDER / f"{name}.arb"
    arb.write_text(
        ARB.format(
            table=TABLE,
            dimensions="".join(f'"{d}"' for d in dimensions),
            method=method,
            output=output,
        )
    )
    here = Path.cwd()
    os.chdir(FOLDER)  # the engine writes its logs and scratch files to the working directory
    try:
        start = time.perf_counter()
        engine = run_batch(arb)
        seconds = time.perf_counter() - start
        own_audit = engine.audit(0)
    finally:
        os.chdir(here)
    statuses = {}
    for line in (FOLDER / output).read_text().splitlines():
        fields = [f.strip().strip('"').strip() for f in line.split(";")]
        statuses[tuple(fields[: len(dimensions)])] = fields[len(dimensions) + 3]
    return seconds, statuses, own_audit


def judge(problem: Problem, suppressed: np.ndarray) -> str:
    """Our audit's verdict on a suppression pattern for this table."""
    leaks = audit_pattern(problem, suppressed)
    if not leaks:
        return "passes"
    kinds = ", ".join(sorted({leak.kind for leak in leaks}))
    return f"FAILS: {len(leaks)} leaks ({kinds})"


def under_protected(own_audit: list[dict], threshold: int) -> tuple[int, int]:
    """tau-ARGUS's own audit: hidden unsafe cells it flags, and those short by more than 1e-6."""
    flagged = sum(1 for r in own_audit if r["unsafe"])
    short = sum(
        1
        for r in own_audit
        if r["status"] == "u"
        and (r["min"] > TOLERANCE or r["max"] < max(threshold, r["value"]) - TOLERANCE)
    )
    return flagged, short


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--full",
        action="store_true",
        help="the whole 4-D table (tau-ARGUS OPT takes ~13 min, MOD ~5 min) instead of the "
        "3-D quarter-total slice",
    )
    args = parser.parse_args()
    try:
        import pytauargus
    except ImportError:
        print(
            "pytauargus is not installed: skipping the tau-ARGUS comparison "
            "(optional, bench only: .venv/bin/python -m pip install pytauargus)"
        )
        return
    folder = workspace()
    config = load_config(folder / "collaborative.yaml")
    con = fresh_warehouse(folder, "tauargus")
    release = new_release(config, "collaborative", PERIOD)
    whole = assemble(con, config, release, [], config.disclosure.threshold)
    con.close()
    keep = pl.col("table") == TABLE
    shape = "4-D: period (3 months + quarter) x region x need x outcome"
    dimensions = tuple(VARIABLES)
    if not args.full:
        keep = keep & (pl.col("period") == PERIOD)
        shape = "3-D slice: region x need x outcome of the quarter total"
        dimensions = dimensions[1:]
    table = sub_problem(whole, keep)
    problem = table.problem
    values = problem.cells.value
    unsafe = sensitive_cells(problem)
    small = (values >= 1) & (values < problem.threshold)
    print(
        f"table: collaborative {PERIOD} {TABLE}, {shape}; flat, every total; "
        f"{len(problem.cells):,} cells ({int((values > 0).sum()):,} non-zero), value total "
        f"{int(values.sum()):,}; unsafe {int(unsafe.sum())} ({int(small.sum())} in "
        f"1..{problem.threshold - 1}, {int((unsafe & ~small).sum())} confidential-location)"
    )
    rows = []
    start = time.perf_counter()
    ours = protect(problem)
    seconds = time.perf_counter() - start
    rows.append(("ours: line rules + LP duals", seconds, ours.suppressed, "", ""))

    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    write_inputs(table, unsafe, dimensions)
    keys = table.cells.select(*[VARIABLES[d][0] for d in dimensions]).rows()
    for method in (f"OPT(1,{OPT_MINUTES})", MOD):
        seconds, statuses, own = run_tauargus(method.split("(")[0].lower(), method, dimensions)
        suppressed = np.array([statuses.get(key, "E") in ("U", "M") for key in keys])
        flagged, short = under_protected(own, problem.threshold)
        note = f"own audit flags {flagged} of {len(own)} ({short} beyond 1e-6)"
        missed = int((unsafe & ~suppressed).sum())
        if missed:
            note += f"; {missed} unsafe cells not hidden"
        rows.append((f"tau-ARGUS {method}", seconds, suppressed, note, ""))

    primaries = primary(problem)
    bound_cells = line_bound(problem, primaries, np.ones(values.size), True, integer=True)
    bound_value = line_bound(problem, primaries, values.astype(np.float64), True, integer=True)
    print(f"pytauargus {pytauargus.__version__}; tau-ARGUS files in {FOLDER}")
    print(
        f"  {'method':<28} {'seconds':>8} {'hidden':>7} {'second.':>7} {'value':>7}  "
        "our audit; tau-ARGUS's audit"
    )
    for name, seconds, suppressed, note, _ in rows:
        print(
            f"  {name:<28} {seconds:>8.2f} {int(suppressed.sum()):>7,} "
            f"{int((suppressed & ~unsafe).sum()):>7,} {int(values[suppressed].sum()):>7,}  "
            f"{judge(problem, suppressed)}{'; ' + note if note else ''}"
        )
    print(
        f"  {'lower bound (line rules, 0/1)':<28} {'':>8} {bound_cells:>7,.0f} "
        f"{bound_cells - primaries.sum():>7,.0f} {bound_value:>7,.0f}  (each column minimised "
        "on its own)"
    )


if __name__ == "__main__":
    main()
