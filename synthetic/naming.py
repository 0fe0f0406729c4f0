"""Names and ids of synthetic organisations and places.

Ids follow the habits of real collaboratives: a program prefix and the region it sits in
(`SHELTER-N2` is the second shelter in NORTH, `DSS-METRO` the county DSS office). Labels are
made with Faker so that they read like real organisations without being any real one.
"""

import random
import re

from faker import Faker

from synthetic.kinds import PartnerKind

# Region codes with distinct initials, so that `SHELTER-N2` is unambiguous.
REGION_CODES: tuple[str, ...] = (
    "METRO",
    "NORTH",
    "SOUTH",
    "EAST",
    "WEST",
    "RIVER",
    "COAST",
    "VALLEY",
    "HILLS",
    "LAKES",
    "PLAINS",
)
SAINTS: tuple[str, ...] = (
    "Anne",
    "Mary",
    "Joseph",
    "Vincent",
    "Francis",
    "Luke",
    "Jude",
    "Paul",
    "Catherine",
    "Agnes",
    "Patrick",
    "Theresa",
)


def partner_id(kind: PartnerKind, region: str, taken: set[str], counters: dict[str, int]) -> str:
    """A new id for a partner of `kind` whose home is `region`; never one already taken."""
    if kind.per_region:
        base = f"{kind.id_prefix}-{region}"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}{n}", n + 1
        return candidate
    stem = f"{kind.id_prefix}-{region[0]}"
    while True:
        counters[stem] = counters.get(stem, 0) + 1
        candidate = f"{stem}{counters[stem]}"
        if candidate not in taken:
            return candidate


def partner_label(
    kind: PartnerKind, county: str, fake: Faker, rng: random.Random, taken: set[str]
) -> str:
    """A plausible, unique name for a program of `kind` in `county`."""
    label = ""
    for attempt in range(40):
        label = rng.choice(kind.labels).format(
            city=fake.city(), county=county, last=fake.last_name(), saint=rng.choice(SAINTS)
        )
        if attempt >= 8:
            # County-wide agencies repeat: real ones are told apart by their office.
            label = f"{label}, {fake.city()} Office"
        if label not in taken:
            return label
    raise RuntimeError(f"could not find a unique name for a {kind.key} in {county}")


def code_of(text: str, length: int) -> str:
    """Upper-case letters and digits of `text`, cut to `length`: an id fragment."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())[:length]
