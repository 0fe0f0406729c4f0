"""What survivors said in anonymous surveys: FVPSA's two outcome measures and the other questions.

FVPSA asks its grantees for the share of survivors who say they have more ways to plan for
their safety and know more about community resources (target: 65% yes). The rate is yes over
those who answered yes or no (not applicable left out), from published counts only: when
either count is suppressed there is no rate, and the table says why.
"""

from collab import contract
from dashboards.counts import Count, Share, count, share, total
from dashboards.report.document import Cell, Paragraph, Section, Table
from dashboards.report.labels import cell
from dashboards.report.release import Release

FVPSA_MEASURES = ("safety_strategies", "community_resources")
FVPSA_TARGET = 65.0
NO_SURVEYS = "No survey answers were received for this period."
RATE_NOTE = (
    "Share answering yes = yes / (yes + no), from published counts only; "
    "\u201cnot applicable\u201d answers are left out. Small counts are suppressed, and a "
    "share is shown only when both of its counts are published. Counts are surveys "
    "returned, not people: a survivor may answer in more than one month."
)


def _answers(release: Release, question: str) -> tuple[Count, Count, Share]:
    yes = count(release.cell("feedback", question=question, answer="yes"))
    no = count(release.cell("feedback", question=question, answer="no"))
    answered = total([yes, no])
    return answered, yes, share(yes, answered)


def _target(yes: Share) -> Cell:
    if not yes.shown:
        return Cell("n/a", "suppressed")
    return Cell("met" if yes.percent >= FVPSA_TARGET else "not met")


def feedback_section(release: Release, program: str | None, for_collaborative: bool) -> Section:
    """Survey answers: FVPSA's measures for its funders and the collaborative, the rest for all."""
    section = Section("feedback", "What survivors said")
    if release.table("feedback") is None:
        section.blocks.append(Paragraph("This release has no survey table.", "note"))
        return section
    responses = count(release.cell("feedback", answer="responses"))
    if responses.value == 0:
        section.blocks.append(Paragraph(NO_SURVEYS))
        return section
    columns = ["Question", "Answered yes or no", "Yes", "Share yes"]
    if program == "FVPSA" or for_collaborative:
        rows = []
        for question in FVPSA_MEASURES:
            answered, yes, rate = _answers(release, question)
            label = contract.FEEDBACK_QUESTIONS[question]
            rows.append([Cell(label), cell(answered), cell(yes), cell(rate), _target(rate)])
        section.blocks.append(
            Table(
                f"FVPSA outcome measures, {release.period} (target: "
                f"{FVPSA_TARGET:.0f}% answering yes)",
                [*columns, "Target"],
                rows,
            )
        )
    others = [q for q in contract.FEEDBACK_QUESTIONS if q not in FVPSA_MEASURES]
    rows = []
    for question in others:
        answered, yes, rate = _answers(release, question)
        label = contract.FEEDBACK_QUESTIONS[question]
        rows.append([Cell(label), cell(answered), cell(yes), cell(rate)])
    section.blocks.append(Table(f"Other survey questions, {release.period}", columns, rows))
    section.blocks.append(Paragraph(RATE_NOTE, "note"))
    return section
