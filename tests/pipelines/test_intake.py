import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from collab import contract
from collab.config import load_config
from collab.workspace import Workspace
from expectations.inbox import inbox_months, scan_inbox
from pipelines.defs.ingest.intake import take_in, take_in_by_month
from synthetic import generate
from tests.pipelines.conftest import TABLES, materialize_months, snapshot
from transforms.schema import create_schema


def _age(path, seconds_ago: int):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds_ago * 10**9))


def test_example_month_is_loaded(example_workspace, query):
    materialize_months(example_workspace, ["2026-07"])
    assert query(example_workspace, "SELECT count(*) FROM services") == [(4,)]
    assert query(example_workspace, "SELECT count(*) FROM demographics") == [(13,)]
    assert query(example_workspace, "SELECT count(*) FROM feedback") == [(4,)]
    assert query(
        example_workspace, "SELECT DISTINCT status, revision, is_current FROM submissions"
    ) == [("accepted", 1, True)]
    assert query(example_workspace, "SELECT count(*) FROM partners") == [(5,)]


def test_rerun_changes_nothing(example_workspace):
    materialize_months(example_workspace, ["2026-07"])
    before = snapshot(example_workspace)
    materialize_months(example_workspace, ["2026-07"])
    assert snapshot(example_workspace) == before


def test_resend_replaces_the_earlier_revision(example_workspace, query):
    inbox = example_workspace / "inbox"
    for path in (inbox / "2026-07").iterdir():
        _age(path, 3600)
    materialize_months(example_workspace, ["2026-07"])
    resend = inbox / "resends" / "OSE_services_2026-07.csv"
    resend.parent.mkdir()
    original = (inbox / "2026-07" / "OSE_services_2026-07.csv").read_text()
    resend.write_text(original.replace("SAFETY_PLANNING,42,38,", "SAFETY_PLANNING,43,39,"))
    materialize_months(example_workspace, ["2026-07"])
    assert query(
        example_workspace, "SELECT requests, revision FROM services WHERE need = 'SAFETY_PLANNING'"
    ) == [(43, 2)]
    assert query(example_workspace, "SELECT count(*) FROM services") == [(4,)]
    assert query(
        example_workspace,
        "SELECT revision, status, is_current FROM submissions "
        "WHERE export = 'services' ORDER BY revision",
    ) == [(1, "superseded", False), (2, "accepted", True)]


def test_rejected_file_is_quarantined_and_a_later_valid_resend_loads(example_workspace, query):
    inbox = example_workspace / "inbox" / "2026-07"
    good = (inbox / "OSE_services_2026-07.csv").read_text()
    (inbox / "OSE_services_2026-07.csv").write_text(good.replace(",42,", ",41,"))
    materialize_months(example_workspace, ["2026-07"])
    assert query(example_workspace, "SELECT count(*) FROM services") == [(0,)]
    assert not (inbox / "OSE_services_2026-07.csv").exists()
    quarantined = sorted((example_workspace / "quarantine" / "2026-07").iterdir())
    assert [p.name.split("_", 1)[1] for p in quarantined] == [
        "OSE_services_2026-07.csv",
        "OSE_services_2026-07.csv.findings.json",
    ]
    assert all(p.stat().st_mode & 0o077 == 0 for p in quarantined)
    assert (example_workspace / "quarantine").stat().st_mode & 0o077 == 0
    (inbox / "OSE_services_2026-07.csv").write_text(good)
    materialize_months(example_workspace, ["2026-07"])
    assert query(
        example_workspace,
        "SELECT revision, status FROM submissions WHERE export = 'services' ORDER BY revision",
    ) == [(1, "quarantined"), (2, "accepted")]
    assert query(example_workspace, "SELECT count(*) FROM services") == [(4,)]


