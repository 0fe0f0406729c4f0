"""Releases that must not exist are refused before anything is written; provisional ones say so."""

import json
from datetime import date, datetime

import pytest

from transforms.release.eligibility import ReleaseRefused, publish_release, refusal

# The example collaborative's files are due by the 15th of the next month.
BEFORE_DEADLINE = date(2026, 8, 10)
AFTER_DEADLINE = date(2026, 8, 16)
LEDGER = ("ledger_releases", "ledger_cells", "ledger_inputs")


def _accepted(con, rows) -> None:
    """The submissions behind the facts: one accepted services file per partner and month."""
    for partner, month in sorted({(p, m) for p, m, _, _ in rows}):
        con.execute(
            "INSERT INTO submissions VALUES (?, 'services', ?, 1, ?, ?, ?, 100, ?, ?, "
            "'accepted', true, 0, 0, NULL, NULL)",
            [
                partner,
                month,
                f"{partner}_services_{month}.csv",
                f"{month}/{partner}_services_{month}.csv",
                f"{partner}{month}".ljust(64, "0"),
                datetime(2026, 8, 1),
                datetime(2026, 8, 1),
            ],
        )


@pytest.fixture
def july(warehouse):
    rows = [
        ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
        ("DSS", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0]),
        ("DSS", "2026-07", "MEDICAL", [40, 0, 0, 0, 0, 0]),
    ]
    con = warehouse(rows)
    _accepted(con, rows)
    return con


def _ledger_rows(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LEDGER}


def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text())


def test_a_month_not_due_is_refused_and_nothing_is_written(july, config, tmp_path):
    reports = tmp_path / "reports"
    before = _ledger_rows(july)
    with pytest.raises(
        ReleaseRefused, match=r"not due yet \(2026-07's files are due by 2026-08-15"
    ):
        publish_release(july, config, reports, "collaborative", "2026-07", today=BEFORE_DEADLINE)
    assert not reports.exists()
    assert _ledger_rows(july) == before
    # On the due day itself partners may still send files.
    assert refusal(july, config, "collaborative", "2026-07", date(2026, 8, 15)) is not None
    assert refusal(july, config, "collaborative", "2026-07", AFTER_DEADLINE) is None


@pytest.mark.parametrize(
    ("audience", "period", "span"),
    [
        ("collaborative", "2027-Q1", "2027-01 to 2027-03"),  # a future quarter
        ("collaborative", "2026-06", "2026-06"),
        ("funder:VOCA", "FY2025-Q4", "2025-07 to 2025-09"),  # before its partners' data
        ("funder:OVW", "2026-H1", "2026-01 to 2026-06"),
    ],
)
def test_a_period_without_data_is_refused_even_provisionally(
    july, config, tmp_path, audience, period, span
):
    reports = tmp_path / "reports"
    before = _ledger_rows(july)
    for provisional in (False, True):
        with pytest.raises(ReleaseRefused) as refused:
            publish_release(
                july,
                config,
                reports,
                audience,
                period,
                provisional=provisional,
                today=date(2027, 6, 1),
            )
        assert str(refused.value) == (
            f"{audience} {period}: no partner of this audience has an accepted submission for "
            f"{span}; nothing was written"
        )
    assert not reports.exists()
    assert _ledger_rows(july) == before


def test_only_the_audiences_partners_count_as_data(warehouse, config):
    # COMMFDN funds FAITH-1, CAMPUS-U and OSE; only DSS sent July.
    rows = [("DSS", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0])]
    con = warehouse(rows)
    _accepted(con, rows)
    assert "no partner of this audience" in refusal(
        con, config, "funder:COMMFDN", "FY2026", AFTER_DEADLINE
    )
    assert refusal(con, config, "funder:VOCA", "FY2026-Q4", date(2026, 10, 16)) is None
    # A quarantined or withdrawn file is no data.
    con.execute("UPDATE submissions SET status = 'quarantined', is_current = false")
    assert "no partner of this audience" in refusal(
        con, config, "funder:VOCA", "FY2026-Q4", date(2026, 10, 16)
    )


