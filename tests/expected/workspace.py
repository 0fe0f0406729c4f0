"""Build the fixed workspace through `collab` and read its releases in a comparable form."""

import json
import subprocess
import sys
from pathlib import Path

import yaml

from synthetic import generate

HERE = Path(__file__).resolve().parent
RECORDED = HERE / "releases"
PARTNERS, MONTHS, SEED, END_MONTH = 10, 6, 17, "2026-06"
# One period per funder calendar that the six months cover, and the collaborative's quarter.
PERIOD_OF_CALENDAR = {
    "federal_quarter": "FY2026-Q3",
    "semiannual": "2026-H1",
    "calendar_quarter": "2026-Q2",
    "monthly": "2026-06",
}
# Fields that differ from one build to the next: when, and ids keyed by the warehouse's key.
VOLATILE = {"created_at": "<time>", "submission": "<submission id>"}


def _collab(*args: str) -> None:
    collab = str(Path(sys.executable).with_name("collab"))
    done = subprocess.run([collab, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"collab {' '.join(args)} failed: {done.stderr[-2000:]}")


def releases_to_make(root: Path) -> list[tuple[str, str]]:
    config = yaml.safe_load((root / "collaborative.yaml").read_text(encoding="utf-8"))
    plan = [("collaborative", "2026-Q2")]
    for funder in config["funders"]:
        period = PERIOD_OF_CALENDAR.get(funder["calendar"])
        if period:
            plan.append((f"funder:{funder['id']}", period))
    return plan


def build(root: Path) -> Path:
    """Synthesize, run, and publish the plan's releases; returns the reports folder."""
    generate(root, partners=PARTNERS, months=MONTHS, seed=SEED, end_month=END_MONTH)
    _collab("run", "--workspace", str(root))
    for audience, period in releases_to_make(root):
        _collab("report", "--workspace", str(root), "--audience", audience, "--period", period)
    return root / "reports"


def _steady(value):
    if isinstance(value, dict):
        return {k: VOLATILE.get(k) or _steady(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_steady(v) for v in value]
    return value


def outputs(reports: Path) -> dict[str, str]:
    """Every release's tables and manifest (volatile fields masked), by relative path."""
    found = {}
    for path in sorted(reports.rglob("*")):
        relative = path.relative_to(reports).as_posix()
        if "/versions/" in relative or not path.is_file():
            continue
        if path.name == "manifest.json":
            manifest = _steady(json.loads(path.read_text(encoding="utf-8")))
            found[relative] = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
        elif path.suffix == ".csv" and path.parent.name == "tables":
            found[relative] = path.read_text(encoding="utf-8")
    return found


def recorded() -> dict[str, str]:
    return {
        path.relative_to(RECORDED).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(RECORDED.rglob("*"))
        if path.is_file()
    }
