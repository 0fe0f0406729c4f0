"""Referrals between partners: flows between partner categories, answer times, closed loops.

Each table is optional (older releases lack it); a month without it shows as "not in this
release", never as 0.
"""

from dashboards.counts import share
from dashboards.site.cells import count, count_series, share_series
from dashboards.site.releases import Month

TOTAL = "ALL"


def category_flows(month: Month) -> dict | None:
    """Published flows between categories (ALL rows and zeros left out), and the hidden ones."""
    flows = month.table("referral_flows")
    if flows is None:
        return None
    links, hidden = [], []
    for source, target in sorted(flows):
        if TOTAL in (source, target):
            continue
        flow = count(flows, (source, target))
        if flow.value is None:
            hidden.append({"from": source, "to": target})
        elif flow.value > 0:
            links.append({"from": source, "to": target, "value": flow.value, "text": flow.text})
    total = count(flows, (TOTAL, TOTAL))
    return {"links": links, "hidden": hidden, "total": total.value, "total_text": total.text}


def _shares(months: list[Month], needs: list[str], table: str, whole: str, part: str) -> dict:
    """Per need: the whole, the part and part / whole, month by month."""
    empty = f"no {whole} referrals"
    result = {}
    for need in needs:
        wholes = [count(m.table(table), (need, whole)) for m in months]
        parts = [count(m.table(table), (need, part)) for m in months]
        result[need] = {
            whole: count_series(wholes),
            part: count_series(parts),
            "share": share_series([share(p, w, empty) for p, w in zip(parts, wholes, strict=True)]),
        }
    return result


def answer_times(months: list[Month], needs: list[str]) -> dict:
    """Per need: answered referrals, those answered within 2 business days, and the share."""
    return _shares(months, needs, "referral_answers", "answered", "responded_2d")


def closed_loops(months: list[Month], needs: list[str]) -> dict:
    """Per need: accepted referrals, those where the survivor got help, and the share."""
    return _shares(months, needs, "referral_loop", "accepted", "got_help")
