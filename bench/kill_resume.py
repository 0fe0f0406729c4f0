"""Benchmark: what resuming after a kill -9 costs, compared with a clean run.

Workspace: 12 partners x 6 months of synthetic data with faults (seed 7) in
`bench/out/kill-resume/`. A clean `collab run` is timed first; then, for each of POINTS kill
times spread over the clean run's duration, a fresh copy is run, SIGKILLed at that time and
run again. Prints, per point, the seconds of the resume and whether the warehouse (facts,
submissions, findings, ledger; no timestamps) and the published tables equal the clean run's;
then the median and worst resume against the clean run. Exits 1 if any resume differs.
"""

import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from synthetic import generate

OUT = Path(__file__).parent / "out" / "kill-resume"
COLLAB = str(Path(sys.executable).with_name("collab"))
POINTS = 10
STATE = {
    "services": "SELECT * FROM services",
    "referrals": "SELECT * FROM referrals",
    "capacity": "SELECT * FROM capacity",
    "demographics": "SELECT * FROM demographics",
    "findings": "SELECT * FROM findings",
    "submissions": "SELECT * EXCLUDE (ingested_at) FROM submissions",
    "ledger_releases": "SELECT * EXCLUDE (created_at) FROM ledger_releases",
    "ledger_cells": "SELECT * FROM ledger_cells",
}


def _run(root: Path, kill_after: float | None = None) -> tuple[float, int]:
    """Seconds and exit code of `collab run`, SIGKILLed after `kill_after` seconds if given."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [COLLAB, "run", "--workspace", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
    return time.perf_counter() - started, process.returncode


def _state(root: Path) -> tuple[dict, dict]:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        tables = {n: sorted(con.execute(q).fetchall(), key=repr) for n, q in STATE.items()}
    releases = root / "reports" / "collaborative"
    files = {str(p.relative_to(releases)): p.read_bytes() for p in releases.rglob("*.csv")}
    return tables, files


def main() -> int:
    shutil.rmtree(OUT, ignore_errors=True)
    pristine = OUT / "pristine"
    generate(pristine, partners=12, months=6, seed=7, faults=True)
    clean = OUT / "clean"
    shutil.copytree(pristine, clean)
    clean_seconds, code = _run(clean)
    if code != 0:
        print("the clean run failed", file=sys.stderr)
        return 1
    expected = _state(clean)
    print(f"clean run (12 partners x 6 months): {clean_seconds:.1f} s")
    print("exit -9: killed; 0: the run finished before its kill time")
    print(f"{'killed at':>10} {'exit':>5} {'resume':>8}  equal to clean")
    resumes, differing = [], 0
    for point in range(1, POINTS + 1):
        copy = OUT / f"killed-{point}"
        shutil.copytree(pristine, copy)
        kill_after = clean_seconds * point / (POINTS + 1)
        _, killed_code = _run(copy, kill_after)
        resume_seconds, code = _run(copy)
        equal = code == 0 and _state(copy) == expected
        differing += not equal
        resumes.append(resume_seconds)
        print(f"{kill_after:>9.1f}s {killed_code:>5} {resume_seconds:>7.1f}s  {equal}")
        shutil.rmtree(copy)
    median = statistics.median(resumes)
    print(
        f"resume after a kill: median {median:.1f} s, worst {max(resumes):.1f} s "
        f"({median / clean_seconds:.0%} and {max(resumes) / clean_seconds:.0%} of a clean run); "
        f"{POINTS - differing}/{POINTS} resumes equal to the clean run"
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
