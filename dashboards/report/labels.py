"""Reader-facing names for codes: needs from the contract, regions and partners from config."""

from collab import contract
from collab.config import Collaborative
from dashboards.counts import Count, Share
from dashboards.report.document import Cell

OUTCOMES = {
    "requests": "Requests",
    "served": "Served",
    "partially_served": "Partially served",
    "unmet_capacity": "Not served: no capacity",
    "unmet_eligibility": "Not served: not eligible",
    "unmet_declined": "Not served: declined by survivor",
    "unmet_other": "Not served: other reason",
}
STATUSES = {
    "pending": "Pending",
    "accepted": "Accepted",
    "declined_capacity": "Declined: no capacity",
    "declined_ineligible": "Declined: not eligible",
    "declined_other": "Declined: other reason",
    "withdrawn": "Withdrawn",
    "no_response": "No response",
}
UNMET = tuple(o for o in contract.SERVICE_OUTCOMES if o.startswith("unmet_"))
CATEGORIES = {
    "victim_service": "Victim service",
    "system_based": "System-based",
    "faith_based": "Faith-based",
    "military": "Military",
    "campus": "Campus",
    "non_advocacy": "Non-advocacy",
    "outside_collaborative": "Outside the collaborative",
    "ALL": "All categories",
}


def need(code: str) -> str:
    """Need label, cut before any parenthesis so that it fits a chart axis."""
    return contract.NEEDS.get(code, code).split(" (")[0]


def category(code: str) -> str:
    return CATEGORIES.get(code.removeprefix("EXT-"), code) + (
        " (outside)" if code.startswith("EXT-") else ""
    )


def region(config: Collaborative, code: str) -> str:
    return next((r.label for r in config.regions if r.code == code), code)


def partner(config: Collaborative, partner_id: str) -> str:
    """`ID (label)` for a named partner; an alias (CONFIDENTIAL-n) stays only the alias."""
    found = config.partner(partner_id)
    if found is None or found.confidential_location:
        return partner_id
    return f"{partner_id} ({found.label})"


def cell(value: Count | Share) -> Cell:
    """A count or rate as a table cell, marked when suppressed, missing or a lower bound."""
    if isinstance(value, Share):
        return Cell(value.text, "num" if value.shown else "suppressed")
    if value.value is None:
        return Cell(value.text, "suppressed")
    if value.at_least:
        return Cell(value.text, "at_least")
    return Cell(value.text, "num")


def table_rows(labels: list[str], *columns: list[Count | Share]) -> list[list[Cell]]:
    """One row per label: the label, then that row's value from each column."""
    return [
        [Cell(label), *(cell(column[i]) for column in columns)] for i, label in enumerate(labels)
    ]
