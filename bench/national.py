"""Benchmark: a national-scale collaborative, 2000 partners x 36 months, end to end.

Steps, each a child process measured for wall seconds and peak RSS: `collab synth`, `collab run`,
then one funder release over all its partners (the funder with the most partners, its latest
complete period): `collab report --format csv`, then separately the whole set
`--format html,pdf,xlsx,csv`. A report is stopped after REPORT_LIMIT seconds and shown as such.
`--ingest-only` stops after the run. Target: synth + run under 2 minutes and under 2 GB peak
RSS on a 2-core machine. The run gates in a second process, so its memory is also sampled as
the sum over its processes ("all MB"), and its CPU seconds are printed: on a shared machine
they move less than wall seconds. The load average is printed because the figures mean little
without it.
"""

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from bench.measure import Measurement, measure
from collab.config import load_config
from collab.periods import parse_period, periods_of_month

OUT = Path(__file__).parent / "out"
PARTNERS, MONTHS, SEED = 2000, 36, 1
ROOT = OUT / f"national-{PARTNERS}x{MONTHS}"
COLLAB = str(Path(sys.executable).with_name("collab"))
REPORT_LIMIT = 600
TARGET_SECONDS, TARGET_MB = 120, 2048
PERIOD_KIND = {
    "federal_quarter": "fiscal_quarter",
    "calendar_quarter": "quarter",
    "semiannual": "half",
    "annual_federal": "fiscal_year",
    "monthly": "month",
}


def _measure_within(command: list[str], limit: float) -> tuple[Measurement, bool]:
    """Like `measure`, but kills the command after `limit` seconds; says whether it finished."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timer = threading.Timer(limit, process.kill)
    timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, -9):
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{stderr}")
    return Measurement(seconds, usage.ru_maxrss / 1024), code == 0


@dataclass(frozen=True)
class TreeMeasurement:
    """Wall seconds, peak RSS of the largest process, peak RSS summed over them, CPU seconds."""

    seconds: float
    peak_rss_mb: float
    all_rss_mb: float
    cpu_seconds: float


def _tree_rss_mb(pid: int) -> float:
    """Resident MB of `pid` and all its descendants now (0 for those already gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        # A process that has exited but not been waited for has no VmRSS line.
        rss = [int(line.split()[1]) for line in status.splitlines() if line[:6] == "VmRSS:"]
        total += sum(rss)
    return total / 1024


def _measure_tree(command: list[str]) -> TreeMeasurement:
    """Like `measure`, sampling the summed RSS of the command's processes every 0.2 s."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss_mb(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    return TreeMeasurement(
        seconds, usage.ru_maxrss / 1024, max(peak[0], usage.ru_maxrss / 1024), cpu
    )


def _largest_funder_release() -> tuple[str, str, int]:
    """Audience, latest complete period and partner count of the funder with most partners."""
    config = load_config(ROOT / "collaborative.yaml")
    funder = max(config.funders, key=lambda f: len(f.partners))
    kind = PERIOD_KIND[funder.calendar]
    months = sorted(p.name for p in (ROOT / "inbox").iterdir() if p.name[:2] == "20")
    periods = sorted(
        {periods_of_month(m)[kind] for m in months}, key=lambda p: parse_period(p).months
    )
    full = [p for p in periods if set(parse_period(p).months) <= set(months)]
    return f"funder:{funder.id}", full[-1], len(funder.partners)


def _dagster_steps() -> list[tuple[str, float]]:
    """Seconds of each step of the run, from its Dagster event log (the run is one process)."""
    os.environ["DAGSTER_HOME"] = str(ROOT / ".dagster")
    with dg.DagsterInstance.get() as instance:
        return [
            (f"{run.job_name}: {step.step_key}", (step.end_time or 0) - (step.start_time or 0))
            for run in reversed(instance.get_runs())
            for step in instance.get_run_step_stats(run.run_id)
        ]


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    shutil.rmtree(ROOT, ignore_errors=True)
    print(f"national scale: {PARTNERS} partners x {MONTHS} months, seed {SEED}; {_load()}")
    synth = measure(
        [COLLAB, "synth", "--out", str(ROOT), "--partners", str(PARTNERS)]
        + ["--months", str(MONTHS), "--seed", str(SEED)]
    )
    files = sum(1 for p in (ROOT / "inbox").rglob("*") if p.is_file())
    print(f"  synth done ({files} files); {_load()}", flush=True)
    run = _measure_tree([COLLAB, "run", "--workspace", str(ROOT)])
    print(f"  run done; {_load()}", flush=True)
    reports = []
    if "--ingest-only" not in sys.argv[1:]:
        audience, period, members = _largest_funder_release()
        report = [COLLAB, "report", "--workspace", str(ROOT), "--audience", audience]
        report += ["--period", period, "--format"]
        csv, csv_done = _measure_within(report + ["csv"], REPORT_LIMIT)
        print(f"  csv report done; {_load()}", flush=True)
        full, full_done = _measure_within(report + ["html,pdf,xlsx,csv"], REPORT_LIMIT)
        print(f"  report set done; {_load()}", flush=True)
        reports = [("report csv", csv, csv_done), ("report set", full, full_done)]

    print(f"\n{'step':<22} {'seconds':>8} {'files/s':>8} {'peak MB':>8} {'all MB':>8} {'CPU s':>6}")
    print(f"{'synth':<22} {synth.seconds:>8.1f} {files / synth.seconds:>8.0f}", end="")
    print(f" {synth.peak_rss_mb:>8.0f}")
    print(f"{'run':<22} {run.seconds:>8.1f} {files / run.seconds:>8.0f}", end="")
    print(f" {run.peak_rss_mb:>8.0f} {run.all_rss_mb:>8.0f} {run.cpu_seconds:>6.0f}")
    ingest = Measurement(synth.seconds + run.seconds, max(synth.peak_rss_mb, run.all_rss_mb))
    print(
        f"{'ingest end to end':<22} {ingest.seconds:>8.1f} {files / ingest.seconds:>8.0f}", end=""
    )
    print(f" {ingest.peak_rss_mb:>8.0f}")
    for step, m, done in reports:
        note = "" if done else f"  STOPPED after {REPORT_LIMIT} s, unfinished"
        print(f"{step:<22} {m.seconds:>8.1f} {'':>8} {m.peak_rss_mb:>8.0f}{note}")
    print("\ninside the run (Dagster steps, seconds):")
    for step, seconds in _dagster_steps():
        print(f"  {step:<58} {seconds:>6.1f}")
    met = ingest.seconds < TARGET_SECONDS and ingest.peak_rss_mb < TARGET_MB
    if reports:
        print(f"release: {audience} {period} over {members} partners")
    print(
        f"target ingest < {TARGET_SECONDS} s and < {TARGET_MB} MB (all processes): "
        f"{'met' if met else 'NOT met'}\n{_load()}"
    )


if __name__ == "__main__":
    main()
