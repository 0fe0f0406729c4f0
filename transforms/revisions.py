"""The resend rule: which revision each received file is, and whether it becomes the current one.

A partner may resend a file for a month: the newer file replaces the older one as a whole, as a
new revision (spec, partner exports). Every file named for a partner, export and month takes
that key's next revision number, whatever the gate said. A rejected file is `quarantined`. An
accepted file becomes the current revision and the one it replaces is `superseded`, unless it
arrived before the current revision did: an older file arriving after a newer revision is
`superseded` at once. A batch is decided in the order given (the intake's: oldest arrival
first), so the files of one batch replace each other as if they had come one run at a time.

Pure logic, no warehouse: `submissions.current_revisions` reads what was decided before,
`submissions.record` stores the decisions.
"""

from dataclasses import dataclass, replace
from datetime import datetime

Key = tuple[str, str, str]  # partner_id, export, period


@dataclass(frozen=True)
class Arrival:
    """A received file as the rule sees it."""

    key: Key | None  # None when the file's name breaks the contract (the gate rejects it)
    accepted: bool  # the gate's verdict
    received_at: datetime


@dataclass(frozen=True)
class Decision:
    """A file's revision and status."""

    revision: int | None  # None for a file without a key
    status: str  # accepted | superseded | quarantined
    is_current: bool  # its rows are the key's facts
    replaces: bool  # it replaced an earlier current revision: a resend, worth telling


def decide_revisions(
    arrivals: list[Arrival], stored: dict[Key, tuple[int, datetime | None]]
) -> list[Decision]:
    """Decide each arrival's revision and status, given what earlier intakes stored.

    `stored` maps a key to its highest revision so far and the arrival of its current
    revision (None when none is current), as `submissions.current_revisions` reads them.
    """
    latest = dict(stored)
    decisions: list[Decision] = []
    current: dict[Key, int] = {}  # the decision of this batch that is a key's current one
    for arrival in arrivals:
        key = arrival.key
        revision, current_arrival = latest.get(key, (0, None)) if key else (None, None)
        if key:
            revision += 1
            latest[key] = (revision, current_arrival)
        if not arrival.accepted:
            decisions.append(Decision(revision, "quarantined", False, False))
        elif current_arrival is not None and arrival.received_at < current_arrival:
            decisions.append(Decision(revision, "superseded", False, False))
        else:
            latest[key] = (revision, arrival.received_at)
            if key in current:
                earlier = current[key]
                decisions[earlier] = replace(
                    decisions[earlier], status="superseded", is_current=False
                )
            current[key] = len(decisions)
            decisions.append(Decision(revision, "accepted", True, current_arrival is not None))
    return decisions
