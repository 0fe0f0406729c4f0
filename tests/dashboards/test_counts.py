"""Published counts, lower bounds and shares, as the reports and the dashboards both read them."""

from dashboards.counts import Count, count, share, total, whole_percent


def test_a_suppressed_count_says_so_and_is_never_zero():
    assert count(None).text == "suppressed"
    assert count(None, "not in this release").text == "not in this release"
    assert count(0).text == "0"
    assert count(1234).text == "1,234"


def test_a_sum_with_suppressed_members_is_a_lower_bound():
    assert total([count(10), count(None), count(5)]) == Count(15, at_least=True)
    assert total([count(10), count(None), count(5)]).text == "at least 15"
    assert total([count(10), count(20)]).text == "30"
    assert total([count(None), count(None)]).value is None
    assert total([count(0), count(None)]).value is None  # "at least 0" would say nothing
    assert total([total([count(3), count(None)]), count(4)]) == Count(7, at_least=True)


def test_a_sum_says_which_missing_member_made_it_incomplete():
    absent = count(None, "not in this release")
    assert total([count(0), absent, count(None)]).reason == "not in this release"
    assert total([count(2), absent]).reason == "not in this release"


def test_shares_only_from_exact_published_counts():
    assert share(count(25), count(100)).text == "25.0%"
    assert share(count(25), count(100)).fraction == 0.25
    assert not share(count(None), count(100)).shown
    assert share(count(25), count(None)).text == "n/a: suppressed"
    assert share(total([count(25), count(None)]), count(100)).text == "n/a: includes suppressed"
    assert share(count(25), total([count(90), count(None)])).text == "n/a: includes suppressed"
    assert share(count(0), count(0)).text == "n/a: no cases"
    assert share(count(0), count(0), "no requests").reason == "no requests"


def test_a_lower_bound_share_only_when_asked_and_only_of_the_part():
    floor = total([count(12), count(None)])
    bound = share(floor, count(40), lower_bound=True)
    assert bound.shown and bound.at_least and bound.fraction == 0.3
    assert not share(count(12), floor, lower_bound=True).shown


def test_whole_percent_never_rounds_a_share_to_none_or_all():
    assert [whole_percent(f) for f in (0.0, 0.004, 0.005, 0.125, 0.42, 0.995, 1.0)] == [
        "0%",
        "<1%",
        "1%",
        "13%",
        "42%",
        ">99%",
        "100%",
    ]
