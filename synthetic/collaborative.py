"""A synthetic collaborative: regions, partners and the gaps between them.

Besides what `collaborative.yaml` says about a partner, the generator keeps what drives its
numbers: its kind, size, the needs it meets and where, and which (region, need) pairs are
structurally short of capacity.
"""

import math
import random
from dataclasses import dataclass, replace

from faker import Faker

from collab.contract import NEEDS, TEAMS
from collab.periods import add_months
from synthetic.funders import SynthFunder, make_funders
from synthetic.kinds import CATEGORY_WEIGHTS, FOUNDING_KINDS, KINDS_BY_KEY, PartnerKind, kinds_of
from synthetic.naming import REGION_CODES, partner_id, partner_label
from synthetic.needs import GAP_PRONE
from synthetic.partner import SynthPartner
from synthetic.randomness import faker_stream, python_stream

LATE_JOINER_SHARE = 0.12
EXTRA_NEED_CHANCE = 0.25
EXTRA_NEED_SHARE = 0.06


@dataclass(frozen=True)
class SynthRegion:
    """A service region; `county` names the county its agencies are named after."""

    code: str
    label: str
    county: str
    rural: bool


@dataclass(frozen=True)
class SynthCollaborative:
    """Everything the generator knows about the collaborative it invents."""

    name: str
    regions: tuple[SynthRegion, ...]
    partners: tuple[SynthPartner, ...]
    funders: tuple[SynthFunder, ...]
    gaps: tuple[tuple[str, str], ...]  # (region, need) pairs with too little capacity


def build_collaborative(seed: int, partners: int, months: tuple[str, ...]) -> SynthCollaborative:
    """Invent a collaborative of `partners` partners reporting over `months`."""
    rng = python_stream(seed, "collaborative")
    fake = faker_stream(seed, "names")
    regions = _regions(rng, fake, partners)
    members = _partners(rng, fake, regions, partners, months)
    name = rng.choice(
        (
            "{city} Safe Escape Collaborative",
            "{city} Survivor Services Collaborative",
            "Greater {city} Family Violence Coalition",
            "{county} Coordinated Community Response",
        )
    ).format(city=fake.city(), county=regions[0].county)
    return SynthCollaborative(
        name=name,
        regions=regions,
        partners=members,
        funders=make_funders(seed, members),
        gaps=_gaps(rng, regions, members),
    )


def _regions(rng: random.Random, fake: Faker, partners: int) -> tuple[SynthRegion, ...]:
    """3 regions for a handful of partners, up to 8 for a state-wide collaborative."""
    count = 3 + round(math.log2(partners / 5)) - rng.randint(0, 1)
    count = min(8, max(3, count))
    codes = ["METRO", *rng.sample(REGION_CODES[1:], count - 1)]
    codes.sort(key=REGION_CODES.index)
    counties: list[str] = []
    while len(counties) < count:
        county = f"{fake.last_name()} County"
        if county not in counties:
            counties.append(county)
    rural = [code != "METRO" and rng.random() < 0.45 for code in codes]
    if not any(rural):
        rural[-1] = True
    return tuple(
        SynthRegion(
            code=code,
            label=f"{fake.city()} Metro Area" if code == "METRO" else county,
            county=county,
            rural=is_rural,
        )
        for code, county, is_rural in zip(codes, counties, rural, strict=True)
    )


def _kind_sequence(rng: random.Random, partners: int) -> list[PartnerKind]:
    kinds = [KINDS_BY_KEY[key] for key in FOUNDING_KINDS[:partners]]
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    while len(kinds) < partners:
        options = kinds_of(rng.choices(categories, weights)[0])
        kinds.append(rng.choices(options, [kind.weight for kind in options])[0])
    return kinds


