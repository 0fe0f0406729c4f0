"""Service gaps from the services and capacity tables: unmet rates, ranked gaps, waitlists.

Unmet = unmet_capacity + unmet_eligibility + unmet_declined + unmet_other, and the unmet rate
is unmet / requests, from published cells only: the four reasons when all are published, else
requests − served − partially_served (the same number by the table's published sum rule; at
fine grain one small reason is nearly always suppressed, which would leave most cells blank).

The ranked gap score is unmet × unmet rate + waitlist: many survivors turned away, in a place
that turns most of them away, plus those still waiting. Where the unmet count is not exact, the
published unmet reasons add up to a lower bound (a suppressed count is at least 0), and a
suppressed waitlist counts as at least 0: the score is then a lower bound, marked "at least".
"""

from dashboards.report.labels import UNMET
from dashboards.site.cells import count, exact_sum, series, share
from dashboards.site.releases import Month

TOTAL = "ALL"
NO_REQUESTS = "no requests"


def _unmet(month: Month, region: str, need: str):
    services = month.table("services")
    requests = count(services, (region, need, "requests"))
    unmet = exact_sum(count(services, (region, need, outcome)) for outcome in UNMET)
    if unmet[0] is None and requests[0] is not None:
        met = exact_sum(count(services, (region, need, o)) for o in ("served", "partially_served"))
        if met[0] is not None:
            unmet = (requests[0] - met[0], "")
    return requests, unmet, share(unmet, requests, NO_REQUESTS)


def _unmet_floor(month: Month, region: str, need: str) -> int:
    """The published unmet reasons' sum: at most the unmet count, as suppressed ones are >= 0."""
    services = month.table("services")
    parts = (count(services, (region, need, outcome))[0] for outcome in UNMET)
    return sum(part for part in parts if part is not None)


def unmet_rates(month: Month, regions: list[str], needs: list[str]) -> dict:
    """Need × region matrices (rows: needs) of unmet rate, unmet, requests and reasons."""
    rate, unmet, requests, why = [], [], [], []
    for need in needs:
        cells = [_unmet(month, region, need) for region in regions]
        requests.append([r[0] for r, _, _ in cells])
        unmet.append([u[0] for _, u, _ in cells])
        rate.append([s[0] for _, _, s in cells])
        why.append([s[1] for _, _, s in cells])
    return {"rate": rate, "unmet": unmet, "requests": requests, "why": why}


def ranked_gaps(month: Month, regions: list[str], needs: list[str]) -> list[dict]:
    """Need × region rows, worst first; rows whose unmet count is suppressed come last, unscored.

    ALL members are included, so that the page can rank at the level the reader chose.
    """
    capacity = month.table("capacity")
    rows = []
    for region in regions:
        for need in needs:
            if region == need == TOTAL:
                continue
            requests, unmet, rate = _unmet(month, region, need)
            waitlist, waitlist_why = count(capacity, (region, need, "waitlist"))
            if requests[0] == 0 and not waitlist:
                continue  # nothing asked for and nobody waiting: not a gap
            unmet_count, unmet_rate, unmet_at_least = unmet[0], rate[0], False
            if unmet_count is None and requests[0]:
                unmet_count, unmet_at_least = _unmet_floor(month, region, need), True
                unmet_rate = round(unmet_count / requests[0], 4)
            turned_away = unmet_count * unmet_rate if unmet_rate is not None else None
            if requests[0] == 0:
                turned_away = 0  # nothing asked for, so nothing unmet
            at_least = unmet_at_least or waitlist is None
            score = None if turned_away is None else round(turned_away + (waitlist or 0), 2)
            if score == 0 and not at_least:
                continue  # exactly nothing unmet and nobody waiting
            if score == 0:  # a lower bound of 0 says nothing: not scored
                score, unmet_count, unmet_rate, unmet_at_least = None, unmet[0], rate[0], False
            rows.append(
                {
                    "region": region,
                    "need": need,
                    "requests": requests[0],
                    "unmet": unmet_count,
                    "unmet_at_least": unmet_at_least,
                    "rate": unmet_rate,
                    "waitlist": waitlist,
                    "waitlist_why": waitlist_why,
                    "score": score,
                    "at_least": score is not None and at_least,
                    "why": rate[1] or unmet[1],
                }
            )
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["region"], r["need"]))
    return rows


def capacity_trends(months: list[Month], regions: list[str], needs: list[str]) -> dict:
    """Waitlist and slots per region and need (ALL included), month by month."""
    return {
        region: {
            need: {
                measure: series(
                    [count(m.table("capacity"), (region, need, measure)) for m in months]
                )
                for measure in ("waitlist", "slots")
            }
            for need in needs
        }
        for region in regions
    }
