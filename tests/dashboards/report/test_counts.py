from dashboards.report.counts import Count, count, rate, total
from dashboards.report.headline import change


def test_a_suppressed_count_says_so_and_is_never_zero():
    assert count(None).text == "suppressed"
    assert count(0).text == "0"


def test_a_sum_with_suppressed_members_is_a_lower_bound():
    assert total([10, None, 5]) == Count(15, at_least=True)
    assert total([10, None, 5]).text == "at least 15"
    assert total([10, 20]).text == "30"
    assert total([None, None]).value is None
    assert total([0, None]).value is None  # "at least 0" would say nothing


def test_rates_only_from_exact_published_counts():
    assert rate(count(25), count(100)).text == "25.0%"
    assert rate(count(None), count(100)).value is None
    assert rate(count(25), count(None)).text == "n/a: suppressed"
    assert rate(total([25, None]), count(100)).text == "n/a: includes suppressed"
    assert rate(count(0), count(0)).text == "n/a: no cases"


def test_changes_compare_only_published_values():
    assert change(count(120), count(100)) == "up 20 (+20.0%)"
    assert change(count(80), count(100)) == "down 20 (-20.0%)"
    assert change(count(100), count(100)) == "no change"
    assert change(count(None), count(100)).startswith("not compared")
    assert change(count(100), count(None)).startswith("not compared")
    assert change(total([100, None]), count(90)).startswith("not compared")
    assert change(rate(count(30), count(100)), rate(count(20), count(100))) == (
        "up 10.0 percentage points"
    )
    assert change(rate(count(None), count(100)), rate(count(20), count(100))).startswith(
        "not compared"
    )