@pytest.mark.parametrize(
    ("audience", "period", "message"),
    [
        (
            "funder:VOCA",
            "2026-Q3",
            "funder:VOCA reports on federal quarters (calendar federal_quarter), not 2026-Q3; "
            "the nearest is FY2026-Q4",
        ),
        (
            "funder:VOCA",
            "2026-07",
            "funder:VOCA reports on federal quarters (calendar federal_quarter), not 2026-07; "
            "the nearest is FY2026-Q4",
        ),
        (
            "funder:OVW",
            "FY2026-Q4",
            "funder:OVW reports on half-years (calendar semiannual), not FY2026-Q4; "
            "the nearest is 2026-H2",
        ),
        (
            "funder:COMMFDN",
            "2026",
            "funder:COMMFDN reports on federal fiscal years (calendar annual_federal), not 2026; "
            "the nearest is FY2026",
        ),
    ],
)
def test_a_funder_period_off_its_calendar_is_refused_naming_the_nearest(
    july, config, tmp_path, audience, period, message
):
    with pytest.raises(ReleaseRefused) as refused:
        publish_release(
            july, config, tmp_path / "reports", audience, period, today=date(2027, 1, 1)
        )
    assert str(refused.value) == f"{message}; nothing was written"
    assert not (tmp_path / "reports").exists()


def test_the_collaborative_may_publish_any_period_kind(july, config):
    for period in ("2026-07", "2026-Q3", "FY2026-Q4", "2026-H2", "2026", "FY2026"):
        assert refusal(july, config, "collaborative", period, date(2028, 1, 1)) is None


def test_a_provisional_release_is_recorded_and_never_becomes_final_by_itself(
    july, config, tmp_path
):
    reports = tmp_path / "reports"
    folder = reports / "collaborative" / "2026-07"
    early = publish_release(
        july, config, reports, "collaborative", "2026-07", provisional=True, today=BEFORE_DEADLINE
    )
    manifest = _manifest(folder)
    assert (early.version, manifest["version"], manifest["provisional"]) == (1, 1, True)
    # In the ledger like any publication: whatever comes later is protected against it.
    assert _ledger_rows(july)["ledger_releases"] == 1
    assert july.execute("SELECT release_id, final_at FROM provisional_releases").fetchall() == [
        ("collaborative/2026-07/v1", None)
    ]
    # Rebuilt before the deadline it stays provisional; without --provisional it is refused.
    publish_release(
        july, config, reports, "collaborative", "2026-07", provisional=True, today=BEFORE_DEADLINE
    )
    assert _manifest(folder)["provisional"] is True
    with pytest.raises(ReleaseRefused, match="not due yet"):
        publish_release(july, config, reports, "collaborative", "2026-07", today=BEFORE_DEADLINE)
    assert _manifest(folder)["provisional"] is True

    # A late file changes July: the final release is a new version, the provisional one filed.
    rows = [("FAITH-1", "2026-07", "FOOD", [12, 0, 0, 0, 0, 0])]
    july.execute(
        "INSERT INTO services BY NAME SELECT 'FAITH-1' AS partner_id, '2026-07' AS period, "
        "'FOOD' AS need, 12 AS requests, 12 AS served, 0 AS partially_served, "
        "0 AS unmet_capacity, 0 AS unmet_eligibility, 0 AS unmet_declined, 0 AS unmet_other, "
        "2 AS source_row, 1 AS revision"
    )
    _accepted(july, rows)
    final = publish_release(july, config, reports, "collaborative", "2026-07", today=AFTER_DEADLINE)
    assert (final.version, final.rebuilt) == (2, False)
    assert "provisional" not in _manifest(folder)
    assert _manifest(folder / "versions" / "v1")["provisional"] is True
    assert july.execute("SELECT count(*) FROM provisional_releases").fetchone() == (1,)


def test_a_final_release_of_unchanged_provisional_data_records_when_it_became_final(
    july, config, tmp_path
):
    reports = tmp_path / "reports"
    folder = reports / "collaborative" / "2026-07"
    publish_release(
        july, config, reports, "collaborative", "2026-07", provisional=True, today=BEFORE_DEADLINE
    )
    final = publish_release(
        july, config, reports, "collaborative", "2026-07", provisional=True, today=AFTER_DEADLINE
    )
    # Due now: final whatever --provisional says; the same cells, re-issued.
    assert (final.version, final.rebuilt) == (1, True)
    assert "provisional" not in _manifest(folder)
    (final_at,) = july.execute("SELECT final_at FROM provisional_releases").fetchone()
    assert final_at is not None
