"""What survivors said, month by month: FVPSA's two outcome measures from published counts.

The share answering yes is yes / (yes + no) of a question, from exact published counts only:
a month where either is suppressed (or that has no survey table) is a gap, never a 0.
"""

from dashboards.counts import share, total
from dashboards.report.feedback import FVPSA_MEASURES, FVPSA_TARGET
from dashboards.site.cells import count, count_series, share_series
from dashboards.site.releases import Month


def survey_shares(months: list[Month]) -> dict:
    """Per FVPSA measure: those who answered yes or no, those who said yes, and the share."""
    result = {}
    for question in FVPSA_MEASURES:
        yes = [count(m.table("feedback"), (question, "yes")) for m in months]
        no = [count(m.table("feedback"), (question, "no")) for m in months]
        answered = [total([y, n]) for y, n in zip(yes, no, strict=True)]
        result[question] = {
            "answered": count_series(answered),
            "yes": count_series(yes),
            "share": share_series(
                [share(y, a, "nobody answered") for y, a in zip(yes, answered, strict=True)]
            ),
        }
    return result


def survey_target() -> dict:
    """FVPSA's target for its two measures, as the page draws and words it."""
    return {"value": FVPSA_TARGET / 100, "text": f"{FVPSA_TARGET:.0f}%"}
