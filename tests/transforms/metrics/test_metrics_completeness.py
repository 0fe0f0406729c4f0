import polars as pl
import pytest
from polars.testing import assert_frame_equal

from collab import contract
from transforms.metrics import Scope
from transforms.metrics.completeness import funder_completeness, submission_completeness

Q1 = Scope.of_period("2026-Q1")
ON_TIME = {"2026-01": "2026-02-10T09:00:00", "2026-02": "2026-03-10T09:00:00"}
ON_TIME["2026-03"] = "2026-04-10T09:00:00"


@pytest.fixture
def submissions(warehouse):
    def all_exports(partner_id, period, **late):
        for export in contract.EXPORTS:
            warehouse.submitted(partner_id, export, period, late.get(export, ON_TIME[period]))

    for month in ON_TIME:
        all_exports("DVC-N", month)
    # SHELTER-N: a late correction of an on-time file is not late; a late file is;
    # March has only a quarantined file.
    all_exports("SHELTER-N", "2026-01")
    warehouse.con.execute("UPDATE submissions SET status = 'superseded', is_current = false")
    warehouse.submitted("SHELTER-N", "services", "2026-01", "2026-03-01T09:00:00", revision=2)
    all_exports("SHELTER-N", "2026-02", services="2026-03-20T09:00:00")
    warehouse.submitted("SHELTER-N", "capacity", "2026-03", ON_TIME["2026-03"], "quarantined")
    # PD-S joins in February: its January files are not owed, so they do not count.
    for month in ON_TIME:
        all_exports("PD-S", month)
    # LEGAL-E sends nothing.
    return warehouse.con


COLUMNS = ["period", "partner_id", "expected", "accepted", "late", "completeness"]


def test_files_owed_accepted_and_late_per_partner(submissions):
    expected = pl.DataFrame(
        [
            ("2026-01", "DVC-N", 4, 4, 0, 1.0),
            ("2026-01", "LEGAL-E", 4, 0, 0, 0.0),
            ("2026-01", "PD-S", 0, 0, 0, None),
            ("2026-01", "SHELTER-N", 4, 4, 0, 1.0),
            ("2026-02", "DVC-N", 4, 4, 0, 1.0),
            ("2026-02", "LEGAL-E", 4, 0, 0, 0.0),
            ("2026-02", "PD-S", 4, 4, 0, 1.0),
            ("2026-02", "SHELTER-N", 4, 4, 1, 1.0),
            ("2026-03", "DVC-N", 4, 4, 0, 1.0),
            ("2026-03", "LEGAL-E", 4, 0, 0, 0.0),
            ("2026-03", "PD-S", 4, 4, 0, 1.0),
            ("2026-03", "SHELTER-N", 4, 0, 0, 0.0),
            ("2026-Q1", "DVC-N", 12, 12, 0, 1.0),
            ("2026-Q1", "LEGAL-E", 12, 0, 0, 0.0),
            ("2026-Q1", "PD-S", 8, 8, 0, 1.0),
            ("2026-Q1", "SHELTER-N", 12, 8, 1, 8 / 12),
        ],
        schema=COLUMNS,
        orient="row",
    )
    assert_frame_equal(submission_completeness(submissions, Q1), expected)


FUNDER_COLUMNS = ["period", "funder_id", "partners", "expected", "accepted", "late"]
FUNDER_COLUMNS.append("completeness")


def test_completeness_per_funder_over_its_partners(submissions):
    expected = pl.DataFrame(
        [
            ("2026-01", "FDN", 2, 4, 0, 0, 0.0),
            ("2026-01", "VOCA", 2, 8, 8, 0, 1.0),
            ("2026-02", "FDN", 2, 8, 4, 0, 0.5),
            ("2026-02", "VOCA", 2, 8, 8, 1, 1.0),
            ("2026-03", "FDN", 2, 8, 4, 0, 0.5),
            ("2026-03", "VOCA", 2, 8, 4, 0, 0.5),
            ("2026-Q1", "FDN", 2, 20, 8, 0, 0.4),
            ("2026-Q1", "VOCA", 2, 24, 20, 1, 20 / 24),
        ],
        schema=FUNDER_COLUMNS,
        orient="row",
    )
    assert_frame_equal(funder_completeness(submissions, Q1), expected)


def test_a_funder_scope_has_only_that_funder(submissions):
    fdn = Scope.of_period("2026-01", ["PD-S", "LEGAL-E"])
    expected = pl.DataFrame(
        [("2026-01", "FDN", 2, 4, 0, 0, 0.0)], schema=FUNDER_COLUMNS, orient="row"
    )
    assert_frame_equal(funder_completeness(submissions, fdn), expected)
