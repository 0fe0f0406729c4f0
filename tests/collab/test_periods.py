import pytest

from collab.periods import month_range, parse_period, periods_of_month, previous_period


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
