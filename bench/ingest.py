"""Benchmark: `collab synth` + `collab run` end to end, at two collaborative sizes.

Prints seconds, files per second and peak RSS for each step. The target for 40 partners ×
24 months on a 2-core machine is under 20 s end to end and under 1 GB.
"""

import shutil
import sys
from pathlib import Path

from bench.measure import measure

OUT = Path(__file__).parent / "out"
SIZES = ((40, 24), (200, 36))


def main() -> None:
    collab = str(Path(sys.executable).with_name("collab"))
    print(f"{'size':<10} {'step':<12} {'seconds':>8} {'files':>7} {'files/s':>9} {'peak MB':>8}")
    for partners, months in SIZES:
        workspace = OUT / f"ingest-{partners}x{months}"
        shutil.rmtree(workspace, ignore_errors=True)
        synth = measure(
            [
                collab,
                "synth",
                "--out",
                str(workspace),
                "--partners",
                str(partners),
                "--months",
                str(months),
                "--seed",
                "1",
            ]
        )
        files = sum(1 for p in (workspace / "inbox").rglob("*") if p.is_file())
        run = measure([collab, "run", "--workspace", str(workspace)])
        rerun = measure([collab, "run", "--workspace", str(workspace)])
        size = f"{partners}x{months}"
        total = synth.seconds + run.seconds
        for step, m in (("synth", synth), ("run", run), ("rerun no-op", rerun)):
            print(
                f"{size:<10} {step:<12} {m.seconds:>8.2f} {files:>7} "
                f"{files / m.seconds:>9.0f} {m.peak_rss_mb:>8.0f}"
            )
        print(
            f"{size:<10} {'end to end':<12} {total:>8.2f} {files:>7} {files / total:>9.0f} "
            f"{max(synth.peak_rss_mb, run.peak_rss_mb):>8.0f}"
        )


if __name__ == "__main__":
    main()
