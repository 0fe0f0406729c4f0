import polars as pl
import pytest

from transforms.metrics import Scope, funder_scope
from transforms.metrics.rates import rate
from transforms.metrics.scope import with_scope_total


def test_a_period_scope_takes_the_period_months_and_name():
    scope = Scope.of_period("FY2026-Q1", ["DVC-N"])
    assert scope == Scope(("2025-10", "2025-11", "2025-12"), ("DVC-N",), "FY2026-Q1")
    assert (scope.last_month, scope.total_period) == ("2025-12", "FY2026-Q1")
    assert Scope(["2026-07"]).total_period == "2026-07"
    assert Scope(["2026-07", "2026-08"]).months == ("2026-07", "2026-08")


@pytest.mark.parametrize(
    ("months", "name", "message"),
    [
        ([], "ALL", "at least one month"),
        (["2026-7"], "ALL", "YYYY-MM"),
        (["2026-08", "2026-07"], "ALL", "in order"),
        (["2026-07", "2026-07"], "ALL", "in order"),
        (["2026-07", "2026-08"], "2026-08", "mistaken"),
    ],
)
def test_bad_scopes_are_refused(months, name, message):
    with pytest.raises(ValueError, match=message):
        Scope(months, None, name)


def test_a_funder_scope_has_the_funders_partners(warehouse):
    assert funder_scope(warehouse.con, "VOCA", "2026-Q1") == Scope.of_period(
        "2026-Q1", ["DVC-N", "SHELTER-N"]
    )
    with pytest.raises(ValueError, match="no partners"):
        funder_scope(warehouse.con, "NOBODY", "2026-Q1")


def test_home_region_is_the_first_listed(home):
    assert home == {"DVC-N": "NORTH", "SHELTER-N": "NORTH", "PD-S": "SOUTH", "LEGAL-E": "EAST"}


def test_scope_totals_add_flows_and_keep_the_last_month_of_stocks():
    scope = Scope.of_period("2026-Q1")
    monthly = pl.DataFrame({"period": ["2026-03", "2026-01"], "need": ["LEGAL"] * 2, "n": [2, 5]})
    flows = with_scope_total(monthly, scope, ["need"])
    assert flows.rows() == [
        ("2026-01", "LEGAL", 5),
        ("2026-03", "LEGAL", 2),
        ("2026-Q1", "LEGAL", 7),
    ]
    stock = with_scope_total(monthly, scope, ["need"], stock=True)
    assert stock.rows()[-1] == ("2026-Q1", "LEGAL", 2)


def test_rates_are_null_on_a_zero_denominator():
    counts = pl.DataFrame({"part": [1, 0, 0], "whole": [4, 0, None]})
    assert counts.select(rate("part", "whole"))["part"].to_list() == [0.25, None, None]
