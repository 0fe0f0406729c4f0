from pathlib import Path

import polars as pl

from collab import contract
from dashboards.report.document import Chart
from dashboards.report.release import Release
from dashboards.report.voca import CATEGORIES, NEED_CATEGORY, voca_section


def test_every_need_code_maps_to_one_voca_category():
    assert set(NEED_CATEGORY) == set(contract.NEEDS)
    assert set(NEED_CATEGORY.values()) == set(CATEGORIES)


def _services(rows) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "period": pl.String,
            "region": pl.String,
            "need": pl.String,
            "outcome": pl.String,
            "value": pl.Int64,
            "flag": pl.String,
        },
        orient="row",
    )


def test_a_category_with_a_suppressed_need_is_at_least_its_published_sum():
    services = _services(
        [
            ("FY2026-Q4", "ALL", "LEGAL", "requests", 40, ""),
            ("FY2026-Q4", "ALL", "PUBLIC_SAFETY", "requests", None, "suppressed"),
            ("FY2026-Q4", "ALL", "CUSTODY_FAMILY_COURT", "requests", 12, ""),
            ("FY2026-Q4", "ALL", "EMERGENCY_HOUSING", "requests", 30, ""),
        ]
    )
    release = Release(
        Path("."), {"audience": "funder:VOCA", "period": "FY2026-Q4"}, {"services": services}
    )
    chart = next(b for b in voca_section(release).blocks if isinstance(b, Chart))
    rows = {row[0].text: row[1] for row in chart.table.rows}
    assert rows["E. Criminal/civil justice system assistance"].text == "at least 52"
    assert rows["E. Criminal/civil justice system assistance"].kind == "at_least"
    assert rows["D. Shelter/housing services"].text == "30"
    assert rows["A. Information & referral"].text == "suppressed"
