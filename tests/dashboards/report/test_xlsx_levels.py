"""Excel that sums right: labels beside codes, and detail rows told apart from totals."""

from pathlib import Path

import polars as pl

from dashboards.report.release import Release
from dashboards.report.xlsx import code_labels, with_levels


def _release() -> Release:
    rows = [
        (period, region, need, outcome, value)
        for period in ("2026-07", "2026-08", "2026-Q3")
        for region in ("NORTH", "ALL")
        for need in ("LEGAL", "ALL")
        for outcome, value in (("requests", 30), ("served", 30))
    ]
    frame = pl.DataFrame(
        rows, schema=["period", "region", "need", "outcome", "value"], orient="row"
    ).with_columns(pl.lit("").alias("flag"))
    manifest = {
        "audience": "collaborative",
        "period": "2026-Q3",
        "tables": [
            {
                "file": "tables/services.csv",
                "total_members": {
                    "period": "2026-Q3",
                    "region": "ALL",
                    "need": "ALL",
                    "outcome": "requests",
                },
            }
        ],
    }
    return Release(Path("."), manifest, {"services": frame})


def test_detail_rows_are_the_ones_at_no_total_member(example_config):
    labelled = with_levels(
        _release().tables["services"], _release(), "services", code_labels(example_config)
    )
    assert labelled.columns[:7] == [
        "period",
        "region",
        "region_label",
        "need",
        "need_label",
        "outcome",
        "outcome_label",
    ]
    detail = labelled.filter(pl.col("level") == "detail")
    # Two months, one region, one need, one outcome below the totals: nothing counted twice.
    assert detail.height == 2 and set(detail["period"]) == {"2026-07", "2026-08"}
    assert detail.select("region_label", "need_label").unique().rows() == [
        ("North County", "Legal support and guidance (protection orders, immigration, …)")
    ]
    grand = labelled.filter(pl.col("total_of") == "period, region, need, outcome")
    assert grand.height == 1
