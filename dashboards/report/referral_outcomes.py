"""Referral outcomes: the funnel from sent to help received, and rates per need.

Answers (`referral_answers.csv`) and the closed loop (`referral_loop.csv`) are newer tables:
their stages and rates appear only in releases that publish them.
"""

from collab import contract
from dashboards.counts import count, share
from dashboards.report import figures
from dashboards.report.document import Chart, Paragraph, Section, Table
from dashboards.report.labels import STATUSES, need, table_rows
from dashboards.report.needs import needs_of
from dashboards.report.release import TOTAL, Release

# rate: (table, dimension, numerator member, denominator member)
RATES = {
    "Acceptance": ("referrals", "status", "accepted", "referrals"),
    "Closed loop": ("referral_loop", "loop", "got_help", "accepted"),
    "Answered ≤2 business days": ("referral_answers", "answer", "responded_2d", "answered"),
}
STAGES = {
    "Referrals sent": ("referrals", "status", "referrals"),
    "Answered": ("referral_answers", "answer", "answered"),
    "Accepted": ("referrals", "status", "accepted"),
    "Survivor confirmed to get help": ("referral_loop", "loop", "got_help"),
}


def referral_section(release: Release) -> Section:
    """Funnel (sent, answered, accepted, got help), status breakdown, and rates per need."""
    section = Section("referrals", "Referral outcomes")
    if release.table("referrals") is None:
        section.blocks.append(Paragraph("This release has no referrals table.", "note"))
        return section
    sent = count(release.cell("referrals", status="referrals"))
    stages = {
        label: count(release.cell(table, **{dimension: member}))
        for label, (table, dimension, member) in STAGES.items()
        if release.table(table) is not None
    }
    labels, counts = list(stages), list(stages.values())
    section.blocks.append(
        Chart(
            "referral_funnel",
            figures.horizontal_bars(
                f"Referral funnel, {release.period}", "Referrals", labels, counts
            ),
            "Referrals sent by partners to other organisations and how far they got.",
            Table(
                "Referral funnel",
                ["Stage", "Referrals", "Share of sent"],
                table_rows(labels, counts, [share(c, sent) for c in counts]),
            ),
            published=figures.published(counts),
            height=300,
        )
    )
    statuses = [count(release.cell("referrals", status=s)) for s in contract.REFERRAL_STATUSES]
    section.blocks.append(
        Table(
            "Status of referrals sent",
            ["Status", "Referrals", "Share of sent"],
            table_rows(
                [STATUSES[s] for s in contract.REFERRAL_STATUSES],
                statuses,
                [share(c, sent) for c in statuses],
            ),
        )
    )
    codes = [*needs_of(release, "referrals"), TOTAL]
    rates = {name: spec for name, spec in RATES.items() if release.table(spec[0]) is not None}
    columns = {
        "Sent": [count(release.cell("referrals", need=c, status="referrals")) for c in codes]
    }
    for name, (table, dimension, part, whole) in rates.items():
        columns[name] = [
            share(
                count(release.cell(table, need=c, **{dimension: part})),
                count(release.cell(table, need=c, **{dimension: whole})),
            )
            for c in codes
        ]
    section.blocks.append(
        Table(
            "Referral rates by need (acceptance: of sent; closed loop: of accepted; answered "
            "within 2 business days: of answered)",
            ["Need", *columns],
            table_rows([need(c) if c != TOTAL else "All needs" for c in codes], *columns.values()),
        )
    )
    return section
