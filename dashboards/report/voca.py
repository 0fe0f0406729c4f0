"""VOCA service categories from the contract's need codes.

VOCA's performance measures group direct services into five categories. Each need code maps to
the one category whose services it mostly is:
A information & referral: social services (food, housing assistance) and financial guidance are
  mostly connecting survivors with other programs;
B personal advocacy/accompaniment: medical, mental health and addiction-recovery needs are met by
  advocates accompanying survivors to providers; trafficking screening, moving logistics and pet
  care are advocacy tasks; victim compensation is assistance filing claims (VOCA lists it under
  personal advocacy);
C emotional support/safety services: safety planning, lethality assessment, safety and security,
  secure communications and operations security (tracking, digital footprint);
D shelter/housing: emergency temporary housing;
E criminal/civil justice assistance: legal support, public safety/law enforcement, custody and
  family court.
A category's figure is a sum of published need cells: with any member suppressed it is only a
lower bound ("at least N"), marked as such.
"""

from dashboards.counts import count, total
from dashboards.report import figures
from dashboards.report.document import Cell, Chart, Section, Table
from dashboards.report.labels import need, table_rows
from dashboards.report.release import Release

CATEGORIES = {
    "A": "A. Information & referral",
    "B": "B. Personal advocacy/accompaniment",
    "C": "C. Emotional support or safety services",
    "D": "D. Shelter/housing services",
    "E": "E. Criminal/civil justice system assistance",
}
NEED_CATEGORY = {
    "SOCIAL_SERVICES": "A",
    "FINANCIAL": "A",
    "MEDICAL": "B",
    "MENTAL_HEALTH": "B",
    "ADDICTION_RECOVERY": "B",
    "TRAFFICKING_SCREENING": "B",
    "LOGISTICS_MOVING": "B",
    "PET_CARE": "B",
    "VICTIM_COMPENSATION": "B",
    "SAFETY_SECURITY": "C",
    "SECURE_COMMS": "C",
    "OPSEC_OSINT": "C",
    "SAFETY_PLANNING": "C",
    "LETHALITY_ASSESSMENT": "C",
    "EMERGENCY_HOUSING": "D",
    "LEGAL": "E",
    "PUBLIC_SAFETY": "E",
    "CUSTODY_FAMILY_COURT": "E",
}


def voca_section(release: Release) -> Section:
    """Requests and services per VOCA category, with the mapping shown beside them."""
    section = Section("voca", "VOCA service categories")
    members = {
        letter: [n for n, c in NEED_CATEGORY.items() if c == letter] for letter in CATEGORIES
    }
    series = {}
    for outcome, name in (
        ("requests", "Requests"),
        ("served", "Served"),
        ("partially_served", "Partially served"),
    ):
        series[name] = [
            total(count(release.cell("services", need=n, outcome=outcome)) for n in members[letter])
            for letter in CATEGORIES
        ]
    labels = list(CATEGORIES.values())
    section.blocks.append(
        Chart(
            "voca_categories",
            figures.horizontal_bars(
                f"Requests by VOCA service category, {release.period}",
                "Requests",
                labels,
                series["Requests"],
            ),
            "Requests summed over the need codes of each VOCA category; hatched bars include "
            "suppressed needs, so the figure is a lower bound (\u201cat least N\u201d).",
            Table(
                "Requests and services by VOCA category",
                ["VOCA category", *series],
                table_rows(labels, *series.values()),
            ),
            published=figures.published(series["Requests"]),
        )
    )
    section.blocks.append(
        Table(
            "How need codes map to VOCA categories",
            ["Need code", "Need", "VOCA category"],
            [[Cell(n), Cell(need(n)), Cell(CATEGORIES[c])] for n, c in NEED_CATEGORY.items()],
        )
    )
    return section
