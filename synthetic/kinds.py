"""The kinds of organisation a collaborative is made of, as the generator draws them.

A contract category covers programs that behave differently: a shelter and a rape crisis center
are both `victim_service`, but they meet different needs, differ in size and are named
differently. Each kind says what it is called, which needs it meets (and in what mix), how big
it usually is and how central it is in the referral network (DSS, police and big shelters are
hubs).
"""

from dataclasses import dataclass, field

# How common each category is among partners: victim services dominate a DV/SA collaborative.
CATEGORY_WEIGHTS: dict[str, float] = {
    "victim_service": 0.36,
    "system_based": 0.20,
    "non_advocacy": 0.16,
    "faith_based": 0.12,
    "campus": 0.08,
    "military": 0.08,
}


@dataclass(frozen=True)
class PartnerKind:
    """One kind of partner program and how the generator makes one."""

    key: str
    category: str
    weight: float  # share of its category
    id_prefix: str
    labels: tuple[str, ...]  # templates: {city}, {county}, {last}, {saint}
    needs: dict[str, float]  # needs every partner of the kind meets, with their share of requests
    size: float  # median requests per month
    hub: float  # pull in the referral network
    teams: dict[str, float] = field(default_factory=dict)  # chance of sitting on each team
    extras: tuple[str, ...] = ()  # needs some partners of the kind also meet
    per_region: bool = False  # one office per county: the id names the region (DSS-METRO)
    confidential: float = 0.0  # chance that the location is confidential
    span: tuple[float, float, float] = (0.75, 0.2, 0.05)  # chance of serving 1, 2, 3 regions


_LAW_ENFORCEMENT_NEEDS = {
    "PUBLIC_SAFETY": 0.45,
    "LETHALITY_ASSESSMENT": 0.25,
    "LEGAL": 0.15,
    "VICTIM_COMPENSATION": 0.15,
}

