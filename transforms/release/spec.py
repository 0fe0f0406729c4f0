"""The four contract tables: their dimensions, leaf members and total members.

Internally every table has the same columns: `period`, `region`, `need`, `dimension`, `leaf`
(the table's measure dimension: outcome, status, category or measure); published tables
rename `leaf` and drop the columns they do not use.
"""

from dataclasses import dataclass

from collab import contract

ALL = "ALL"
KEY = ("months", "region", "need", "dimension", "leaf")


@dataclass(frozen=True)
class TableSpec:
    """One published table of the contract."""

    name: str
    columns: tuple[str, ...]  # published dimension columns, in order
    leaf_name: str  # what `leaf` is called in the published table
    leaves: tuple[str, ...]
    leaf_total: str | None  # total member of the leaf dimension, None when not additive
    totals: tuple[str, ...]  # dimensions with an `ALL` member
    stock: bool = False  # the release-period row holds the last month, not a sum

    def published_name(self, column: str) -> str:
        return self.leaf_name if column == "leaf" else column


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
}
