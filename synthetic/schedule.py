"""When partners send their files: most on time, some late, a few months not at all.

A month's files are due by `due_day` of the following month. Most partners send all four
required exports together in the first two weeks (none sends the optional `feedback`); a few
stretched programs are often late or skip a month, and now and then one export is forgotten.
Arrival times become the files' mtimes, the only place lateness is recorded. Times are in UTC
during US office hours, so the arrival day is the same in UTC and in US time zones.
"""

import calendar
import random
from dataclasses import dataclass

import numpy as np

from collab.contract import REQUIRED_EXPORTS
from collab.periods import add_months
from synthetic.collaborative import SynthCollaborative
from synthetic.config_file import DUE_DAY
from synthetic.randomness import python_stream

STRETCHED_SHARE = 0.15  # partners that are often late and sometimes skip a month
LATE = {"steady": 0.04, "stretched": 0.30}
SKIPPED = {"steady": 0.012, "stretched": 0.06}
FORGOTTEN = {"services": 0.002, "referrals": 0.005, "capacity": 0.004, "demographics": 0.015}


@dataclass(frozen=True)
class Schedule:
    """Who sent what, and when.

    `sent[p, m, e]`: partner p sent export e (in REQUIRED_EXPORTS order) for month m; all arrived at
    `arrival[p, m]` (seconds since the epoch).
    """

    sent: np.ndarray
    arrival: np.ndarray


def month_start(month: str) -> int:
    """Seconds since the epoch at 00:00 UTC on the first of `month`."""
    return calendar.timegm((int(month[:4]), int(month[5:]), 1, 0, 0, 0))


def plan_submissions(seed: int, collab: SynthCollaborative, months: tuple[str, ...]) -> Schedule:
    """Decide which files each partner sends and when they arrive."""
    rng = python_stream(seed, "schedule")
    shape = (len(collab.partners), len(months))
    sent = np.zeros((*shape, len(REQUIRED_EXPORTS)), dtype=bool)
    arrival = np.zeros(shape, dtype=np.int64)
    late = np.zeros(shape, dtype=bool)
    skipped = False
    for p, partner in enumerate(collab.partners):
        habit = "stretched" if rng.random() < STRETCHED_SHARE else "steady"
        for m, month in enumerate(months):
            if month < partner.active_from:
                continue
            if rng.random() < SKIPPED[habit]:
                skipped = True
                continue
            late[p, m] = rng.random() < LATE[habit]
            arrival[p, m] = _arrival(rng, month, late[p, m])
            sent[p, m] = [rng.random() >= FORGOTTEN[export] for export in REQUIRED_EXPORTS]
    _ensure_late_and_missing(rng, months, sent, arrival, late, skipped)
    return Schedule(sent=sent, arrival=arrival)


def _arrival(rng: random.Random, month: str, late: bool) -> int:
    if not late:
        due_month, day = add_months(month, 1), rng.randint(1, DUE_DAY - 1)
    elif rng.random() < 0.8:
        due_month, day = add_months(month, 1), rng.randint(DUE_DAY + 1, 28)
    else:
        due_month, day = add_months(month, 2), rng.randint(1, 12)
    return month_start(due_month) + (day - 1) * 86400 + rng.randint(13 * 3600, 21 * 3600)


def _ensure_late_and_missing(
    rng: random.Random,
    months: tuple[str, ...],
    sent: np.ndarray,
    arrival: np.ndarray,
    late: np.ndarray,
    skipped: bool,
) -> None:
    """Any collaborative with 8+ partner-months has one late month and one missing month.

    Status pages and lateness warnings need something to show even in small test workspaces.
    The first partner (the big shelter) is left alone.
    """
    candidates = [
        (p, m) for p in range(1, sent.shape[0]) for m in range(len(months)) if sent[p, m].any()
    ]
    if len(candidates) < 8:
        return
    if not late.any():
        p, m = rng.choice(candidates)
        late[p, m] = True
        arrival[p, m] = _arrival(rng, months[m], True)
    if not skipped:
        p, m = rng.choice([(p, m) for p, m in candidates if not late[p, m]])
        sent[p, m] = False
        arrival[p, m] = 0
