from pathlib import Path

import polars as pl

from dashboards.report.document import BulletList, Table
from dashboards.report.release import Release
from dashboards.report.summary import summary_section

SCHEMA = {
    "period": pl.String,
    "region": pl.String,
    "need": pl.String,
    "outcome": pl.String,
    "value": pl.Int64,
    "flag": pl.String,
}


def _release(period: str, requests: dict[str, int | None]) -> Release:
    rows = [
        (period, "ALL", n, "requests", v, "" if v is not None else "suppressed")
        for n, v in requests.items()
    ]
    services = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    return Release(
        Path(period), {"audience": "collaborative", "period": period}, {"services": services}
    )


def test_changes_compare_published_values_only():
    now = _release("2026-10", {"LEGAL": 120, "MEDICAL": None, "PET_CARE": 30, "ALL": 400})
    before = _release("2026-09", {"LEGAL": 100, "MEDICAL": 90, "PET_CARE": None, "ALL": 380})
    section = summary_section(now, before, "")
    table = next(b for b in section.blocks if isinstance(b, Table))
    requests = next(r for r in table.rows if r[0].text.startswith("Requests"))
    assert [c.text for c in requests[1:]] == ["400", "380", "up 20 (+5.3%)"]
    largest = next(b for b in section.blocks if isinstance(b, BulletList)).items
    assert largest == ["Legal support and guidance: requests up 20 (+20.0%), 100 to 120"]


def test_without_a_previous_release_the_summary_says_why():
    now = _release("2026-10", {"ALL": 400})
    section = summary_section(now, None, "the warehouse has no data for 2026-09")
    texts = [getattr(b, "text", "") for b in section.blocks]
    assert any("the warehouse has no data for 2026-09" in t for t in texts)
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.columns == ["Figure", "2026-10"]
