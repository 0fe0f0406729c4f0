"""The audit trail on a real warehouse file: runs, what each took in and published."""

import getpass
import json
import socket
from datetime import UTC, datetime

import duckdb
import pytest

from cli.main import main
from collab.lock import workspace_lock
from transforms.audit_trail import DID_NOT_FINISH, finish_run, last_runs, start_run
from transforms.schema import create_schema


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def receive(con, partner: str, period: str, sha: str) -> None:
    """A submission taken in now, as the intake records it."""
    con.execute(
        "INSERT INTO submissions VALUES (?, 'services', ?, 1, ?, ?, ?, 10, ?, ?, "
        "'accepted', true, 0, 0, NULL, NULL)",
        [
            partner,
            period,
            f"{partner}_services_{period}.csv",
            f"{period}/x.csv",
            sha,
            _now(),
            _now(),
        ],
    )


def publish(con, audience: str, period: str) -> None:
    """A release recorded in the ledger now (its cells don't matter here)."""
    con.execute(
        "INSERT INTO ledger_releases (release_id, audience, period, months, partners, threshold, "
        "created_at, cells, suppressed, value_suppressed) VALUES (?, ?, ?, '[]', '[]', 11, ?, 0, "
        "0, 0)",
        [f"{audience}/{period}/v1", audience, period, _now()],
    )


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        create_schema(con)
    return path


def test_a_run_is_recorded_before_its_work_and_a_killed_one_is_said(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        killed = start_run(con, "collab run")
        receive(con, "OSE", "2026-07", "a" * 64)
        publish(con, "collaborative", "2026-07")
    # The process died here: the row was committed on its own, before any work.
    with duckdb.connect(str(warehouse)) as con:
        row = con.execute(
            'SELECT command, "user", host, status, finished_at FROM runs WHERE run_id = ?',
            [killed],
        ).fetchone()
        assert row == ("collab run", getpass.getuser(), socket.gethostname(), "running", None)
        assert last_runs(con, 5, running_now=True)["status"].to_list() == ["running"]
        assert last_runs(con, 5, running_now=False)["status"].to_list() == [DID_NOT_FINISH]

        resumed = start_run(con, "collab run --period 2026-08")
        receive(con, "DSS", "2026-08", "b" * 64)
        publish(con, "collaborative", "2026-08")
        finish_run(con, resumed, "ok", dagster_runs=("d1", "d2"))
        runs = last_runs(con, 5, running_now=False).to_dicts()
        stored = con.execute("SELECT run_id, status, dagster_runs FROM runs").fetchall()
        inputs = con.execute(
            "SELECT run_id, partner_id, period, sha256 FROM run_inputs ORDER BY period"
        ).fetchall()
        outputs = con.execute("SELECT run_id, release_id, folder FROM run_outputs").fetchall()
    assert [r["run_id"] for r in runs] == [resumed, killed]  # newest first
    assert [r["status"] for r in runs] == ["ok", DID_NOT_FINISH]
    assert [r["files_in"] for r in runs] == [1, 1]
    assert runs[0]["releases_out"] == ["collaborative/2026-08/v1"]
    assert runs[1]["releases_out"] == ["collaborative/2026-07/v1"]
    assert sorted(stored) == sorted([(killed, "killed", None), (resumed, "ok", '["d1", "d2"]')])
    # The killed run keeps the credit for what it committed before it died.
    assert inputs == [(killed, "OSE", "2026-07", "a" * 64), (resumed, "DSS", "2026-08", "b" * 64)]
    assert sorted(outputs, key=lambda row: row[1]) == [
        (killed, "collaborative/2026-07/v1", "reports/collaborative/2026-07"),
        (resumed, "collaborative/2026-08/v1", "reports/collaborative/2026-08"),
    ]


def test_a_failed_run_keeps_its_reason_and_takes_no_credit_for_earlier_files(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        receive(con, "OSE", "2026-07", "c" * 64)
        run = start_run(con, "collab run")
        finish_run(con, run, "failed", "release_job failed (run d3): the audit found 2 leaks")
        message, finished = con.execute(
            "SELECT message, finished_at FROM runs WHERE status = 'failed'"
        ).fetchone()
        assert message.startswith("release_job failed")
        assert finished is not None
        assert last_runs(con, 5, running_now=False)["files_in"].to_list() == [0]


def test_only_the_last_runs_are_listed(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        for _ in range(7):
            finish_run(con, start_run(con, "collab run"), "ok")
        assert last_runs(con, 5, running_now=False).height == 5


def test_collab_status_lists_the_last_runs(example_workspace, capsys):
    warehouse = example_workspace / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        create_schema(con)
        first = start_run(con, "collab run")
        receive(con, "OSE", "2026-07", "d" * 64)
        publish(con, "collaborative", "2026-07")
        finish_run(con, first, "ok")
        start_run(con, "collab run --period 2026-08")  # killed: never finished
    assert main(["status", "--workspace", str(example_workspace)]) == 0
    text = capsys.readouterr().out
    assert "last 2 runs:" in text
    lines = text[text.index("last 2 runs:") :].splitlines()
    assert f"{getpass.getuser()}@{socket.gethostname()}" in lines[1]
    assert "collab run --period 2026-08  did not finish  0 files in, 0 releases out" in lines[1]
    assert "collab run  ok  1 files in, 1 releases out (collaborative/2026-07/v1)" in lines[2]

    # While a run holds the workspace, its row is "running", not "did not finish".
    with workspace_lock(example_workspace, "collab run --period 2026-08"):
        assert main(["status", "--workspace", str(example_workspace), "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [r["status"] for r in runs] == ["running", "ok"]
    assert runs[1]["releases_out"] == ["collaborative/2026-07/v1"]
