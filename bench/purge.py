"""Benchmark: `collab purge` on 40 partners × 24 months with everything past retention.

Builds the workspace once (synthetic files with faults, then `collab run`, so submissions and
quarantine are real), copies it, sets both retentions to 0 months and times `collab purge`
(wall, including interpreter start-up; peak RSS). Prints files, bytes, seconds and files/s.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from bench.measure import measure
from synthetic import generate

OUT = Path(__file__).parent / "out"


def _source(collab: str) -> Path:
    source = OUT / "purge-source-40x24"
    if not (source / "warehouse.duckdb").exists():
        shutil.rmtree(source, ignore_errors=True)
        generate(source, partners=40, months=24, seed=1, faults=True)
        subprocess.run([collab, "run", "--workspace", str(source)], check=True, capture_output=True)
    return source


def main() -> None:
    OUT.mkdir(exist_ok=True)
    collab = str(Path(sys.executable).with_name("collab"))
    workspace = OUT / "purge-40x24"
    shutil.rmtree(workspace, ignore_errors=True)
    shutil.copytree(_source(collab), workspace, symlinks=True)
    config_path = workspace / "collaborative.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["retention"] = {"quarantine_months": 0, "raw_months": 0}
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

    files = [p for folder in ("inbox", "quarantine") for p in (workspace / folder).rglob("*")]
    files = [p for p in files if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    run = measure([collab, "purge", "--workspace", str(workspace)])
    left = [p for folder in ("inbox", "quarantine") for p in (workspace / folder).rglob("*")]
    logged = (workspace / "purge-log.jsonl").read_text(encoding="utf-8").splitlines()
    deleted = sum(json.loads(line)["state"] == "deleted" for line in logged)
    print(
        f"collab purge, 40 x 24, everything expired: {len(files)} files ({size / 1e6:.1f} MB, "
        f"{deleted} deletions logged: a quarantined file and its findings are one), "
        f"{run.seconds:.2f} s wall, {len(files) / run.seconds:,.0f} files/s, "
        f"peak RSS {run.peak_rss_mb:.0f} MB; {len(left)} entries left"
    )
    again = measure([collab, "purge", "--workspace", str(workspace)])
    print(f"collab purge again (nothing left to delete): {again.seconds:.2f} s wall")


if __name__ == "__main__":
    main()
