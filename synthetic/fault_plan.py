"""Where the fault files go, and `faults.json`.

Each fault of `synthetic.faults` takes a (partner, export, month) slot picked from the seed,
spread over partners and months; faults that fit few exports choose first so that even a
5-partner, 1-month workspace holds them all.
"""

import json
from dataclasses import dataclass

from collab.contract import REQUIRED_EXPORTS
from synthetic import fault_files as build
from synthetic.collaborative import SynthCollaborative
from synthetic.exports import PartnerExports
from synthetic.faults import FAULTS, Fault
from synthetic.inbox import arrival_of, inbox_path
from synthetic.randomness import faker_stream, python_stream
from synthetic.schedule import Schedule

FAULTS_FILE = "faults.json"


@dataclass(frozen=True)
class FaultFile:
    """A fault file to write, and its `faults.json` entry."""

    path: str
    content: bytes
    mtime: int
    entry: dict


@dataclass(frozen=True)
class FaultPlan:
    """Fault files, and the real files they stand in for (partner, export, month indexes)."""

    files: tuple[FaultFile, ...] = ()
    replaced: frozenset[tuple[int, str, int]] = frozenset()


def plan_faults(
    seed: int,
    collab: SynthCollaborative,
    months: tuple[str, ...],
    exports: PartnerExports,
    schedule: Schedule,
) -> FaultPlan:
    """Pick a slot for every fault and build its file."""
    rng = python_stream(seed, "faults")
    fake = faker_stream(seed, "fault-pii")
    sent = schedule.sent.tolist()
    months_sent = [(p, m) for p in range(len(sent)) for m in range(len(months)) if any(sent[p][m])]
    rng.shuffle(months_sent)
    taken: set[tuple[int, str, int]] = set()
    slots: dict[str, tuple[int, str, int]] = {}
    # Faults that fit few exports choose first, so that tiny workspaces still fit them all.
    for fault in sorted(FAULTS, key=lambda f: len(f.exports)):
        slot = _free_slot(fault, months_sent, sent, taken, exports)
        if slot is None:
            raise ValueError(
                f"the workspace is too small for fault {fault.key!r}: use more partners or months"
            )
        if fault.slot != "borrow":
            taken.add(slot)
        slots[fault.key] = slot

    files = []
    for fault in FAULTS:
        p, export, m = slots[fault.key]
        partner, month = collab.partners[p], months[m]
        source = build.FaultInput(
            partner=partner,
            export=export,
            month=month,
            rows=[list(row) for row in exports.rows(export, p, m)],
            arrival=arrival_of(schedule, p, m, export),
            rng=rng,
            fake=fake,
        )
        made = fault.make(source)
        name = inbox_path(month, made.partner_id or partner.id, export, made.suffix)
        if made.folder:
            name = f"inbox/{made.folder}/{name.rsplit('/', 1)[1]}"
        entry = {
            "file": name,
            "expected": fault.expected,
            "rule": fault.rule,
            "description": fault.description,
            **made.extra,
        }
        if fault.slot == "revise":
            entry["replaces"] = inbox_path(month, partner.id, export)
        files.append(FaultFile(name, made.content, source.arrival + made.delay, entry))
    replaced = frozenset(slots[f.key] for f in FAULTS if f.slot == "replace")
    return FaultPlan(files=tuple(files), replaced=replaced)


def _free_slot(
    fault: Fault,
    months_sent: list[tuple[int, int]],
    sent: list,
    taken: set[tuple[int, str, int]],
    exports: PartnerExports,
) -> tuple[int, str, int] | None:
    """The first free (partner, export, month) in seeded order.

    Preferred: a partner-month no other fault uses (faults spread over partners and months),
    then a slot whose real file has rows to damage, then any free slot.
    """
    names = list(REQUIRED_EXPORTS)
    used = {(p, m) for p, _, m in taken}
    for fresh, need_rows in ((True, True), (False, True), (False, False)):
        for export in fault.exports:
            e = names.index(export)
            for p, m in months_sent:
                if not sent[p][m][e] or (p, export, m) in taken or (fresh and (p, m) in used):
                    continue
                if need_rows and not exports.rows(export, p, m):
                    continue
                return p, export, m
    return None


def faults_json(plan: FaultPlan) -> str:
    """The text of `faults.json`."""
    return json.dumps([f.entry for f in plan.files], indent=2, ensure_ascii=False) + "\n"
