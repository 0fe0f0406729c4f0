"""A funder's release is shaped like its own forms: its period and its quarters, not months."""

import csv
import io

from collab.periods import quarters_of
from transforms.release import ledger
from transforms.release.publish import publish
from transforms.release.spec import period_rows

MONTHS = [f"2026-{m:02d}" for m in range(1, 10)]


def _rows():
    return [(p, m, "LEGAL", [30, 0, 0, 0, 0, 0]) for m in MONTHS for p in ("OSE", "LEGAL-S")]


def _periods(folder) -> list[str]:
    text = (folder / "tables" / "services.csv").read_text(encoding="utf-8")
    return list(dict.fromkeys(row["period"] for row in csv.DictReader(io.StringIO(text))))


def test_quarters_of_a_period_in_its_own_calendar():
    assert quarters_of("FY2026") == ("FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4")
    assert quarters_of("2026-H1") == ("2026-Q1", "2026-Q2")
    assert quarters_of("2026") == ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
    assert quarters_of("FY2026-Q3") == () == quarters_of("2026-07")
    assert period_rows("collaborative", "2026-Q1") == ("2026-01", "2026-02", "2026-03")
    assert period_rows("funder:VOCA", "FY2026-Q3") == ()


def test_funder_releases_hold_their_period_and_quarters(warehouse, config, tmp_path):
    con = warehouse(_rows())
    reports = tmp_path / "reports"
    voca = publish(con, config, reports, "funder:VOCA", "FY2026-Q3").folder
    assert _periods(voca) == ["FY2026-Q3"]
    ovw = publish(con, config, reports, "funder:OVW", "2026-H1").folder
    assert _periods(ovw) == ["2026-Q1", "2026-Q2", "2026-H1"]
    # The collaborative keeps its months.
    quarter = publish(con, config, reports, "collaborative", "2026-Q1").folder
    assert _periods(quarter) == ["2026-01", "2026-02", "2026-03", "2026-Q1"]
    # The quarter rows add up: OSE's 30 legal requests a month, three months a quarter.
    text = (ovw / "tables" / "services.csv").read_text(encoding="utf-8")
    requests = {
        row["period"]: row["value"]
        for row in csv.DictReader(io.StringIO(text))
        if (row["region"], row["need"], row["outcome"]) == ("ALL", "LEGAL", "requests")
    }
    assert requests == {"2026-Q1": "90", "2026-Q2": "90", "2026-H1": "180"}
    recorded = {r.release_id: r.period_rows for r in ledger.releases(con)}
    assert recorded["funder:OVW/2026-H1/v1"] == ("2026-Q1", "2026-Q2")


def test_a_release_published_with_months_is_rebuilt_with_months(
    warehouse, config, tmp_path, monkeypatch
):
    con = warehouse(_rows())
    reports = tmp_path / "reports"
    # Published as before funder shapes: the ledger records no period rows (its months).
    with monkeypatch.context() as before:
        before.setattr("transforms.release.publish.period_rows", lambda audience, period: None)
        publish(con, config, reports, "funder:OVW", "2026-H1")
    assert ledger.releases(con)[0].period_rows is None
    again = publish(con, config, reports, "funder:OVW", "2026-H1")
    # Unchanged data: rewritten from the ledger as published, not a new version in quarters.
    assert (again.rebuilt, again.version) == (True, 1)
    assert _periods(again.folder) == [*MONTHS[:6], "2026-H1"]