def test_feedback_resends_replace_and_broken_ones_are_quarantined(example_workspace, query):
    inbox = example_workspace / "inbox"
    for path in (inbox / "2026-07").iterdir():
        _age(path, 7200)
    materialize_months(example_workspace, ["2026-07"])
    original = (inbox / "2026-07" / "OSE_feedback_2026-07.csv").read_text()
    resends = inbox / "resends"
    resends.mkdir()
    corrected = resends / "OSE_feedback_2026-07.csv"
    corrected.write_text(original.replace("would_recommend,12,10,1,1", "would_recommend,12,11,0,1"))
    _age(corrected, 3600)
    materialize_months(example_workspace, ["2026-07"])
    corrected.unlink()
    broken = resends / "OSE_feedback_2026-07.csv"
    broken.write_text(original.replace("would_recommend,12,10,1,1", "would_recommend,12,9,1,1"))
    (result,) = materialize_months(example_workspace, ["2026-07"])[1:]
    checks = {e.asset_key.path[-1]: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["feedback"]
    assert query(
        example_workspace,
        "SELECT question, yes, no, revision FROM feedback WHERE question = 'would_recommend'",
    ) == [("would_recommend", 11, 0, 2)]
    assert query(example_workspace, "SELECT count(*) FROM feedback") == [(4,)]
    assert query(
        example_workspace,
        "SELECT revision, status, is_current FROM submissions "
        "WHERE export = 'feedback' ORDER BY revision",
    ) == [(1, "superseded", False), (2, "accepted", True), (3, "quarantined", False)]
    assert query(
        example_workspace,
        'SELECT rule, "column", "row" FROM findings '
        "WHERE export = 'feedback' AND severity = 'error'",
    ) == [("sum.responses", "responses", 5)]


def test_misfiled_files_are_quarantined(example_workspace, query):
    inbox = example_workspace / "inbox"
    (inbox / "client list.csv").write_text("name,phone\nJane,555\n")
    shutil.copy(inbox / "2026-07" / "OSE_services_2026-07.csv", inbox / "OSE_services_2019-01.csv")
    materialize_months(example_workspace, [])
    assert sorted(query(example_workspace, "SELECT file_name, status FROM submissions")) == [
        ("OSE_services_2019-01.csv", "quarantined"),
        ("client list.csv", "quarantined"),
    ]
    rules = {r for (r,) in query(example_workspace, "SELECT rule FROM findings")}
    assert {"file.name", "file.period_range"} <= rules
    assert not (inbox / "client list.csv").exists()


@pytest.mark.parametrize(
    ("withdrawals", "loaded"),
    [
        ([("OSE", None, None)], False),  # the partner left
        ([("OSE", "2026-07", None)], False),
        ([("OSE", "2026-06", None), ("OSE", "2026-07", datetime(2026, 8, 1))], True),
    ],
)
def test_files_of_a_withdrawn_month_are_not_loaded(example_workspace, query, withdrawals, loaded):
    with duckdb.connect(str(example_workspace / "warehouse.duckdb")) as con:
        create_schema(con)
        for partner_id, period, restored_at in withdrawals:
            con.execute(
                "INSERT INTO withdrawals VALUES (?, ?, 'test', ?, 'tester', ?, ?)",
                [partner_id, period, datetime(2026, 7, 20), restored_at, restored_at and "tester"],
            )
    materialize_months(example_workspace, ["2026-07"])
    assert query(example_workspace, "SELECT count(*) FROM services") == [(4 if loaded else 0,)]
    withdrawn = query(
        example_workspace, "SELECT count(*) FROM findings WHERE rule = 'file.withdrawn'"
    )
    assert query(example_workspace, "SELECT count(*) FROM feedback") == [(4 if loaded else 0,)]
    assert withdrawn == [(0 if loaded else len(contract.EXPORTS),)]


def _copy_of_synthetic(root: Path) -> Path:
    generate(root, partners=6, months=3, seed=7, faults=True, end_month="2026-09")
    return root


def _tables(root: Path) -> dict[str, list]:
    """Every row of the intake's tables, without the time of the intake."""
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return {
            table: sorted(
                con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {table}").fetchall()
                if table == "submissions"
                else con.execute(f"SELECT * FROM {table}").fetchall(),
                key=repr,
            )
            for table in TABLES
        }


def test_months_gated_in_a_second_process_load_as_one_at_a_time(tmp_path):
    pipelined, serial = tmp_path / "pipelined", tmp_path / "serial"
    _copy_of_synthetic(pipelined)
    shutil.copytree(pipelined, serial, copy_function=shutil.copy2)
    for root in (pipelined, serial):
        Workspace(root).prepare()
    config = load_config(pipelined / "collaborative.yaml")
    files = scan_inbox(pipelined / "inbox")
    with duckdb.connect(str(pipelined / "warehouse.duckdb")) as con:
        create_schema(con)
        months_loaded = []
        report = take_in_by_month(
            con, config, pipelined / "quarantine", files, months_loaded.append
        )
        rerun = take_in_by_month(
            con, config, pipelined / "quarantine", scan_inbox(pipelined / "inbox")
        )
    with duckdb.connect(str(serial / "warehouse.duckdb")) as con:
        create_schema(con)
        for month in sorted({f.month for f in files}):
            batch = [f for f in scan_inbox(serial / "inbox") if f.month == month]
            take_in(con, config, serial / "quarantine", batch)
    assert len({f.month for f in files}) == 3 and report.quarantined > 0
    assert rerun.received == 0 and rerun.unchanged == len(files) - report.quarantined
    assert _tables(pipelined) == _tables(serial)
    quarantined = [
        sorted(p.name for p in (r / "quarantine").rglob("*")) for r in (pipelined, serial)
    ]
    assert quarantined[0] == quarantined[1]
    # Each month's loaded rows went to the callback as they came, none stayed in the report.
    assert report.loaded == {} and len(months_loaded) == 3
    assert sum(f.height for month in months_loaded for f in month["services"]) == len(
        _tables(serial)["services"]
    )


def test_the_inbox_lists_only_the_months_asked_for(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "2026-07").mkdir(parents=True)
    for name in ("OSE_services_2026-07.csv", "OSE_services_2026-06.csv", "notes.txt"):
        (inbox / "2026-07" / name).write_text("x\n")
    (inbox / "OSE_services_2026-05.csv").symlink_to(inbox / "2026-07" / "notes.txt")
    assert inbox_months(inbox) == {"2026-07", "2026-06", None}
    assert [f.relative for f in scan_inbox(inbox, lambda month: month == "2026-07")] == [
        "2026-07/OSE_services_2026-07.csv"
    ]
    assert [f.relative for f in scan_inbox(inbox, lambda month: month is None)] == [
        "2026-07/notes.txt"
    ]
    assert len(scan_inbox(inbox)) == 3


@pytest.mark.parametrize(
    ("history", "flagged"),
    [(["2026-02", "2026-03", "2026-04"], True), (["2026-01", "2026-03", "2026-04"], False)],
)
def test_a_big_change_is_measured_against_exactly_six_months_before(
    example_workspace, query, history, flagged
):
    """2026-08 is compared with 2026-02..07: three known months there are enough, two not."""
    inbox = example_workspace / "inbox"
    for month, shift in [(m, {}) for m in history] + [("2026-08", {",42,38,": ",142,138,"})]:
        (inbox / month).mkdir()
        for path in (inbox / "2026-07").iterdir():
            text = path.read_text().replace("2026-07", month)
            for old, new in shift.items():
                text = text.replace(old, new)
            (inbox / month / path.name.replace("2026-07", month)).write_text(text)
    materialize_months(example_workspace, [*history, "2026-08"])
    found = query(
        example_workspace, "SELECT period FROM findings WHERE rule = 'history.big_change'"
    )
    assert found == ([("2026-08",)] if flagged else [])
