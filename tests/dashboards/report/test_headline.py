"""What changed since the previous period: only values published in both are compared."""

from dashboards.counts import count, share, total
from dashboards.report.headline import change


def test_changes_compare_only_published_values():
    assert change(count(120), count(100)) == "up 20 (+20.0%)"
    assert change(count(80), count(100)) == "down 20 (-20.0%)"
    assert change(count(100), count(100)) == "no change"
    assert change(count(None), count(100)).startswith("not compared")
    assert change(count(100), count(None)).startswith("not compared")
    assert change(total([count(100), count(None)]), count(90)).startswith("not compared")
    assert change(share(count(30), count(100)), share(count(20), count(100))) == (
        "up 10.0 percentage points"
    )
    assert change(share(count(None), count(100)), share(count(20), count(100))).startswith(
        "not compared"
    )
