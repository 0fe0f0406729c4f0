"""The headline figures of a release and what changed since the previous period.

Only published values are compared: a suppressed value or a lower bound on either side is never
compared, and the report says so instead.
"""

from dataclasses import dataclass

from collab.periods import parse_period
from dashboards.counts import Count, Share, count, share, total
from dashboards.report.labels import UNMET
from dashboards.report.release import Release

ABSENT = "not in this release"
OPTIONAL_TABLES = {"closed_loop": "referral_loop", "answered_2d": "referral_answers"}


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: Count | Share


def _referral_rate(release: Release, table: str, dimension: str, part: str, whole: str) -> Share:
    return share(
        count(release.cell(table, **{dimension: part})),
        count(release.cell(table, **{dimension: whole})),
    )


def headlines(release: Release) -> list[Headline]:
    """Requests and how they were met, referrals and their outcomes, waitlists, people.

    Referral rates from tables that a release lacks (older releases) are left out.
    """
    services = {
        o: count(release.cell("services", outcome=o))
        for o in ("requests", "served", "partially_served")
    }
    unmet = total(count(release.cell("services", outcome=o)) for o in UNMET)
    referrals = count(release.cell("referrals", status="referrals"))
    accepted = count(release.cell("referrals", status="accepted"))
    per = " (person-months)" if len(parse_period(release.period).months) > 1 else ""
    figures = [
        Headline("requests", f"Requests for help{per}", services["requests"]),
        Headline("served", "Served", services["served"]),
        Headline("partially_served", "Partially served", services["partially_served"]),
        Headline("unmet", "Not served (all reasons)", unmet),
        Headline(
            "met_share",
            "Share of requests served or partially served",
            share(
                total([services["served"], services["partially_served"]]),
                services["requests"],
            ),
        ),
        Headline("referrals", "Referrals sent", referrals),
        Headline("acceptance", "Referrals accepted (share of sent)", share(accepted, referrals)),
        Headline(
            "closed_loop",
            "Closed loop: survivor confirmed to get help (share of accepted)",
            _referral_rate(release, "referral_loop", "loop", "got_help", "accepted"),
        ),
        Headline(
            "answered_2d",
            "Referrals answered within 2 business days (share of answered)",
            _referral_rate(release, "referral_answers", "answer", "responded_2d", "answered"),
        ),
        Headline(
            "waitlist",
            "Waiting for a service at period end",
            count(release.cell("capacity", measure="waitlist")),
        ),
        Headline(
            "people",
            f"Survivors in demographic counts{per}",
            count(release.cell("demographics", dimension="age_band", category="ALL")),
        ),
    ]
    return [
        h
        for h in figures
        if h.key not in OPTIONAL_TABLES or release.table(OPTIONAL_TABLES[h.key]) is not None
    ]


def change(current: Count | Share, previous: Count | Share | None) -> str:
    """Direction and size of the change, or why there is no comparison."""
    if previous is None:
        return "no comparison"
    if isinstance(current, Share):
        if not (current.shown and previous.shown):
            return "not compared (a rate is not shown)"
        points = current.percent - previous.percent
        if abs(points) < 0.05:
            return "no change"
        return f"{'up' if points > 0 else 'down'} {abs(points):.1f} percentage points"
    if not (current.exact and previous.exact):
        return "not compared (suppressed or a lower bound)"
    diff = current.value - previous.value
    if diff == 0:
        return "no change"
    word = "up" if diff > 0 else "down"
    if previous.value == 0:
        return f"{word} {abs(diff):,} (from 0)"
    return f"{word} {abs(diff):,} ({100 * diff / previous.value:+.1f}%)"
