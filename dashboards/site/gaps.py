"""Service gaps from the services and capacity tables: unmet rates, ranked gaps, waitlists.

Unmet = unmet_capacity + unmet_eligibility + unmet_declined + unmet_other, and the unmet rate
is unmet / requests, from published cells only: the four reasons when all are published, else
requests − served − partially_served (the same number by the table's published sum rule; at
fine grain one small reason is nearly always suppressed, which would leave most cells blank).

The ranked gap score is unmet × unmet rate + waitlist: many survivors turned away, in a place
that turns most of them away, plus those still waiting. Where the unmet count is not exact, the
published unmet reasons add up to a lower bound (a suppressed count is at least 0), and a
suppressed waitlist counts as at least 0: the score is then a lower bound, marked "at least".
The dashboards are the only place that ranks gaps, so this is the score's one definition.
"""

from decimal import ROUND_HALF_UP, Decimal

from dashboards.counts import Count, Share, share, total
from dashboards.report.labels import UNMET
from dashboards.site.cells import (
    SUPPRESSED,
    count,
    count_series,
    drawn,
    percent_text,
    share_detail,
    why,
)
from dashboards.site.releases import Month

TOTAL = "ALL"
NO_REQUESTS = "no requests"
MET = ("served", "partially_served")


def _unmet(month: Month, region: str, need: str) -> tuple[Count, Count, Share, Count]:
    """Requests, the exact unmet count, the unmet rate, and the published unmet reasons' sum.

    The sum is a lower bound (or nothing) when a reason is suppressed: the score's floor.
    """
    services = month.table("services")
    requests = count(services, (region, need, "requests"))
    reasons = total(count(services, (region, need, outcome)) for outcome in UNMET)
    unmet = reasons if reasons.exact else Count(None, reason=reasons.reason)
    if unmet.value is None and requests.value is not None:
        met = total(count(services, (region, need, outcome)) for outcome in MET)
        if met.exact:
            unmet = Count(requests.value - met.value)
    return requests, unmet, share(unmet, requests, NO_REQUESTS), reasons


def unmet_rates(month: Month, regions: list[str], needs: list[str]) -> dict:
    """Need × region matrices (rows: needs) of unmet rate, unmet, requests, reasons and texts."""
    matrices = {key: [] for key in ("rate", "unmet", "requests", "why", "rate_text", "text")}
    for need in needs:
        cells = [_unmet(month, region, need)[:3] for region in regions]
        matrices["requests"].append([requests.value for requests, _, _ in cells])
        matrices["unmet"].append([unmet.value for _, unmet, _ in cells])
        matrices["rate"].append([drawn(rate) for _, _, rate in cells])
        matrices["why"].append([why(rate) for _, _, rate in cells])
        matrices["rate_text"].append([percent_text(rate) for _, _, rate in cells])
        matrices["text"].append(
            [share_detail(rate, "requests") or rate.reason for _, _, rate in cells]
        )
    return matrices


def _score(unmet: Count, rate: Share, requests: Count, waitlist: Count) -> float | None:
    """The score: unmet × unmet rate + waitlist; None when the rate is not shown.

    The rate is the one the page draws (four decimals), so a score agrees with the rate beside
    it; a suppressed waitlist counts as 0, and the caller marks the score "at least".
    """
    if requests.value == 0:
        turned_away = 0  # nothing asked for, so nothing unmet
    elif rate.fraction is None:
        return None
    else:
        turned_away = unmet.value * drawn(rate)
    return round(turned_away + (waitlist.value or 0), 2)


def _score_text(score: float | None, at_least: bool, reason: str) -> str:
    """One decimal, half up (`at least 33.6`), or why the row is not scored."""
    if score is None:
        return f"not scored: {reason}"
    tenths = Decimal(score).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{'at least ' if at_least else ''}{tenths}"


def _texts(requests: Count, unmet: Count, rate: Share, waitlist: Count) -> dict:
    """What the page shows for a gap row.

    An unmet count known only as "at least 0" is shown as suppressed, not as a bound.
    """
    unknown = unmet.at_least and unmet.value == 0
    unmet_text = SUPPRESSED if unknown else unmet.text
    rate_text = percent_text(rate) or rate.reason
    if unmet.at_least:
        rate_text = SUPPRESSED if unknown else f"at least {rate_text}"
    if rate.fraction is None:
        phrase = rate.reason
    elif unknown:
        phrase = f"{requests.value:,} requests, unmet count suppressed (small counts)"
    else:
        phrase = f"{unmet_text} of {requests.value:,} requests unmet ({rate_text})"
    return {
        "requests_text": requests.text,
        "unmet_text": unmet_text,
        "rate_text": rate_text,
        "waitlist_text": waitlist.text,
        "explanation": f"{phrase}, waitlist {waitlist.text}",
    }


def _gap(month: Month, region: str, need: str) -> dict | None:
    """A need × region row with its score and texts; None when it is not a gap."""
    requests, unmet, rate, reasons = _unmet(month, region, need)
    waitlist = count(month.table("capacity"), (region, need, "waitlist"))
    if requests.value == 0 and not waitlist.value:
        return None  # nothing asked for and nobody waiting: not a gap
    shown_unmet, shown_rate = unmet, rate
    if unmet.value is None and requests.value:
        shown_unmet = Count(reasons.value or 0, at_least=True)
        shown_rate = share(shown_unmet, requests, lower_bound=True)
    score = _score(shown_unmet, shown_rate, requests, waitlist)
    at_least = shown_unmet.at_least or waitlist.value is None
    if score == 0 and not at_least:
        return None  # exactly nothing unmet and nobody waiting
    if score == 0:  # a lower bound of 0 says nothing: not scored
        score, shown_unmet, shown_rate = None, unmet, rate
    at_least = score is not None and at_least
    return {
        "region": region,
        "need": need,
        "requests": requests.value,
        "unmet": shown_unmet.value,
        "unmet_at_least": shown_unmet.at_least,
        "rate": drawn(shown_rate),
        "waitlist": waitlist.value,
        "waitlist_why": why(waitlist),
        "score": score,
        "at_least": at_least,
        "why": rate.reason,
        "score_text": _score_text(score, at_least, rate.reason),
        **_texts(requests, shown_unmet, shown_rate, waitlist),
    }


def ranked_gaps(month: Month, regions: list[str], needs: list[str]) -> list[dict]:
    """Need × region rows, worst first; rows whose unmet count is suppressed come last, unscored.

    ALL members are included, so that the page can rank at the level the reader chose.
    """
    rows = []
    for region in regions:
        for need in needs:
            row = None if region == need == TOTAL else _gap(month, region, need)
            if row is not None:
                rows.append(row)
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["region"], r["need"]))
    return rows


def capacity_trends(months: list[Month], regions: list[str], needs: list[str]) -> dict:
    """Waitlist and slots per region and need (ALL included), month by month."""
    return {
        region: {
            need: {
                measure: count_series(
                    [count(m.table("capacity"), (region, need, measure)) for m in months]
                )
                for measure in ("waitlist", "slots")
            }
            for need in needs
        }
        for region in regions
    }
