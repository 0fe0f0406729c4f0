"""The data note: who submitted, which files are missing, how small numbers are protected."""

from collections import Counter

from collab.config import Collaborative
from collab.periods import parse_period
from dashboards.report.document import BulletList, Cell, Paragraph, Section, Table
from dashboards.report.labels import partner
from dashboards.report.release import Release

EXPORTS = ("services", "referrals", "demographics", "capacity")


def audience_size(config: Collaborative, audience: str) -> int:
    """How many partners the release covers (all partners, or the funder's)."""
    if audience.startswith("funder:"):
        funder = next((f for f in config.funders if f.id == audience.split(":", 1)[1]), None)
        return len(funder.partners) if funder else 0
    return len(config.partners)


def submission_table(release: Release, config: Collaborative) -> Table:
    """Months received per partner and export, and files missing, from the manifest."""
    months = len(parse_period(release.period).months)
    received = Counter((i["partner"], i["export"]) for i in release.manifest["inputs"])
    missing = Counter(m["partner"] for m in release.manifest.get("missing", []))
    partners = sorted({p for p, _ in received} | set(missing))
    rows = [
        [
            Cell(partner(config, p)),
            *(Cell(f"{received[p, e]} of {months}", "num") for e in EXPORTS),
            Cell(str(missing[p]), "num"),
        ]
        for p in partners
    ]
    return Table(
        "Months of accepted files per partner and export, and files missing",
        ["Partner", *(e.capitalize() for e in EXPORTS), "Missing"],
        rows,
    )


def data_note_section(release: Release, config: Collaborative) -> Section:
    """Submissions, missing files, protection of small numbers, and definitions."""
    manifest = release.manifest
    submitted = sorted({i["partner"] for i in manifest["inputs"]})
    section = Section("data-note", "Data note")
    correction = manifest.get("correction")
    if correction:  # a release is never changed silently
        section.blocks.append(Paragraph(correction["note"], "note"))
    section.blocks.append(
        Paragraph(
            f"{len(submitted)} of {audience_size(config, release.audience)} partners submitted "
            f"data used in this release: {', '.join(partner(config, p) for p in submitted)}. "
            "Partners with confidential locations are never named (CONFIDENTIAL-n)."
        )
    )
    if "missing" not in manifest:
        section.blocks.append(
            Paragraph("This release does not record missing files (older release).", "note")
        )
    elif not manifest["missing"]:
        section.blocks.append(Paragraph("Every file of these partners and months was received."))
    else:
        section.blocks.append(
            Table(
                "Files missing (not received, or not accepted), not used",
                ["Partner", "Export", "Month"],
                [
                    [Cell(partner(config, m["partner"])), Cell(m["export"]), Cell(m["period"])]
                    for m in manifest["missing"]
                ],
            )
        )
    section.blocks.append(
        Table(
            "Region codes used in the tables",
            ["Code", "Region"],
            [[Cell(r.code), Cell(r.label)] for r in config.regions],
        )
    )
    cells = sum(t.get("cells", 0) for t in manifest.get("tables", []))
    section.blocks.append(
        Paragraph(
            f"Small numbers are protected: no published count is between 1 and "
            f"{manifest['threshold'] - 1}. {manifest['suppressed_cells']:,} of {cells:,} cells "
            "are suppressed (small counts, and the cells that would let someone work them out). "
            "Suppressed cells are shown as \u201csuppressed\u201d, never as 0."
        )
    )
    section.blocks.append(
        BulletList(
            [
                "Requests for help over several months are person-months: a survivor helped "
                "in three months of a quarter counts three times.",
                "Capacity (waitlists, open slots) is a stock: a period's value is its last "
                "month's, not a sum.",
                "Rates and percentages are computed only from published counts; when a "
                "numerator or denominator is suppressed the rate is not shown.",
                "A sum that includes suppressed counts is a lower bound, shown as "
                "\u201cat least N\u201d.",
                "Acceptance: referrals accepted out of referrals sent. Closed loop: the survivor "
                "was confirmed to get help, out of referrals accepted. Answered within 2 "
                "business days: out of referrals answered.",
            ]
        )
    )
    section.blocks.append(
        Paragraph(
            f"Release {release.audience} {release.period}, version {manifest.get('version', 1)}, "
            f"created {manifest['created_at']}."
        )
    )
    return section
