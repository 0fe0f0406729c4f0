"""Benchmark: the ingest gate. `collab check` latency, risk-scan throughput, gate cost in a run.

Prints: `collab check` on a typical file (wall, and wall minus a bare interpreter start-up);
the risk scan on a 1M-cell file in cells/s (target at least 1M cells/s); and the gate's share
of `collab run` for 40 partners × 24 months.
"""

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import measure
from collab import contract
from collab.config import load_config
from expectations.gate import batch_frame, check_files
from expectations.read import read_raw_table
from expectations.risk import risky_cells
from synthetic import generate

OUT = Path(__file__).parent / "out"
REPEATS = 5


def _median_seconds(command: list[str]) -> float:
    return statistics.median(measure(command).seconds for _ in range(REPEATS))


def _million_cell_file(folder: Path, config) -> Path:
    """A referrals export of ~1M cells: every partner, need and a few invented counterparts."""
    export = contract.EXPORTS["referrals"]
    rows_needed = 1_000_000 // len(export.columns) + 1
    rng = random.Random(1)
    lines = [",".join(export.columns)]
    for i in range(rows_needed):
        referrals = rng.randint(0, 60)
        statuses = [referrals] + [0] * (len(contract.REFERRAL_STATUSES) - 1)
        lines.append(
            ",".join(
                map(
                    str,
                    [
                        "OSE",
                        "2026-07",
                        contract.DIRECTIONS[i % 2],
                        f"CP{i // 18 % 99999}",
                        list(contract.NEEDS)[i % 18],
                        referrals,
                        *statuses,
                        0,
                        0,
                        0,
                        0,
                    ],
                )
            )
        )
    path = folder / "OSE_referrals_2026-07.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    OUT.mkdir(exist_ok=True)
    workspace = OUT / "gate-40x24"
    if not (workspace / "collaborative.yaml").exists():
        generate(workspace, partners=40, months=24, seed=1)
    config = load_config(workspace / "collaborative.yaml")
    collab = str(Path(sys.executable).with_name("collab"))
    typical = sorted((workspace / "inbox").rglob("*_referrals_*.csv"))[100]
    check = _median_seconds([collab, "check", str(typical), "--workspace", str(workspace)])
    bare = _median_seconds([sys.executable, "-c", "pass"])
    print(
        f"collab check, typical file ({typical.stat().st_size} bytes): {check:.3f} s wall, "
        f"{check - bare:.3f} s excluding interpreter start-up ({bare:.3f} s)"
    )

    big = _million_cell_file(OUT, config)
    export = contract.EXPORTS["referrals"]
    table = read_raw_table(big)
    rows = batch_frame(export, [(0, contract.parse_file_name(big.name), table)])
    cells = rows.height * len(export.columns)
    start = time.perf_counter()
    risky_cells(export, config, rows)
    scan = time.perf_counter() - start
    start = time.perf_counter()
    check_files([(big, None)], config)
    whole = time.perf_counter() - start
    print(
        f"risk scan, {cells:,} cells: {scan:.2f} s = {cells / scan:,.0f} cells/s "
        f"(target >= 1,000,000); whole gate on the file {whole:.2f} s = "
        f"{cells / whole:,.0f} cells/s"
    )

    files = [p for p in (workspace / "inbox").rglob("*") if p.is_file()]
    start = time.perf_counter()
    check_files([(p, None) for p in files], config)
    gate = time.perf_counter() - start
    subprocess.run(
        ["rm", "-rf", str(workspace / "warehouse.duckdb"), str(workspace / ".dagster")], check=True
    )
    run = measure([collab, "run", "--workspace", str(workspace)])
    print(
        f"gate inside collab run, 40x24 ({len(files)} files): {gate:.2f} s of a "
        f"{run.seconds:.2f} s run ({gate / run.seconds:.0%})"
    )


if __name__ == "__main__":
    main()
