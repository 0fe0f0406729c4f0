"""The published tables: their dimensions, leaf members, total members and atom family.

Internally every table has the same columns: `period`, `region`, `need`, `dimension`, `leaf`
(the table's measure dimension: outcome, status, category or measure); published tables
rename `leaf` (and `dimension`) and drop the columns they do not use.

Tables of one *family* are cut from the same atoms, so that every relation between them (the
referrals table's `accepted` is the loop table's total; answers by time add up to accepted plus
declined; flows add up to all referrals) is known to the protection LP as it is to a reader.
"""

from dataclasses import dataclass

from collab import contract
from collab.periods import parse_period, quarters_of

ALL = "ALL"
KEY = ("months", "region", "need", "dimension", "leaf")
# Where a referral went: a partner category, or an organisation outside the collaborative.
OUTSIDE = "outside_collaborative"
FLOW_CATEGORIES: tuple[str, ...] = (*contract.PARTNER_CATEGORIES, OUTSIDE)
LOOP_LEAVES: tuple[str, ...] = ("got_help", "not_confirmed")
# Tables with a region: a figure there can locate a confidential partner.
REGIONAL: tuple[str, ...] = ("services", "capacity")


@dataclass(frozen=True)
class TableSpec:
    """One published table."""

    name: str
    columns: tuple[str, ...]  # published dimension columns, in order
    leaf_name: str  # what `leaf` is called in the published table
    leaves: tuple[str, ...]
    leaf_total: str | None  # total member of the leaf dimension, None when not additive
    totals: tuple[str, ...]  # dimensions with an `ALL` member
    stock: bool = False  # the release-period row holds the last month, not a sum
    family: str = ""  # the atoms it is made of; its own name when empty
    dimension_name: str = "dimension"

    @property
    def atoms_family(self) -> str:
        return self.family or self.name

    def published_name(self, column: str) -> str:
        if column == "leaf":
            return self.leaf_name
        return self.dimension_name if column == "dimension" else column


TABLES: dict[str, TableSpec] = {
    "services": TableSpec(
        "services",
        ("period", "region", "need", "leaf"),
        "outcome",
        contract.SERVICE_OUTCOMES,
        "requests",
        ("region", "need"),
    ),
    "referrals": TableSpec(
        "referrals",
        ("period", "need", "leaf"),
        "status",
        contract.REFERRAL_STATUSES,
        "referrals",
        ("need",),
    ),
    "demographics": TableSpec(
        "demographics",
        ("period", "dimension", "leaf"),
        "category",
        tuple(
            sorted(
                {
                    c
                    for d in contract.DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL
                    for c in contract.DEMOGRAPHIC_CATEGORIES[d]
                }
            )
        ),
        ALL,
        (),
    ),
    "capacity": TableSpec(
        "capacity",
        ("period", "region", "need", "leaf"),
        "measure",
        ("waitlist", "slots"),
        None,
        ("region", "need"),
        stock=True,
    ),
    "feedback": TableSpec(
        "feedback",
        ("period", "dimension", "leaf"),
        "answer",
        contract.FEEDBACK_ANSWERS,
        "responses",
        ("dimension",),
        dimension_name="question",
    ),
    "referral_loop": TableSpec(
        "referral_loop",
        ("period", "need", "leaf"),
        "loop",
        LOOP_LEAVES,
        "accepted",
        ("need",),
        family="referrals",
    ),
    "referral_answers": TableSpec(
        "referral_answers",
        ("period", "need", "leaf"),
        "answer",
        contract.REFERRAL_RESPONSE_TIMES,
        "answered",
        ("need",),
        family="referrals",
    ),
    "referral_flows": TableSpec(
        "referral_flows",
        ("period", "dimension", "leaf"),
        "to_category",
        FLOW_CATEGORIES,
        ALL,
        ("dimension",),
        family="referrals",
        dimension_name="from_category",
    ),
}


def period_rows(audience: str, period: str) -> tuple[str, ...]:
    """The periods a release breaks its own period into, beside the period total.

    The collaborative's releases keep their months. A funder's release is shaped like the
    funder's own forms: its period and, for a period longer than a quarter, its quarters,
    never its months (VOCA's tool takes quarters; OVW's semi-annual and FVPSA's annual
    reports take period totals). Fewer published rows also means fewer cells to protect.
    """
    if audience.startswith("funder:"):
        return quarters_of(period)
    months = parse_period(period).months
    return months if len(months) > 1 else ()
