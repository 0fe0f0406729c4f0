"""Demographics in the funder program's categories, one chart per published dimension.

Only the dimensions whose categories add up to the total are published (age band, gender).
VOCA's performance measures use the same age bands, and "Other" for another gender identity;
other programs see the contract's own wording.
"""

from dashboards.counts import count, share
from dashboards.report import figures
from dashboards.report.document import Chart, Paragraph, Section, Table
from dashboards.report.labels import table_rows
from dashboards.report.release import TOTAL, Release

DIMENSIONS = {"age_band": "Age", "gender": "Gender identity"}
CATEGORIES = {
    "0-12": "0–12",
    "13-17": "13–17",
    "18-24": "18–24",
    "25-59": "25–59",
    "60+": "60 and older",
    "female": "Female",
    "male": "Male",
    "another_gender": "Another gender identity",
    "not_reported": "Not reported",
}
PROGRAM_CATEGORIES = {"VOCA": {"another_gender": "Other", "not_reported": "Not reported/tracked"}}


def demographics_section(release: Release, program: str | None) -> Section:
    """Counts and shares per category; shares only from published counts."""
    section = Section("demographics", "Who was served")
    frame = release.table("demographics")
    if frame is None:
        section.blocks.append(Paragraph("This release has no demographics table.", "note"))
        return section
    names = {**CATEGORIES, **PROGRAM_CATEGORIES.get(program or "", {})}
    dimensions = [d for d in frame["dimension"].unique(maintain_order=True) if d in DIMENSIONS]
    for dimension in dimensions:
        codes = [
            c
            for c in frame.filter(dimension=dimension)["category"].unique(maintain_order=True)
            if c != TOTAL
        ]
        labels = [names.get(c, c) for c in codes]
        counts = [
            count(release.cell("demographics", dimension=dimension, category=c)) for c in codes
        ]
        whole = count(release.cell("demographics", dimension=dimension, category=TOTAL))
        title = f"{DIMENSIONS[dimension]}, {release.period}"
        section.blocks.append(
            Chart(
                f"demographics_{dimension}",
                figures.grouped_columns(
                    title, DIMENSIONS[dimension], "Survivors", labels, {"Survivors": counts}
                ),
                f"Survivors by {DIMENSIONS[dimension].lower()} (total {whole.text}); "
                "suppressed categories are marked, not drawn.",
                Table(
                    title,
                    [DIMENSIONS[dimension], "Survivors", "Share"],
                    table_rows(labels, counts, [share(c, whole) for c in counts]),
                ),
                published=figures.published(counts),
                height=380,
            )
        )
    return section
