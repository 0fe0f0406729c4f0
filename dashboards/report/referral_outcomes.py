"""Referral outcomes: the funnel from sent to help received, and rates per need."""

from collab import contract
from dashboards.report import figures
from dashboards.report.counts import Rate, count, rate
from dashboards.report.document import Chart, Paragraph, Section, Table
from dashboards.report.headline import ABSENT
from dashboards.report.labels import need, table_rows
from dashboards.report.needs import needs_of
from dashboards.report.release import Release

STATUSES = {
    "pending": "Pending",
    "accepted": "Accepted",
    "declined_capacity": "Declined: no capacity",
    "declined_ineligible": "Declined: not eligible",
    "declined_other": "Declined: other reason",
    "withdrawn": "Withdrawn",
    "no_response": "No response",
}


def _optional(release: Release, table: str, dimension: str, member: str, need_code="ALL"):
    if release.table(table) is None:
        return count(None, ABSENT)
    return count(release.cell(table, need=need_code, **{dimension: member}))


def _rate_or_absent(release: Release, table: str, numerator, denominator) -> Rate:
    return rate(numerator, denominator) if release.table(table) else Rate(None, ABSENT)


def referral_section(release: Release) -> Section:
    """Funnel (sent, answered, accepted, got help), status breakdown, and rates per need."""
    section = Section("referrals", "Referral outcomes")
    if release.table("referrals") is None:
        section.blocks.append(Paragraph("This release has no referrals table.", "note"))
        return section
    sent = count(release.cell("referrals", status="referrals"))
    stages = {
        "Referrals sent": sent,
        "Answered": _optional(release, "referral_answers", "answer", "answered"),
        "Accepted": count(release.cell("referrals", status="accepted")),
        "Survivor confirmed to get help": _optional(release, "referral_loop", "loop", "got_help"),
    }
    labels, counts = list(stages), list(stages.values())
    section.blocks.append(
        Chart(
            "referral_funnel",
            figures.horizontal_bars(
                f"Referral funnel, {release.period}", "Referrals", labels, counts
            ),
            "Referrals sent by partners to other organisations and how far they got. "
            "Stages not in this release are marked.",
            Table(
                "Referral funnel",
                ["Stage", "Referrals", "Share of sent"],
                table_rows(labels, counts, [rate(c, sent) for c in counts]),
            ),
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
                [rate(c, sent) for c in statuses],
            ),
        )
    )
    codes = needs_of(release, "referrals")
    columns = {
        "Sent": [],
        "Accepted": [],
        "Acceptance": [],
        "Closed loop": [],
        "Answered ≤2 days": [],
    }
    for code in codes:
        sent_n = count(release.cell("referrals", need=code, status="referrals"))
        accepted = count(release.cell("referrals", need=code, status="accepted"))
        columns["Sent"].append(sent_n)
        columns["Accepted"].append(accepted)
        columns["Acceptance"].append(rate(accepted, sent_n))
        columns["Closed loop"].append(
            _rate_or_absent(
                release,
                "referral_loop",
                _optional(release, "referral_loop", "loop", "got_help", code),
                _optional(release, "referral_loop", "loop", "accepted", code),
            )
        )
        columns["Answered ≤2 days"].append(
            _rate_or_absent(
                release,
                "referral_answers",
                _optional(release, "referral_answers", "answer", "responded_2d", code),
                _optional(release, "referral_answers", "answer", "answered", code),
            )
        )
    section.blocks.append(
        Table(
            "Referral rates by need (acceptance: of sent; closed loop: of accepted; answered "
            "within 2 business days: of answered)",
            ["Need", *columns],
            table_rows([need(c) for c in codes], *columns.values()),
        )
    )
    return section
