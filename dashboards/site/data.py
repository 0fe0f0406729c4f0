"""Everything the dashboard page shows, as one JSON-ready dict built from monthly releases.

Only published values go in; a suppressed or unpublished cell is null with its reason beside
it. Labels from the config go in as plain text: the page escapes them where it draws them.
"""

from collab import contract
from collab.config import Collaborative
from dashboards.counts import whole_percent
from dashboards.report import labels
from dashboards.site.cells import SUPPRESSED
from dashboards.site.gaps import TOTAL, capacity_trends, ranked_gaps, unmet_rates
from dashboards.site.referrals import answer_times, category_flows, closed_loops
from dashboards.site.releases import Month
from dashboards.site.submissions import submissions
from dashboards.site.survey import survey_shares, survey_target

ANSWER_TARGET = 0.8  # the collaborative's target share of referrals answered within 2 days
# Flow ends that are not partner categories (referrals to organisations outside the network).
OTHER_CATEGORIES = {"outside_collaborative": "Outside the collaborative"}


def need_label(code: str) -> str:
    """A need label short enough for an axis; the full one goes in tables and hovers."""
    return labels.need(code).split(" incl.")[0]


def _has(months: list[Month], table: str) -> bool:
    return any(m.table(table) is not None for m in months)


def dashboard_data(
    months: list[Month], config: Collaborative, answer_target: float = ANSWER_TARGET
) -> dict:
    """The page's data: dimensions with labels, then one entry per chart."""
    regions = [TOTAL, *(r.code for r in config.regions)]
    needs = [TOTAL, *contract.NEEDS]
    categories = [*contract.PARTNER_CATEGORIES, *contract.EXTERNAL_COUNTERPARTS]
    latest = months[-1].manifest if months else {}
    return {
        "name": config.name,
        "periods": [m.period for m in months],
        "threshold": latest.get("threshold", config.disclosure.threshold),
        "suppressed_reason": SUPPRESSED,
        "answer_target": answer_target,
        "answer_target_text": whole_percent(answer_target),
        "regions": [{"code": TOTAL, "label": "All regions"}]
        + [{"code": r.code, "label": r.label} for r in config.regions],
        "needs": [{"code": TOTAL, "label": "All needs", "full": "All needs"}]
        + [
            {"code": code, "label": need_label(code), "full": full}
            for code, full in contract.NEEDS.items()
        ],
        "categories": {code: labels.category(code) for code in categories} | OTHER_CATEGORIES,
        "category_order": list(contract.PARTNER_CATEGORIES),  # their colours, in this order
        "unmet": {m.period: unmet_rates(m, regions, needs) for m in months},
        "gaps": {m.period: ranked_gaps(m, regions, needs) for m in months},
        "capacity": capacity_trends(months, regions, needs),
        "flows": {m.period: category_flows(m) for m in months}
        if _has(months, "referral_flows")
        else None,
        "answers": answer_times(months, needs) if _has(months, "referral_answers") else None,
        "loops": closed_loops(months, needs) if _has(months, "referral_loop") else None,
        "survey": survey_shares(months) if _has(months, "feedback") else None,
        "survey_target": survey_target(),
        "submissions": submissions(months, config),
    }
