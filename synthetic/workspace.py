"""`generate`: write a complete synthetic workspace (config and inbox) for a seed.

Everything downstream (gate, warehouse, gap dashboards, disclosure control) is exercised on this
data, so it is built to be realistic and exactly reproducible: the same arguments give the same
bytes and the same file times, whatever the machine's clock says.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from collab.contract import PERIOD_PATTERN
from collab.periods import add_months, month_range
from synthetic.collaborative import build_collaborative
from synthetic.config_file import config_yaml
from synthetic.demographics import simulate_demographics
from synthetic.exports import PartnerExports
from synthetic.fault_plan import FAULTS_FILE, FaultPlan, faults_json, plan_faults
from synthetic.feedback import simulate_feedback
from synthetic.inbox import settle_folder_times, write_exports, write_file
from synthetic.network import build_network
from synthetic.referrals import simulate_referrals
from synthetic.schedule import month_start, plan_submissions
from synthetic.services import simulate_services

PARTNERS_RANGE = (5, 2000)
MONTHS_RANGE = (1, 120)
FIRST_ALLOWED_MONTH = "2020-01"  # the gate rejects earlier months (rule file.period_range)


@dataclass(frozen=True)
class SynthSummary:
    """What `generate` wrote."""

    out: Path
    partners: int
    months: int
    first_month: str
    last_month: str
    files: int  # partner files in the inbox, fault files not included
    faults: int  # fault files (entries of faults.json)


def generate(
    out: Path,
    partners: int = 20,
    months: int = 24,
    seed: int = 7,
    faults: bool = False,
    end_month: str = "2026-10",
) -> SynthSummary:
    """Write `collaborative.yaml` and `inbox/` for a synthetic collaborative into `out`.

    `months` months of partner files end at `end_month`. With `faults`, bad files are added and
    listed in `faults.json`. `out` must be missing or empty; raises ValueError on bad arguments.
    """
    out = Path(out)
    window = _window(partners, months, seed, end_month)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"{out}: exists and is not an empty directory; choose a new --out")

    collab = build_collaborative(seed, partners, window)
    services = simulate_services(seed, collab, window)
    demographics = simulate_demographics(seed, collab, window, services)
    referrals = simulate_referrals(seed, collab, window, services, build_network(seed, collab))
    feedback = simulate_feedback(seed, collab, services)
    exports = PartnerExports(collab, services, demographics, referrals, feedback)
    schedule = plan_submissions(seed, collab, window)
    plan = plan_faults(seed, collab, window, exports, schedule) if faults else FaultPlan()

    out.mkdir(parents=True, exist_ok=True)
    created = month_start(window[0])
    write_file(out, "collaborative.yaml", config_yaml(collab, seed).encode("utf-8"), created)
    written = write_exports(out, collab, window, exports, schedule, plan.replaced)
    for fault in plan.files:
        write_file(out, fault.path, fault.content, fault.mtime)
    if faults:
        last = max(fault.mtime for fault in plan.files)
        write_file(out, FAULTS_FILE, faults_json(plan).encode("utf-8"), last)
    settle_folder_times(out / "inbox", created)
    return SynthSummary(
        out=out,
        partners=partners,
        months=months,
        first_month=window[0],
        last_month=window[-1],
        files=written,
        faults=len(plan.files),
    )


def _window(partners: int, months: int, seed: int, end_month: str) -> tuple[str, ...]:
    """Check the arguments; the reporting months, oldest first."""
    for name, value, (low, high) in (
        ("partners", partners, PARTNERS_RANGE),
        ("months", months, MONTHS_RANGE),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be a whole number, got {seed!r}")
    if not isinstance(end_month, str) or not re.fullmatch(PERIOD_PATTERN, end_month):
        raise ValueError(f"end_month must be a month like 2026-10, got {end_month!r}")
    first = add_months(end_month, 1 - months)
    if first < FIRST_ALLOWED_MONTH:
        raise ValueError(
            f"{months} months ending {end_month} start in {first}, before {FIRST_ALLOWED_MONTH} "
            "(the gate rejects earlier months); use fewer months or a later end_month"
        )
    return month_range(first, end_month)
