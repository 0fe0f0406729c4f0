"""Reporting periods of the contract: months, quarters, federal fiscal quarters, halves, years.

`2026-07` month, `2026-Q3` calendar quarter, `FY2026-Q4` federal fiscal quarter (FY2026-Q1 is
Oct–Dec 2025), `2026-H1`/`2026-H2` semi-annual, `2026` calendar year, `FY2026` fiscal year.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERNS = {
    "month": re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$"),
    "quarter": re.compile(r"^(?P<year>\d{4})-Q(?P<n>[1-4])$"),
    "fiscal_quarter": re.compile(r"^FY(?P<year>\d{4})-Q(?P<n>[1-4])$"),
    "half": re.compile(r"^(?P<year>\d{4})-H(?P<n>[12])$"),
    "year": re.compile(r"^(?P<year>\d{4})$"),
    "fiscal_year": re.compile(r"^FY(?P<year>\d{4})$"),
}


@dataclass(frozen=True)
class Period:
    """A named reporting period and the months (`YYYY-MM`) it covers, in order."""

    name: str
    kind: str
    months: tuple[str, ...]


def month_index(month: str) -> int:
    """Months since year 0, so that month arithmetic is integer arithmetic."""
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def month_name(index: int) -> str:
    """Inverse of `month_index`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_range(first: str, last: str) -> tuple[str, ...]:
    """Every month from `first` to `last`, both included."""
    return tuple(month_name(i) for i in range(month_index(first), month_index(last) + 1))


def add_months(month: str, n: int) -> str:
    """The month `n` months after `month` (negative `n` goes back)."""
    return month_name(month_index(month) + n)


def parse_period(name: str) -> Period:
    """Parse a period name; raises ValueError naming the accepted forms."""
    for kind, pattern in _PATTERNS.items():
        match = pattern.match(name)
        if match is None:
            continue
        year = int(match["year"])
        if kind == "month":
            first = last = name
        elif kind == "quarter":
            n = int(match["n"])
            first, last = f"{year}-{3 * n - 2:02d}", f"{year}-{3 * n:02d}"
        elif kind == "fiscal_quarter":
            first = add_months(f"{year - 1}-10", 3 * (int(match["n"]) - 1))
            last = add_months(first, 2)
        elif kind == "half":
            first, last = (
                (f"{year}-01", f"{year}-06")
                if match["n"] == "1"
                else (
                    f"{year}-07",
                    f"{year}-12",
                )
            )
        elif kind == "year":
            first, last = f"{year}-01", f"{year}-12"
        else:
            first, last = f"{year - 1}-10", f"{year}-09"
        return Period(name=name, kind=kind, months=month_range(first, last))
    raise ValueError(
        f"period {name!r} is not one of YYYY-MM, YYYY-Qn, FYYYYY-Qn, YYYY-H1/H2, YYYY, FYYYYY"
    )


def periods_of_month(month: str) -> dict[str, str]:
    """Every period a month belongs to, by kind: the rows of the warehouse's periods dimension."""
    year, mon = (int(part) for part in month.split("-"))
    fiscal_year = year + 1 if mon >= 10 else year
    fiscal_quarter = ((mon - 10) % 12) // 3 + 1
    return {
        "month": month,
        "quarter": f"{year}-Q{(mon - 1) // 3 + 1}",
        "fiscal_quarter": f"FY{fiscal_year}-Q{fiscal_quarter}",
        "half": f"{year}-H{1 if mon <= 6 else 2}",
        "year": str(year),
        "fiscal_year": f"FY{fiscal_year}",
    }


def quarters_of(name: str) -> tuple[str, ...]:
    """The quarters a period longer than a quarter is made of; () for a quarter or shorter.

    Named in the period's own calendar: a fiscal year's are fiscal quarters (`FY2026-Q1`),
    a half's or a calendar year's are calendar quarters (`2026-Q1`).
    """
    period = parse_period(name)
    if len(period.months) <= 3:
        return ()
    kind = "fiscal_quarter" if period.kind == "fiscal_year" else "quarter"
    return tuple(dict.fromkeys(periods_of_month(month)[kind] for month in period.months))


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def period_dates(name: str) -> str:
    """The period in words, as a funder's form gives it: `July 1 – September 30, 2026`.

    The first day's year is named only when it differs from the last day's.
    """
    months = parse_period(name).months
    first_year, first_month = (int(part) for part in months[0].split("-"))
    last_year, last_month = (int(part) for part in months[-1].split("-"))
    last_day = calendar.monthrange(last_year, last_month)[1]
    start = f"{MONTH_NAMES[first_month - 1]} 1"
    if first_year != last_year:
        start += f", {first_year}"
    return f"{start} \u2013 {MONTH_NAMES[last_month - 1]} {last_day}, {last_year}"


def due_date(month: str, due_day: int) -> date:
    """When a month's files are due: `due_day` of the following month."""
    year, mon = (int(part) for part in add_months(month, 1).split("-"))
    return date(year, mon, due_day)


def previous_period(name: str) -> str:
    """The period of the same kind just before `name` (`2026-Q1` -> `2025-Q4`), for comparisons."""
    period = parse_period(name)
    first = add_months(period.months[0], -len(period.months))
    return periods_of_month(first)[period.kind]


# The period kind each funder `calendar` reports on (`funders[].calendar` in the config).
CALENDAR_KINDS = {
    "monthly": "month",
    "calendar_quarter": "quarter",
    "federal_quarter": "fiscal_quarter",
    "semiannual": "half",
    "annual_federal": "fiscal_year",
}

# The period kind of each funder calendar, and the months in which one of its periods has
# just ended (its last month is the month before).
CALENDARS = {
    calendar: (CALENDAR_KINDS[calendar], ends)
    for calendar, ends in {
        "monthly": tuple(range(1, 13)),
        "calendar_quarter": (1, 4, 7, 10),
        "federal_quarter": (1, 4, 7, 10),
        "semiannual": (1, 7),
        "annual_federal": (10,),
    }.items()
}


def latest_due_month(when: date, due_day: int) -> str:
    """The latest month whose deadline (`due_day` of the next month) has passed by `when`."""
    month = f"{when.year:04d}-{when.month:02d}"
    return add_months(month, -1 if when.day > due_day else -2)


def period_just_ended(when: date, calendar: str, due_day: int) -> str:
    """The calendar's latest period whose last month's deadline has passed by `when`."""
    kind = CALENDARS[calendar][0]
    last = latest_due_month(when, due_day)
    period = parse_period(periods_of_month(last)[kind])
    if period.months[-1] != last:  # still running: the one before has ended
        period = parse_period(periods_of_month(add_months(period.months[0], -1))[kind])
    return period.name


def is_due(month: str, due_day: int, today: date) -> bool:
    """Whether a month's deadline has passed: on its due date itself it is not due yet."""
    return due_date(month, due_day) < today


def nearest_period(name: str, kind: str) -> str:
    """The period of `kind` sharing the most months with `name`; the later one on a tie."""
    months = set(parse_period(name).months)
    candidates = {periods_of_month(month)[kind] for month in months}
    return max(
        candidates,
        key=lambda c: (len(months & set(parse_period(c).months)), parse_period(c).months[-1]),
    )
