"""The partner export contract (v1.1), as code: the one place a need code or column is defined.

`synthetic/`, `expectations/`, `transforms/` and the command line all read this module, so a new
need code or column is a single edit. See `../shared/spec/partner-exports.md`.
"""

import re
from dataclasses import dataclass

NEEDS: dict[str, str] = {
    "SAFETY_SECURITY": "Safety and security",
    "SECURE_COMMS": "Secure communications",
    "OPSEC_OSINT": "Operations security and OSINT (digital footprint, tracking)",
    "SAFETY_PLANNING": "Escape safety planning",
    "LOGISTICS_MOVING": "Logistics, moving and delivery",
    "SOCIAL_SERVICES": "Social services incl. food assistance and housing assistance",
    "MENTAL_HEALTH": "Mental health services",
    "ADDICTION_RECOVERY": "Addiction recovery",
    "LETHALITY_ASSESSMENT": "Lethality / danger assessment",
    "MEDICAL": "Medical care",
    "EMERGENCY_HOUSING": "Emergency temporary housing (shelter, safe house, hotel)",
    "PUBLIC_SAFETY": "Public safety, law enforcement",
    "LEGAL": "Legal support and guidance (protection orders, immigration, …)",
    "FINANCIAL": "Financial assistance and guidance",
    "CUSTODY_FAMILY_COURT": "Custody / family court support",
    "VICTIM_COMPENSATION": "Victim compensation programs",
    "TRAFFICKING_SCREENING": "Screening for human trafficking",
    "PET_CARE": "Pet care and assistance",
}

PARTNER_CATEGORIES: tuple[str, ...] = (
    "victim_service",
    "system_based",
    "faith_based",
    "military",
    "campus",
    "non_advocacy",
)
TEAMS: tuple[str, ...] = ("MDT", "SART", "DVHRT")
FUNDER_CALENDARS: tuple[str, ...] = (
    "federal_quarter",
    "semiannual",
    "calendar_quarter",
    "annual_federal",
    "monthly",
)
EXTERNAL_COUNTERPARTS: tuple[str, ...] = tuple(f"EXT-{c}" for c in PARTNER_CATEGORIES)

PARTNER_ID_PATTERN = r"[A-Z0-9-]{2,16}"
PERIOD_PATTERN = r"\d{4}-(0[1-9]|1[0-2])"
CAPACITY_STATUSES: tuple[str, ...] = ("available", "limited", "full", "waitlist")
DIRECTIONS: tuple[str, ...] = ("sent", "received")

# Demographics: categories per dimension, and whether the categories must add up to `total`.
DEMOGRAPHIC_CATEGORIES: dict[str, tuple[str, ...]] = {
    "total": ("all",),
    "age_band": ("0-12", "13-17", "18-24", "25-59", "60+", "not_reported"),
    "gender": ("female", "male", "another_gender", "not_reported"),
    "victimization": (
        "domestic_violence",
        "sexual_assault",
        "stalking",
        "trafficking_sex",
        "trafficking_labor",
        "child_abuse",
        "elder_abuse",
        "other",
    ),
    "special_population": (
        "deaf_hard_of_hearing",
        "disability",
        "limited_english",
        "immigrant",
        "lgbtq",
        "military_family",
        "student",
        "tribal",
        "rural",
    ),
}
DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL: tuple[str, ...] = ("age_band", "gender")

SERVICE_OUTCOMES: tuple[str, ...] = (
    "served",
    "partially_served",
    "unmet_capacity",
    "unmet_eligibility",
    "unmet_declined",
    "unmet_other",
)
REFERRAL_STATUSES: tuple[str, ...] = (
    "pending",
    "accepted",
    "declined_capacity",
    "declined_ineligible",
    "declined_other",
    "withdrawn",
    "no_response",
)
REFERRAL_ANSWERED: tuple[str, ...] = (
    "accepted",
    "declined_capacity",
    "declined_ineligible",
    "declined_other",
)
REFERRAL_RESPONSE_TIMES: tuple[str, ...] = ("responded_2d", "responded_3_14d", "responded_over_14d")

# Feedback (v1.1): the questions of survivors' anonymous surveys, and how each was answered.
FEEDBACK_QUESTIONS: dict[str, str] = {
    "safety_strategies": "I have more ways to plan for my safety",
    "community_resources": "I know more about community resources",
    "felt_respected": "Staff treated me with respect",
    "would_recommend": "I would recommend this program",
}
FEEDBACK_ANSWERS: tuple[str, ...] = ("yes", "no", "not_applicable")


@dataclass(frozen=True)
class Export:
    """One export type: its columns (in the contract's order) and the key of its rows.

    An `optional` export is sent only by partners that collect it: it is loaded like any
    other, but a partner that never sends it is never missing it. The rules between the
    columns live with the checks, one module per export type in `expectations/exports/`.
    """

    name: str
    codes: tuple[str, ...]
    counts: tuple[str, ...]
    key: tuple[str, ...]
    optional: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column of the export, identity columns first."""
        return ("partner_id", "period", *self.codes, *self.counts)


EXPORTS: dict[str, Export] = {
    "services": Export(
        name="services",
        codes=("need",),
        counts=("requests", *SERVICE_OUTCOMES),
        key=("need",),
    ),
    "referrals": Export(
        name="referrals",
        codes=("direction", "counterpart", "need"),
        counts=("referrals", *REFERRAL_STATUSES, "got_help", *REFERRAL_RESPONSE_TIMES),
        key=("direction", "counterpart", "need"),
    ),
    "capacity": Export(
        name="capacity",
        codes=("need", "status", "region"),
        counts=("slots", "waitlist"),
        key=("need",),
    ),
    "demographics": Export(
        name="demographics",
        codes=("dimension", "category"),
        counts=("individuals",),
        key=("dimension", "category"),
    ),
    "feedback": Export(
        name="feedback",
        codes=("question",),
        counts=("responses", *FEEDBACK_ANSWERS),
        key=("question",),
        optional=True,
    ),
}
# The exports every active partner owes each month (status and completeness count these).
REQUIRED_EXPORTS: tuple[str, ...] = tuple(n for n, e in EXPORTS.items() if not e.optional)

FILE_NAME = re.compile(
    rf"^(?P<partner_id>{PARTNER_ID_PATTERN})_(?P<export>{'|'.join(EXPORTS)})_"
    rf"(?P<period>{PERIOD_PATTERN})\.(?P<suffix>csv|xlsx)$",
    re.ASCII,  # ASCII digits only; `fullmatch` below, so a trailing newline is no match
)


@dataclass(frozen=True)
class ExportFileName:
    """What a contract file name says about its contents."""

    partner_id: str
    export: str
    period: str
    suffix: str


def parse_file_name(name: str) -> ExportFileName | None:
    """Read `<partner_id>_<export>_<YYYY-MM>.csv|xlsx`; None when the name breaks the contract.

    The suffix is matched case-insensitively (`.CSV` from Windows tools is common); the rest
    is exact, because partner ids and export names are codes.
    """
    stem, dot, suffix = name.rpartition(".")
    match = FILE_NAME.fullmatch(f"{stem}{dot}{suffix.lower()}")
    if match is None:
        return None
    return ExportFileName(**match.groupdict())
