"""The data note: who submitted, what was quarantined, how small numbers are protected."""

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
    """Months received per partner and export, and quarantined files, from the manifest."""
    months = len(parse_period(release.period).months)
    received = Counter((i["partner"], i["export"]) for i in release.manifest["inputs"])
    quarantined = Counter(q["partner"] for q in release.manifest.get("quarantined", []))
    partners = sorted({p for p, _ in received} | set(quarantined))
    rows = [
        [
            Cell(partner(config, p)),
            *(Cell(f"{received[p, e]} of {months}", "num") for e in EXPORTS),
            Cell(str(quarantined[p]), "num"),
        ]
        for p in partners
    ]
    return Table(
        "Months of accepted files per partner and export, and files quarantined",
        ["Partner", *(e.capitalize() for e in EXPORTS), "Quarantined"],
        rows,
    )


def data_note_section(release: Release, config: Collaborative) -> Section:
    """Submissions, quarantine, protection of small numbers, and definitions."""
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
    if "quarantined" not in manifest:
        section.blocks.append(
            Paragraph("This release does not record quarantined files (older release).", "note")
        )
    elif not manifest["quarantined"]:
        section.blocks.append(Paragraph("No files of these partners and months were quarantined."))
    else:
        section.blocks.append(
            Table(
                "Quarantined files (rejected at intake, not used)",
                ["Partner", "Export", "Month", "Problems found", "Resolved by a resend"],
                [
                    [
                        Cell(partner(config, q["partner"])),
                        Cell(q["export"]),
                        Cell(q["period"]),
                        Cell(str(q.get("errors", "")), "num"),
                        Cell({True: "yes", False: "no"}.get(q.get("resolved"), "")),
                    ]
                    for q in manifest["quarantined"]
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
