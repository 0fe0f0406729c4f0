"""Benchmark: the gap dashboards for 40 partners x 24 months (target < 10 s).

Workspace: 40 partners x 24 months of synthetic data (seed 7), synthesised and run once and kept
in `bench/out/dashboards-40x24`; `collab run` publishes the last 12 due months, `collab report`
the 12 before them, so that the dashboards draw 24 monthly releases.
Prints the seconds of the first build in a fresh process (imports included, as in `collab run`),
then the median of 3 builds in this process, and the sizes of what was written.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import measure

OUT = Path(__file__).parent / "out"
ROOT = OUT / "dashboards-40x24"
COLLAB = str(Path(sys.executable).with_name("collab"))
REPEATS = 3
TARGET_SECONDS = 10
BUILD = (
    "from collab.workspace import Workspace; from dashboards.site.build import build_site; "
    f"w = Workspace.resolve({str(ROOT)!r}); build_site(w.reports, w.dashboards, w.require())"
)


def _collab(*args) -> None:
    subprocess.run([COLLAB, *map(str, args)], check=True, capture_output=True)


def _workspace() -> None:
    if not (ROOT / "warehouse.duckdb").exists():
        _collab("synth", "--out", ROOT, "--partners", 40, "--months", 24, "--seed", 7)
        _collab("run", "--workspace", ROOT)
    releases = ROOT / "reports" / "collaborative"
    for month in sorted(p.name for p in (ROOT / "inbox").iterdir() if p.name[:2] == "20"):
        if not (releases / month / "manifest.json").exists():
            _collab("report", "--workspace", ROOT, "--audience", "collaborative", "--period", month)


def main() -> None:
    _workspace()
    from collab.workspace import Workspace
    from dashboards.site.build import build_site

    workspace = Workspace.resolve(ROOT)
    config = workspace.require()
    cold = measure([sys.executable, "-c", BUILD])
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        site = build_site(workspace.reports, workspace.dashboards, config)
        times.append(time.perf_counter() - start)
    warm = statistics.median(times)
    page_kb = site.page.stat().st_size / 1024
    assets_kb = sum(p.stat().st_size for p in (site.folder / "assets").iterdir()) / 1024
    print(f"dashboards, 40 partners x {len(site.periods)} monthly releases ({ROOT})")
    rss = f"peak RSS {cold.peak_rss_mb:.0f} MB"
    print(f"  first build, fresh process: {cold.seconds:6.2f} s  ({rss})")
    print(f"  build, median of {REPEATS}:       {warm:6.2f} s")
    print(f"  index.html {page_kb:,.0f} KB (data embedded), assets {assets_kb:,.0f} KB")
    verdict = "meets" if cold.seconds < TARGET_SECONDS else "misses"
    print(f"  target < {TARGET_SECONDS} s: {verdict}")


if __name__ == "__main__":
    main()
