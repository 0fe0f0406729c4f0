"""Summary page: the headline figures beside the previous period's, and what changed."""

from dashboards.report.document import Cell, Paragraph, Section, Table
from dashboards.report.headline import change, headlines
from dashboards.report.labels import cell
from dashboards.report.release import Release


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
    section.blocks.append(
        Paragraph(
            "Counts below the disclosure threshold are suppressed and never shown as 0; a sum "
            "that includes suppressed counts is shown as \u201cat least N\u201d; rates use "
            "published counts only.",
            "note",
        )
    )
    return section
