"""Published counts, sums that include suppressed cells, and shares: one rule for every reader.

The reports and the dashboards both read protected releases, where a suppressed cell is
missing, and both must say the same about it: a missing count is never 0, a sum with a missing
member is only a lower bound ("at least N"), and a share is computed only from exact published
counts. The wording of a reason (which differs between a report table and a dashboard hover)
is the caller's; the arithmetic is here.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

SUPPRESSED = "suppressed"
INCLUDES_SUPPRESSED = "includes suppressed"
NO_CASES = "no cases"


@dataclass(frozen=True)
class Count:
    """A published count, a lower bound (`at_least`), or nothing (`value` None, with why).

    A lower bound's `reason` says which missing member made it one.
    """

    value: int | None
    at_least: bool = False
    reason: str = SUPPRESSED

    @property
    def exact(self) -> bool:
        """Whether the value is a published count, neither missing nor a lower bound."""
        return self.value is not None and not self.at_least

    @property
    def text(self) -> str:
        """`1,234`, `at least 1,234`, or the reason it is not shown."""
        if self.value is None:
            return self.reason
        return f"at least {self.value:,}" if self.at_least else f"{self.value:,}"


@dataclass(frozen=True)
class Share:
    """`part / whole` of two published counts, or the reason it is not shown.

    `at_least` marks a share whose part is a lower bound (see `share`).
    """

    part: int | None = None
    whole: int | None = None
    reason: str = ""
    at_least: bool = False

    @property
    def shown(self) -> bool:
        """Whether there is a share to show."""
        return self.part is not None and self.whole is not None

    @property
    def fraction(self) -> float | None:
        """The share in [0, 1]; None when not shown."""
        return self.part / self.whole if self.shown else None

    @property
    def percent(self) -> float | None:
        """The share in percent; None when not shown."""
        return 100 * self.part / self.whole if self.shown else None

    @property
    def text(self) -> str:
        """One decimal, as the reports print it: `25.0%`, or `n/a: <reason>`."""
        return f"{self.percent:.1f}%" if self.shown else f"n/a: {self.reason}"


def count(value: int | None, missing: str = SUPPRESSED) -> Count:
    """A single cell: its count, or `missing` (suppressed, or not in this release)."""
    return Count(value, reason=missing)


def total(parts: Iterable[Count]) -> Count:
    """Sum of the published parts; a lower bound when any part is missing or a bound itself.

    Nothing (with the first missing part's reason) when no published part is above 0: "at
    least 0" says nothing.
    """
    parts = list(parts)
    published = [p for p in parts if p.value is not None]
    missing = [p for p in parts if p.value is None]
    if missing and not any(p.value for p in published):
        return Count(None, reason=missing[0].reason)
    at_least = bool(missing) or any(p.at_least for p in published)
    reason = missing[0].reason if missing else SUPPRESSED
    return Count(sum(p.value for p in published), at_least=at_least, reason=reason)


def share(part: Count, whole: Count, empty: str = NO_CASES, *, lower_bound: bool = False) -> Share:
    """`part / whole` from exact published counts; `empty` is the reason when the whole is 0.

    With `lower_bound`, a part that is a lower bound (a sum with suppressed members) over an
    exact whole gives a share that is a lower bound too: the ranked gaps show "at least 30%"
    where the report, which compares shares across periods, shows none.
    """
    for side, may_be_a_bound in ((part, lower_bound), (whole, False)):
        if side.value is None:
            return Share(reason=side.reason)
        if side.at_least and not may_be_a_bound:
            return Share(reason=INCLUDES_SUPPRESSED)
    if whole.value == 0:
        return Share(reason=empty)
    return Share(part.value, whole.value, at_least=part.at_least)


def whole_percent(fraction: float) -> str:
    """`42%`, half up; never "0%" or "100%" for a share strictly between.

    The dashboards draw shares rounded to four decimals, and their text is the whole percent of
    that drawn value, so that a label never disagrees with its bar.
    """
    hundredths = fraction * 100
    percent = math.floor(hundredths)
    if hundredths - percent >= 0.5:
        percent += 1
    if fraction > 0 and percent == 0:
        return "<1%"
    if fraction < 1 and percent == 100:
        return ">99%"
    return f"{percent}%"
