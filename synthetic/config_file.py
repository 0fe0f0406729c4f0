"""Write the synthetic collaborative as `collaborative.yaml`, in the layout people edit by hand.

One line per region, partner and funder (flow style), as in the spec's example, so that a
2000-partner config is still readable and diffs stay line-based.
"""

import yaml

from collab.config import Disclosure, Retention, Submissions
from synthetic.collaborative import SynthCollaborative

# The config's own defaults, written out so that evaluators see (and can edit) them.
DISCLOSURE_THRESHOLD = Disclosure().threshold
QUARANTINE_MONTHS = Retention().quarantine_months
RAW_MONTHS = Retention().raw_months
DUE_DAY = Submissions().due_day


def config_data(collab: SynthCollaborative) -> dict:
    """The config as plain data, keys in the order of the spec."""
    return {
        "name": collab.name,
        "regions": [{"code": r.code, "label": r.label} for r in collab.regions],
        "partners": [
            {
                "id": p.id,
                "label": p.label,
                "category": p.category,
                "teams": list(p.teams),
                "regions": list(p.regions),
                "confidential_location": p.confidential_location,
                "active_from": p.active_from,
            }
            for p in collab.partners
        ],
        "funders": [
            {
                "id": f.id,
                "label": f.label,
                "program": f.program,
                "calendar": f.calendar,
                "partners": list(f.partners),
                "partner_detail": f.partner_detail,
            }
            for f in collab.funders
        ],
        "disclosure": {"threshold": DISCLOSURE_THRESHOLD},
        "retention": {"quarantine_months": QUARANTINE_MONTHS, "raw_months": RAW_MONTHS},
        "submissions": {"due_day": DUE_DAY},
    }


def _flow(item: object) -> str:
    return yaml.safe_dump(item, default_flow_style=True, sort_keys=False, width=1 << 20).strip()


def config_yaml(collab: SynthCollaborative, seed: int) -> str:
    """The text of `collaborative.yaml`."""
    data = config_data(collab)
    lines = [
        f"# Synthetic collaborative made by `collab synth --seed {seed}`: every organisation,",
        "# place and count is invented (Faker); none is a real program.",
        yaml.safe_dump({"name": data["name"]}, width=1 << 20).strip(),
    ]
    for section in ("regions", "partners", "funders"):
        lines.append(f"{section}:")
        lines.extend(f"  - {_flow(item)}" for item in data[section])
    for section in ("disclosure", "retention", "submissions"):
        lines.append(f"{section}: {_flow(data[section])}")
    return "\n".join(lines) + "\n"
