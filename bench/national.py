"""Benchmark: a national-scale collaborative, 2000 partners x 36 months, end to end.

Steps, each a child process measured for wall seconds and peak RSS: `collab synth`, `collab run`,
then one funder release over all its partners (the funder with the most partners, its latest
complete period): `collab report --format csv`, then separately the whole set
`--format html,pdf,xlsx,csv`. A report is stopped after REPORT_LIMIT seconds and shown as such.
Target: synth + run under 2 minutes and under 2 GB peak RSS on a 2-core machine.
The load average is printed because the figures mean little without it on a shared machine.
"""

import os
import shutil
import subprocess
import sys
import threading
import time
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
    run = measure([COLLAB, "run", "--workspace", str(ROOT)])
    print(f"  run done; {_load()}", flush=True)
    audience, period, members = _largest_funder_release()
    report = [COLLAB, "report", "--workspace", str(ROOT), "--audience", audience]
    report += ["--period", period, "--format"]
    csv, csv_done = _measure_within(report + ["csv"], REPORT_LIMIT)
    print(f"  csv report done; {_load()}", flush=True)
    full, full_done = _measure_within(report + ["html,pdf,xlsx,csv"], REPORT_LIMIT)
    print(f"  report set done; {_load()}", flush=True)

    print(f"\n{'step':<22} {'seconds':>8} {'files/s':>8} {'peak MB':>8}")
    for step, m in (("synth", synth), ("run", run)):
        print(f"{step:<22} {m.seconds:>8.1f} {files / m.seconds:>8.0f} {m.peak_rss_mb:>8.0f}")
    ingest = Measurement(synth.seconds + run.seconds, max(synth.peak_rss_mb, run.peak_rss_mb))
    print(
        f"{'ingest end to end':<22} {ingest.seconds:>8.1f} {files / ingest.seconds:>8.0f}", end=""
    )
    print(f" {ingest.peak_rss_mb:>8.0f}")
    for step, m, done in (("report csv", csv, csv_done), ("report set", full, full_done)):
        note = "" if done else f"  STOPPED after {REPORT_LIMIT} s, unfinished"
        print(f"{step:<22} {m.seconds:>8.1f} {'':>8} {m.peak_rss_mb:>8.0f}{note}")
    print("\ninside the run (Dagster steps, seconds):")
    for step, seconds in _dagster_steps():
        print(f"  {step:<58} {seconds:>6.1f}")
    met = ingest.seconds < TARGET_SECONDS and ingest.peak_rss_mb < TARGET_MB
    print(
        f"release: {audience} {period} over {members} partners\n"
        f"target ingest < {TARGET_SECONDS} s and < {TARGET_MB} MB: {'met' if met else 'NOT met'}"
        f"\n{_load()}"
    )


if __name__ == "__main__":
    main()
