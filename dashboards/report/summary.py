"""Summary page: the headline figures beside the previous period's, and what changed."""

from dashboards.counts import count
from dashboards.report.document import BulletList, Cell, Paragraph, Section, Table
from dashboards.report.headline import change, headlines
from dashboards.report.labels import cell, need
from dashboards.report.needs import needs_of
from dashboards.report.release import Release

LARGEST = 3


def _largest_changes(release: Release, previous: Release) -> list[str]:
    """Needs whose requests changed most, among needs published in both periods."""
    moves = []
    for code in needs_of(release, "services"):
        now = release.cell("services", need=code, outcome="requests")
        before = previous.cell("services", need=code, outcome="requests")
        if now is not None and before is not None and now != before:
            moves.append((abs(now - before), code, now, before))
    moves.sort(reverse=True)
    return [
        f"{need(code)}: requests {change(count(now), count(before))}, {before:,} to {now:,}"
        for _, code, now, before in moves[:LARGEST]
    ]


def summary_section(release: Release, previous: Release | None, comparison_note: str) -> Section:
    """Headline table; the change column only compares values published in both periods."""
    now = headlines(release)
    before = {h.key: h.value for h in headlines(previous)} if previous else {}
    columns = ["Figure", release.period]
    if previous:
        columns += [previous.period, "Change"]
    rows = []
    for headline in now:
        row = [Cell(headline.label), cell(headline.value)]
        if previous:
            earlier = before.get(headline.key)
            row += [
                cell(earlier) if earlier else Cell("not in that release", "suppressed"),
                Cell(change(headline.value, earlier)),
            ]
        rows.append(row)
    section = Section("summary", "Summary")
    section.blocks.append(Table("Headline figures", columns, rows))
    if previous is None:
        section.blocks.append(
            Paragraph(f"No comparison with the previous period: {comparison_note}", "note")
        )
    elif largest := _largest_changes(release, previous):
        section.blocks.append(
            Paragraph(
                f"Largest changes in requests since {previous.period} (needs published in both "
                "periods; suppressed needs are not compared):"
            )
        )
        section.blocks.append(BulletList(largest))
    section.blocks.append(
        Paragraph(
            "Counts below the disclosure threshold are suppressed and never shown as 0; a sum "
            "that includes suppressed counts is shown as \u201cat least N\u201d; rates use "
            "published counts only.",
            "note",
        )
    )
    return section
