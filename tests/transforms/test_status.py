"""Submission status: the optional `feedback` export is never missing."""

import os
import shutil
from datetime import date, datetime

import duckdb
import polars as pl
import pytest

from collab import contract
from collab.config import load_config
from expectations.inbox import scan_inbox
from pipelines.defs.ingest.intake import take_in_by_month
from transforms.cross_file import missing_findings
from transforms.schema import create_schema
from transforms.status import submission_status
from transforms.warehouse import dimension_frames, replace_tables

TODAY = date(2026, 12, 1)  # 2026-07 and 2026-08 are due


@pytest.fixture
def warehouse(tmp_path, examples):
    """OSE sends every example file in 2026-07 and the required ones in 2026-08 (no feedback);
    DSS sends the required exports, without rows, in 2026-07; nobody else sends anything."""
    inbox = tmp_path / "inbox"
    for month in ("2026-07", "2026-08"):
        (inbox / month).mkdir(parents=True)
    for example in sorted(examples.glob("*.csv")):
        shutil.copy(example, inbox / "2026-07" / example.name)
    for export in contract.REQUIRED_EXPORTS:
        august = (examples / f"OSE_{export}_2026-07.csv").read_text().replace("2026-07", "2026-08")
        (inbox / "2026-08" / f"OSE_{export}_2026-08.csv").write_text(august)
        header = ",".join(contract.EXPORTS[export].columns) + "\n"
        (inbox / "2026-07" / f"DSS_{export}_2026-07.csv").write_text(header)
    for month, arrived in (
        ("2026-07", datetime(2026, 8, 5, 10)),
        ("2026-08", datetime(2026, 9, 4, 10)),
    ):
        for path in (inbox / month).iterdir():
            os.utime(path, (arrived.timestamp(),) * 2)  # on time
    config = load_config(examples / "collaborative.yaml")
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        create_schema(con)
        replace_tables(con, dimension_frames(config, "2026-08"))
        report = take_in_by_month(con, config, tmp_path / "quarantine", scan_inbox(inbox))
        assert report.accepted == 13 and report.quarantined == 0
        yield con, config


def test_feedback_has_a_status_only_where_it_was_sent(warehouse):
    con, config = warehouse
    status = submission_status(con, config, TODAY)
    feedback = status.filter(pl.col("export") == "feedback")
    assert feedback.select("partner_id", "period", "status").rows() == [
        ("OSE", "2026-07", "accepted")
    ]
    missing = status.filter(pl.col("status") == "missing")
    assert set(missing["export"]) == set(contract.REQUIRED_EXPORTS)
    assert set(missing.filter(pl.col("partner_id").is_in(["OSE", "DSS"]))["period"]) == {"2026-08"}
    assert not missing.filter(pl.col("partner_id") == "OSE").height
    findings = missing_findings(con, config, TODAY)
    assert findings and all(f["export"] != "feedback" for f in findings)