KINDS: tuple[PartnerKind, ...] = (
    PartnerKind(
        "shelter",
        "victim_service",
        0.5,
        "SHELTER",
        (
            "{city} Safe House",
            "{city} Women's Shelter",
            "Haven House of {city}",
            "{county} Family Shelter",
            "{last} House Shelter",
        ),
        {
            "EMERGENCY_HOUSING": 0.28,
            "SAFETY_PLANNING": 0.26,
            "SAFETY_SECURITY": 0.16,
            "LETHALITY_ASSESSMENT": 0.16,
            "PET_CARE": 0.04,
        },
        size=28,
        hub=2.0,
        teams={"MDT": 0.6, "SART": 0.15, "DVHRT": 0.6},
        extras=(
            "LOGISTICS_MOVING",
            "SECURE_COMMS",
            "LEGAL",
            "CUSTODY_FAMILY_COURT",
            "TRAFFICKING_SCREENING",
        ),
        confidential=0.7,
    ),
    PartnerKind(
        "dv_center",
        "victim_service",
        0.3,
        "DVC",
        (
            "{city} Domestic Violence Center",
            "{last} Center for Family Safety",
            "{county} Domestic Violence Services",
            "Safe Escape {city}",
        ),
        {
            "SAFETY_PLANNING": 0.3,
            "LETHALITY_ASSESSMENT": 0.15,
            "LEGAL": 0.15,
            "SECURE_COMMS": 0.12,
            "OPSEC_OSINT": 0.1,
            "CUSTODY_FAMILY_COURT": 0.1,
        },
        size=35,
        hub=1.5,
        teams={"MDT": 0.6, "SART": 0.2, "DVHRT": 0.7},
        extras=("MENTAL_HEALTH", "LOGISTICS_MOVING", "FINANCIAL", "TRAFFICKING_SCREENING"),
        span=(0.5, 0.35, 0.15),
    ),
    PartnerKind(
        "rape_crisis",
        "victim_service",
        0.2,
        "SARC",
        (
            "{county} Rape Crisis Center",
            "Sexual Assault Resource Center of {city}",
            "{city} Sexual Assault Services",
        ),
        {
            "MENTAL_HEALTH": 0.3,
            "SAFETY_PLANNING": 0.2,
            "MEDICAL": 0.15,
            "LEGAL": 0.15,
            "TRAFFICKING_SCREENING": 0.1,
        },
        size=20,
        hub=1.2,
        teams={"MDT": 0.5, "SART": 0.9},
        extras=("SECURE_COMMS", "OPSEC_OSINT"),
    ),
    PartnerKind(
        "police",
        "system_based",
        0.3,
        "PD",
        ("{city} Police Department Victim Services", "{city} Police Family Violence Unit"),
        _LAW_ENFORCEMENT_NEEDS,
        size=55,
        hub=3.0,
        teams={"MDT": 0.8, "SART": 0.6, "DVHRT": 0.8},
        extras=("SAFETY_PLANNING", "TRAFFICKING_SCREENING"),
    ),
    PartnerKind(
        "sheriff",
        "system_based",
        0.2,
        "SO",
        ("{county} Sheriff's Office Victim Services",),
        _LAW_ENFORCEMENT_NEEDS,
        size=45,
        hub=2.5,
        teams={"MDT": 0.8, "SART": 0.5, "DVHRT": 0.7},
        extras=("SAFETY_PLANNING", "TRAFFICKING_SCREENING"),
        per_region=True,
    ),
    PartnerKind(
        "prosecutor",
        "system_based",
        0.2,
        "VW",
        (
            "{county} Prosecutor's Victim-Witness Unit",
            "{county} District Attorney's Victim-Witness Unit",
        ),
        {
            "LEGAL": 0.4,
            "VICTIM_COMPENSATION": 0.3,
            "CUSTODY_FAMILY_COURT": 0.15,
            "LETHALITY_ASSESSMENT": 0.15,
        },
        size=35,
        hub=2.0,
        teams={"MDT": 0.8, "SART": 0.6, "DVHRT": 0.7},
        per_region=True,
    ),
    PartnerKind(
        "dss",
        "system_based",
        0.3,
        "DSS",
        ("{county} Dept. of Social Services", "{county} Human Services Agency"),
        {
            "SOCIAL_SERVICES": 0.4,
            "FINANCIAL": 0.2,
            "EMERGENCY_HOUSING": 0.15,
            "VICTIM_COMPENSATION": 0.15,
            "CUSTODY_FAMILY_COURT": 0.1,
        },
        size=90,
        hub=4.0,
        teams={"MDT": 0.9, "DVHRT": 0.3},
        extras=("MENTAL_HEALTH", "ADDICTION_RECOVERY"),
        per_region=True,
        span=(0.3, 0.4, 0.3),
    ),
    PartnerKind(
        "congregation",
        "faith_based",
        0.5,
        "FAITH",
        (
            "St. {saint} Parish Outreach",
            "{city} Community Church Outreach",
            "Temple {last} Family Services",
            "{city} Interfaith Council",
        ),
        {"SOCIAL_SERVICES": 0.4, "FINANCIAL": 0.3, "EMERGENCY_HOUSING": 0.3},
        size=12,
        hub=0.8,
        teams={"MDT": 0.15},
        extras=("LOGISTICS_MOVING", "MENTAL_HEALTH"),
    ),
    PartnerKind(
        "pantry",
        "faith_based",
        0.3,
        "PANTRY",
        ("St. {saint} Food Pantry", "{city} Interfaith Food Pantry"),
        {"SOCIAL_SERVICES": 0.6, "FINANCIAL": 0.25, "EMERGENCY_HOUSING": 0.15},
        size=25,
        hub=0.7,
    ),
    PartnerKind(
        "charities",
        "faith_based",
        0.2,
        "CHARITY",
        ("Catholic Charities of {city}", "{city} Rescue Mission", "Lutheran Services of {county}"),
        {"SOCIAL_SERVICES": 0.35, "EMERGENCY_HOUSING": 0.35, "FINANCIAL": 0.3},
        size=30,
        hub=1.2,
        teams={"MDT": 0.3},
        extras=("LOGISTICS_MOVING",),
        span=(0.5, 0.35, 0.15),
    ),
    PartnerKind(
        "family_advocacy",
        "military",
        1.0,
        "FAP",
        (
            "Fort {last} Family Advocacy Program",
            "Camp {last} Family Advocacy Program",
            "{last} Air Force Base Family Advocacy Program",
            "Naval Station {last} Family Advocacy Program",
        ),
        {"MENTAL_HEALTH": 0.4, "LEGAL": 0.3, "CUSTODY_FAMILY_COURT": 0.3},
        size=20,
        hub=1.0,
        teams={"MDT": 0.5, "DVHRT": 0.3},
        extras=("SAFETY_PLANNING", "FINANCIAL", "LETHALITY_ASSESSMENT"),
        span=(0.9, 0.1, 0.0),
    ),
    PartnerKind(
        "campus_advocacy",
        "campus",
        1.0,
        "CAMPUS",
        (
            "{city} State University Advocacy Office",
            "{last} College Survivor Support",
            "University of {city} Title IX Advocacy Center",
            "{city} Community College Wellness Center",
        ),
        {"MENTAL_HEALTH": 0.4, "SAFETY_PLANNING": 0.35, "SECURE_COMMS": 0.25},
        size=14,
        hub=0.8,
        teams={"MDT": 0.2, "SART": 0.7},
        extras=("OPSEC_OSINT", "MEDICAL", "LEGAL"),
        span=(1.0, 0.0, 0.0),
    ),
    PartnerKind(
        "legal_aid",
        "non_advocacy",
        0.3,
        "LEGAL",
        ("{county} Legal Aid Society", "{city} Legal Services", "{last} Law Clinic"),
        {"LEGAL": 0.5, "CUSTODY_FAMILY_COURT": 0.3, "VICTIM_COMPENSATION": 0.1, "FINANCIAL": 0.1},
        size=25,
        hub=1.5,
        teams={"MDT": 0.4, "DVHRT": 0.2},
        span=(0.5, 0.35, 0.15),
    ),
    PartnerKind(
        "clinic",
        "non_advocacy",
        0.3,
        "CLINIC",
        ("{city} Community Health Clinic", "{county} Free Clinic", "{last} Family Health Center"),
        {"MEDICAL": 0.5, "MENTAL_HEALTH": 0.3, "ADDICTION_RECOVERY": 0.2},
        size=35,
        hub=1.3,
        teams={"SART": 0.4},
        extras=("TRAFFICKING_SCREENING",),
    ),
    PartnerKind(
        "food_bank",
        "non_advocacy",
        0.2,
        "FOOD",
        ("{city} Food Bank", "{county} Food Bank"),
        {"SOCIAL_SERVICES": 0.7, "FINANCIAL": 0.3},
        size=40,
        hub=0.8,
        extras=("LOGISTICS_MOVING",),
    ),
    PartnerKind(
        "recovery",
        "non_advocacy",
        0.2,
        "RECOVERY",
        ("{city} Recovery Center", "{last} House Recovery Services"),
        {"ADDICTION_RECOVERY": 0.6, "MENTAL_HEALTH": 0.3, "MEDICAL": 0.1},
        size=18,
        hub=0.8,
    ),
)

KINDS_BY_KEY: dict[str, PartnerKind] = {kind.key: kind for kind in KINDS}

# The first partners of every collaborative, so that even five partners make a working network:
# a (confidential) shelter, a DSS hub, more victim services, then one of each other category.
FOUNDING_KINDS: tuple[str, ...] = (
    "shelter",
    "dss",
    "dv_center",
    "congregation",
    "campus_advocacy",
    "legal_aid",
    "family_advocacy",
    "police",
)


def kinds_of(category: str) -> tuple[PartnerKind, ...]:
    """The kinds in a category, in catalogue order."""
    return tuple(kind for kind in KINDS if kind.category == category)
