from datetime import date

import pytest

from collab import contract
from collab.periods import (
    CALENDAR_KINDS,
    is_due,
    month_range,
    nearest_period,
    parse_period,
    periods_of_month,
    previous_period,
)


@pytest.mark.parametrize(
    ("name", "first", "last", "count"),
    [
        ("2026-07", "2026-07", "2026-07", 1),
        ("2026-Q3", "2026-07", "2026-09", 3),
        ("FY2026-Q1", "2025-10", "2025-12", 3),
        ("FY2026-Q4", "2026-07", "2026-09", 3),
        ("2026-H1", "2026-01", "2026-06", 6),
        ("2026-H2", "2026-07", "2026-12", 6),
        ("2026", "2026-01", "2026-12", 12),
        ("FY2026", "2025-10", "2026-09", 12),
    ],
)
def test_period_months(name, first, last, count):
    months = parse_period(name).months
    assert (months[0], months[-1], len(months)) == (first, last, count)


@pytest.mark.parametrize("name", ["2026-13", "2026-Q5", "FY26", "2026-H3", "july"])
def test_bad_period_names_are_refused(name):
    with pytest.raises(ValueError, match="is not one of"):
        parse_period(name)


def test_every_month_sits_in_its_periods():
    for month in month_range("2024-10", "2026-09"):
        for kind, name in periods_of_month(month).items():
            period = parse_period(name)
            assert period.kind == kind
            assert month in period.months


@pytest.mark.parametrize(
    ("name", "previous"),
    [
        ("2026-01", "2025-12"),
        ("2026-07", "2026-06"),
        ("2026-Q1", "2025-Q4"),
        ("2026-Q3", "2026-Q2"),
        ("FY2026-Q1", "FY2025-Q4"),
        ("FY2026-Q4", "FY2026-Q3"),
        ("2026-H1", "2025-H2"),
        ("2026-H2", "2026-H1"),
        ("2026", "2025"),
        ("FY2026", "FY2025"),
    ],
)
def test_previous_period_is_the_same_kind_just_before(name, previous):
    assert previous_period(name) == previous
    assert parse_period(previous).months[-1] < parse_period(name).months[0]


def test_every_funder_calendar_reports_on_one_period_kind():
    assert set(CALENDAR_KINDS) == set(contract.FUNDER_CALENDARS)
    assert set(CALENDAR_KINDS.values()) <= set(periods_of_month("2026-07"))


@pytest.mark.parametrize(
    ("name", "kind", "nearest"),
    [
        ("2026-Q3", "fiscal_quarter", "FY2026-Q4"),  # the same three months
        ("2026-11", "fiscal_quarter", "FY2027-Q1"),  # the quarter holding the month
        ("2026-H1", "fiscal_quarter", "FY2026-Q3"),  # two quarters tie: the later one
        ("2026-07", "half", "2026-H2"),
        ("FY2026-Q4", "half", "2026-H2"),
        ("2026", "fiscal_year", "FY2026"),  # nine months of FY2026, three of FY2027
        ("FY2026", "quarter", "2026-Q3"),
        ("2026-Q3", "month", "2026-09"),
        ("FY2026-Q4", "fiscal_quarter", "FY2026-Q4"),
    ],
)
def test_nearest_period_of_a_kind(name, kind, nearest):
    assert nearest_period(name, kind) == nearest


def test_a_month_is_due_once_its_due_day_has_passed():
    assert not is_due("2026-11", 15, date(2026, 12, 14))
    assert not is_due("2026-11", 15, date(2026, 12, 15))  # on the due day, files may still come
    assert is_due("2026-11", 15, date(2026, 12, 16))
    assert is_due("2026-12", 10, date(2027, 1, 11))
