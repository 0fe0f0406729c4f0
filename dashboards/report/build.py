"""Assemble the report for a release: which sections an audience gets, in reading order."""

from collab.config import Collaborative
from collab.periods import period_dates
from dashboards.report.data_note import data_note_section, submission_table
from dashboards.report.demographics import demographics_section
from dashboards.report.document import Chart, Paragraph, Report, Section
from dashboards.report.feedback import feedback_section
from dashboards.report.needs import needs_section
from dashboards.report.network import network_section
from dashboards.report.ovw import ovw_section
from dashboards.report.referral_outcomes import referral_section
from dashboards.report.release import Release
from dashboards.report.summary import summary_section
from dashboards.report.voca import voca_section

PROGRAM_SECTIONS = {"VOCA": voca_section, "OVW": ovw_section}
MIN_PUBLISHED = 2  # a chart of fewer non-zero published values is mostly "suppressed" marks
SPARSE = (
    "Too few counts here are published (small ones are suppressed) to draw a useful chart; "
    "the table above shows what is published."
)


def _sparse_charts_as_tables(section: Section) -> Section:
    blocks = []
    for block in section.blocks:
        if isinstance(block, Chart) and block.published < MIN_PUBLISHED:
            blocks += [block.table, Paragraph(SPARSE, "note")]
        else:
            blocks.append(block)
    section.blocks = blocks
    return section


def _submission_status(release: Release, config: Collaborative) -> Section:
    section = Section("submissions", "Submissions and data quality")
    section.blocks.append(submission_table(release, config))
    section.blocks.append(
        Paragraph(
            "A quarantined file failed an intake check (data quality or re-identification "
            "risk) and was not used; partners resend corrected files.",
            "note",
        )
    )
    return section


def build_report(
    release: Release, config: Collaborative, previous: Release | None, comparison_note: str
) -> Report:
    """The funder report (with its program's section) or the collaborative report."""
    funder = None
    if release.audience.startswith("funder:"):
        funder_id = release.audience.split(":", 1)[1]
        funder = next((f for f in config.funders if f.id == funder_id), None)
    program = funder.program if funder else None
    sections = [
        summary_section(release, previous, comparison_note),
        needs_section(release),
        referral_section(release),
        demographics_section(release, program),
        feedback_section(release, program, for_collaborative=funder is None),
    ]
    if program in PROGRAM_SECTIONS:
        sections.append(PROGRAM_SECTIONS[program](release))
    if funder is None:
        sections += [network_section(release), _submission_status(release, config)]
    sections.append(data_note_section(release, config))
    # The program names the funder's form (VOCA, OVW, FVPSA); a private funder has none.
    program_note = f" ({funder.program})" if funder and funder.program != "private" else ""
    when = f"{release.period} \u00b7 {period_dates(release.period)}"
    if funder:
        title = f"{funder.label}{program_note}: report for {when}"
    else:
        title = f"Collaborative report for {when}"
    if release.manifest.get("provisional"):
        title += " (provisional: made before the deadline; figures may change)"
    sections = [_sparse_charts_as_tables(s) for s in sections]
    return Report(title=title, subtitle=config.name, sections=sections)
