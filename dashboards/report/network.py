"""The collaboration network: referrals between partner categories (`referral_flows.csv`)."""

from dashboards.counts import count
from dashboards.report import figures
from dashboards.report.document import Cell, Chart, Paragraph, Section, Table
from dashboards.report.labels import category, cell
from dashboards.report.release import TOTAL, Release


def network_section(release: Release) -> Section:
    """A from-category × to-category matrix; suppressed flows are blank and marked."""
    section = Section("network", "Collaboration between partner categories")
    frame = release.table("referral_flows")
    if frame is None:
        section.blocks.append(
            Paragraph("This release has no referral flows table (referral_flows.csv).", "note")
        )
        return section
    senders = [c for c in frame["from_category"].unique(maintain_order=True) if c != TOTAL]
    receivers = [c for c in frame["to_category"].unique(maintain_order=True) if c != TOTAL]
    with_totals = [
        [
            count(release.cell("referral_flows", from_category=s, to_category=r))
            for r in [*receivers, TOTAL]
        ]
        for s in [*senders, TOTAL]
    ]
    cells = [row[:-1] for row in with_totals[:-1]]  # the chart leaves the totals out
    rows, columns = [category(s) for s in senders], [category(r) for r in receivers]
    section.blocks.append(
        Chart(
            "category_network",
            figures.matrix(
                f"Referrals between partner categories, {release.period}",
                "Referred to",
                "Referred by",
                rows,
                columns,
                cells,
            ),
            "Each cell counts referrals sent by partners of one category (row) to partners or "
            "organisations of another (column); suppressed flows are blank and marked.",
            Table(
                "Referrals between partner categories (rows: from, columns: to)",
                ["From \\ to", *columns, category(TOTAL)],
                [
                    [Cell(r), *(cell(c) for c in row)]
                    for r, row in zip([*rows, category(TOTAL)], with_totals, strict=True)
                ],
            ),
            published=figures.published(*cells),
            height=220 + 45 * len(rows),
        )
    )
    return section
