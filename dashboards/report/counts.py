"""Counts and rates as a reader should see them: suppressed stays suppressed, never 0.

A sum over cells where some are suppressed is only a lower bound ("at least N"); a rate is only
computed when both of its published counts are there, otherwise it carries the reason.
"""

from dataclasses import dataclass

SUPPRESSED_TEXT = "suppressed"


@dataclass(frozen=True)
class Count:
    """A published count, a lower bound (`at_least`), or nothing (`value` None, with why)."""

    value: int | None
    at_least: bool = False
    reason: str = SUPPRESSED_TEXT

    @property
    def exact(self) -> bool:
        return self.value is not None and not self.at_least

    @property
    def text(self) -> str:
        if self.value is None:
            return self.reason
        return f"at least {self.value:,}" if self.at_least else f"{self.value:,}"


@dataclass(frozen=True)
class Rate:
    """A share of two published counts, in percent; `value` None with the reason it is missing."""

    value: float | None
    reason: str = ""

    @property
    def text(self) -> str:
        return f"{self.value:.1f}%" if self.value is not None else f"n/a: {self.reason}"


def count(value: int | None, missing: str = SUPPRESSED_TEXT) -> Count:
    """A single cell: its count, or `missing` (suppressed, or not in this release)."""
    return Count(value, reason=missing)


def total(values: list[int | None]) -> Count:
    """Sum of published members; a lower bound when any member is suppressed."""
    published = [v for v in values if v is not None]
    if not any(published) and len(published) < len(values):
        return Count(None)  # "at least 0" says nothing
    return Count(sum(published), at_least=len(published) < len(values))


def rate(numerator: Count, denominator: Count) -> Rate:
    """Numerator / denominator in percent, only from exact published counts."""
    for part in (numerator, denominator):
        if part.value is None:
            return Rate(None, part.reason)
        if part.at_least:
            return Rate(None, "includes suppressed")
    if denominator.value == 0:
        return Rate(None, "no cases")
    return Rate(100 * numerator.value / denominator.value)
