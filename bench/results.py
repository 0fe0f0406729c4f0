"""Run every benchmark and write their figures to one page, `docs/bench-results.md`.

Each benchmark prints its own figures; this runs them in turn (output shown as it comes),
and writes the page once all have run, with the machine and the commit they ran on, so the
docs point at one place for figures instead of carrying them in prose that goes stale.
"""

import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

BENCHES = (
    "ingest",
    "gate",
    "disclosure",
    "tauargus_compare",
    "dashboards",
    "report",
    "purge",
    "kill_resume",
    "national",
)
ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "bench-results.md"


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def _run(name: str) -> tuple[int, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", f"bench.{name}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    return process.wait(), "".join(lines)


def main() -> int:
    started = datetime.now(UTC)
    sections, failed = [], []
    for name in BENCHES:
        code, output = _run(name)
        if code:
            failed.append(name)
        status = "" if code == 0 else f" (exit {code})"
        sections.append(f"## bench.{name}{status}\n\n```\n{output.rstrip()}\n```\n")
    header = (
        "# Benchmark results\n\n"
        f"Written by `make bench` on {started:%Y-%m-%d %H:%M} UTC at commit `{_commit()}`: "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}. Figures only; what they measure is "
        "in each benchmark's docstring (`bench/`).\n\n"
    )
    PAGE.parent.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=PAGE.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(header + "\n".join(sections))
    os.replace(tmp.name, PAGE)
    print(f"figures written to {PAGE.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