def _partners(
    rng: random.Random,
    fake: Faker,
    regions: tuple[SynthRegion, ...],
    count: int,
    months: tuple[str, ...],
) -> tuple[SynthPartner, ...]:
    codes = [region.code for region in regions]
    region_weights = [2.5 if r.code == "METRO" else 0.8 if r.rural else 1.2 for r in regions]
    county_of = {region.code: region.county for region in regions}
    ids: set[str] = set()
    labels: set[str] = set()
    counters: dict[str, int] = {}
    members = []
    for index, kind in enumerate(_kind_sequence(rng, count)):
        home = rng.choices(codes, region_weights)[0]
        span = min(len(codes), rng.choices((1, 2, 3), kind.span)[0])
        served = [home, *rng.sample([c for c in codes if c != home], span - 1)]
        ident = partner_id(kind, home, ids, counters)
        label = partner_label(kind, county_of[home], fake, rng, labels)
        ids.add(ident)
        labels.add(label)
        first_shelter = index == 0
        size = max(2.0, kind.size * rng.lognormvariate(0, 0.8))
        if first_shelter:
            # One big shelter in every collaborative: housing gaps show up from the first month.
            size = max(size, 40.0)
        needs, shares = _needs(rng, kind)
        members.append(
            SynthPartner(
                id=ident,
                label=label,
                kind=kind,
                teams=tuple(team for team in TEAMS if rng.random() < kind.teams.get(team, 0.0)),
                regions=tuple(served),
                confidential_location=first_shelter or rng.random() < kind.confidential,
                active_from=_active_from(rng, index, months),
                size=round(size, 1),
                needs=needs,
                need_shares=shares,
                need_regions=tuple(
                    home
                    if need == "EMERGENCY_HOUSING" or rng.random() < 0.7
                    else rng.choice(served)
                    for need in needs
                ),
            )
        )
    _ensure_late_joiner(members, months)
    return tuple(members)


def _needs(rng: random.Random, kind: PartnerKind) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The needs one partner meets (its kind's, one maybe dropped, a few extras) and their mix."""
    weights = dict(kind.needs)
    if len(weights) > 2 and rng.random() < 0.15:
        del weights[rng.choice(list(weights)[1:])]
    for extra in kind.extras:
        if rng.random() < EXTRA_NEED_CHANCE:
            weights[extra] = EXTRA_NEED_SHARE
    weights = {need: w * rng.lognormvariate(0, 0.3) for need, w in weights.items()}
    total = sum(weights.values())
    needs = tuple(need for need in NEEDS if need in weights)
    return needs, tuple(round(weights[need] / total, 4) for need in needs)


def _active_from(rng: random.Random, index: int, months: tuple[str, ...]) -> str:
    """Founding members joined before the window; a few others join during it."""
    if index >= 3 and len(months) >= 2 and rng.random() < LATE_JOINER_SHARE:
        return months[rng.randint(1, len(months) - 1)]
    return add_months(months[0], -rng.randint(0, 48))


def _ensure_late_joiner(members: list[SynthPartner], months: tuple[str, ...]) -> None:
    """Every collaborative of 4+ partners over 2+ months has someone who joined late."""
    if len(months) < 2 or len(members) < 4:
        return
    if any(p.active_from > months[0] for p in members):
        return
    members[-1] = replace(members[-1], active_from=months[len(months) // 2])


def _gaps(
    rng: random.Random, regions: tuple[SynthRegion, ...], members: tuple[SynthPartner, ...]
) -> tuple[tuple[str, str], ...]:
    """Pick under-served (region, need) pairs among those actually offered, rural ones first."""
    rural = {region.code for region in regions if region.rural}
    offered = sorted(
        {
            (region, need)
            for partner in members
            for need, region in zip(partner.needs, partner.need_regions, strict=True)
            if need in GAP_PRONE
        }
    )
    shelter = members[0]
    gaps = [(shelter.need_regions[shelter.needs.index("EMERGENCY_HOUSING")], "EMERGENCY_HOUSING")]
    wanted = max(2, len(regions) // 2 + 1)
    candidates = [pair for pair in offered if pair not in gaps]
    while candidates and len(gaps) < wanted:
        pick = rng.choices(candidates, [2.0 if r in rural else 1.0 for r, _ in candidates])[0]
        gaps.append(pick)
        candidates.remove(pick)
    return tuple(gaps)
