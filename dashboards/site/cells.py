"""Published counts and the shares between them, each with the reason when it can't be shown.

A value is either a published count or None with a reason a reader understands; a share is
computed only from two published counts. These are the rules that keep a suppressed cell from
ever being drawn as 0.
"""

from collections.abc import Iterable

from dashboards.site.releases import Cells

SUPPRESSED = "suppressed (small count)"
NOT_PUBLISHED = "not in this release"


def count(table: Cells | None, key: tuple[str, ...]) -> tuple[int | None, str]:
    """A cell's published count and "", or None and why."""
    if table is None or key not in table:
        return None, NOT_PUBLISHED
    value = table[key]
    return (value, "") if value is not None else (None, SUPPRESSED)


def exact_sum(parts: Iterable[tuple[int | None, str]]) -> tuple[int | None, str]:
    """The sum of published parts; None (with the first reason) when any part is missing."""
    total = 0
    for value, why in parts:
        if value is None:
            return None, why
        total += value
    return total, ""


def share(
    part: tuple[int | None, str], whole: tuple[int | None, str], empty: str
) -> tuple[float | None, str]:
    """Part / whole from published counts; `empty` is the reason when the whole is 0."""
    for value, why in (part, whole):
        if value is None:
            return None, why
    if whole[0] == 0:
        return None, empty
    return round(part[0] / whole[0], 4), ""


def series(points: list[tuple[int | float | None, str]]) -> dict:
    """A month-by-month series for the page: values (null where not shown) and reasons."""
    return {"v": [value for value, _ in points], "why": [why for _, why in points]}
