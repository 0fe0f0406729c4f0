"""Published cells as the dashboards word them, and each value beside its text for the page.

The arithmetic (sums with suppressed members, shares of exact counts) is `dashboards.counts`,
as in the reports; here a cell becomes a `Count` with the dashboard's reasons, and a value goes
to the page with the text to show for it, so the page script only draws what Python computed.
"""

from dashboards.counts import Count, Share, whole_percent
from dashboards.site.releases import Cells

SUPPRESSED = "suppressed (small count)"
NOT_PUBLISHED = "not in this release"


def count(table: Cells | None, key: tuple[str, ...]) -> Count:
    """A cell's published count, or nothing with why (suppressed, or not published)."""
    if table is None or key not in table:
        return Count(None, reason=NOT_PUBLISHED)
    return Count(table[key], reason=SUPPRESSED)


def why(value: Count | Share) -> str:
    """The reason a value is not shown; "" when it is."""
    shown = value.shown if isinstance(value, Share) else value.value is not None
    return "" if shown else value.reason


def drawn(share: Share) -> float | None:
    """The share as the page draws it, to four decimals; None when not shown."""
    return None if share.fraction is None else round(share.fraction, 4)


def percent_text(share: Share) -> str:
    """The drawn share in whole percent (`42%`), or "" when not shown."""
    return "" if share.fraction is None else whole_percent(drawn(share))


def share_detail(share: Share, unit: str = "") -> str:
    """`42% (21 of 50)`, or `42% (21 of 50 requests)` with a unit; "" when not shown."""
    if share.fraction is None:
        return ""
    whole = f"{share.whole:,} {unit}" if unit else f"{share.whole:,}"
    return f"{percent_text(share)} ({share.part:,} of {whole})"


def count_series(counts: list[Count]) -> dict:
    """A month-by-month count for the page: values (null where not shown), reasons, texts."""
    return {
        "v": [c.value for c in counts],
        "why": [why(c) for c in counts],
        "text": [c.text for c in counts],
    }


def share_series(shares: list[Share]) -> dict:
    """A month-by-month share for the page: drawn values, reasons, the percent and its counts."""
    return {
        "v": [drawn(s) for s in shares],
        "why": [why(s) for s in shares],
        "text": [percent_text(s) for s in shares],
        "detail": [share_detail(s) for s in shares],
    }
