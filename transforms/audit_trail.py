"""The audit trail: who ran what, when, with which inputs and which releases came out.

`runs` gets a row before a run does any work and its outcome after, each in its own
transaction, so a run killed half-way stays `running`; the next run (under the workspace lock,
so nothing else can be running) marks it `killed`. What a run took in and published is linked,
not copied: `run_inputs` names submissions by their key and sha256, `run_outputs` names
ledger releases by `release_id` (the ledger keeps their cells and `created_at`). Both are
filled from what the warehouse gained in the run's time window, so a killed run is credited
with the files and releases it committed before it died.
"""

import getpass
import json
import os
import socket
import uuid
from datetime import UTC, datetime

import duckdb
import polars as pl

from transforms.schema import create_schema

DID_NOT_FINISH = "did not finish"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container user with no passwd entry
        return f"uid {os.getuid()}"


def _link(con, run_id: str, since: datetime, until: datetime) -> None:
    """Credit a run with the submissions and releases the warehouse gained in [since, until)."""
    con.execute(
        "INSERT INTO run_inputs SELECT ?, partner_id, export, period, revision, file_name, "
        "sha256, status FROM submissions WHERE ingested_at >= ? AND ingested_at < ?",
        [run_id, since, until],
    )
    con.execute(
        "INSERT INTO run_outputs SELECT ?, release_id, 'reports/' || audience || '/' || period "
        "FROM ledger_releases WHERE created_at >= ? AND created_at < ?",
        [run_id, since, until],
    )


def _in_transaction(con: duckdb.DuckDBPyConnection, work) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        work()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def start_run(con: duckdb.DuckDBPyConnection, command: str) -> str:
    """Record a run as `running` and return its id; call it holding the workspace lock.

    Runs still `running` are dead (the lock says nobody else is running): they become
    `killed`, credited with what they committed before this run started.
    """
    create_schema(con)
    run_id = uuid.uuid4().hex[:12]
    started = _now()

    def work():
        dead = con.execute(
            "SELECT run_id, started_at FROM runs WHERE status = 'running' ORDER BY started_at"
        ).fetchall()
        for index, (dead_id, dead_start) in enumerate(dead):
            # Credited up to the next run's start.
            end = dead[index + 1][1] if index + 1 < len(dead) else started
            _link(con, dead_id, dead_start, end)
        con.execute(
            "UPDATE runs SET status = 'killed' WHERE status = 'running'",
        )
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, NULL, 'running', NULL, NULL)",
            [run_id, command, _user(), socket.gethostname(), os.getpid(), started],
        )

    _in_transaction(con, work)
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    message: str | None = None,
    dagster_runs: tuple[str, ...] = (),
) -> None:
    """Record a run's outcome (`ok` or `failed`) with its inputs and outputs."""
    create_schema(con)
    finished = _now()

    def work():
        query = "SELECT started_at FROM runs WHERE run_id = ?"
        (started,) = con.execute(query, [run_id]).fetchone()
        _link(con, run_id, started, finished)
        con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, message = ?, dagster_runs = ? "
            "WHERE run_id = ?",
            [finished, status, message, json.dumps(list(dagster_runs)), run_id],
        )

    _in_transaction(con, work)


def last_runs(con: duckdb.DuckDBPyConnection, limit: int, running_now: bool) -> pl.DataFrame:
    """The last runs, newest first: who, when, outcome, files in and releases out.

    A `running` row whose process is gone (`running_now` False: nobody holds the lock) or a
    `killed` one is shown as "did not finish".
    """
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'runs'").fetchone()[
        0
    ]:
        return pl.DataFrame(
            schema={
                "run_id": pl.String,
                "command": pl.String,
                "user": pl.String,
                "host": pl.String,
                "started_at": pl.Datetime,
                "finished_at": pl.Datetime,
                "status": pl.String,
                "files_in": pl.Int64,
                "releases_out": pl.List(pl.String),
            }
        )
    return con.execute(
        """
        SELECT r.run_id, r.command, r."user", r.host, r.started_at, r.finished_at,
               CASE WHEN r.status = 'killed' OR (r.status = 'running' AND NOT $2)
                    THEN $3 ELSE r.status END AS status,
               (SELECT count(*) FROM run_inputs i WHERE i.run_id = r.run_id) AS files_in,
               coalesce((SELECT list(o.release_id ORDER BY o.release_id) FROM run_outputs o
                         WHERE o.run_id = r.run_id), []::VARCHAR[]) AS releases_out
        FROM runs r ORDER BY r.started_at DESC LIMIT $1
        """,
        [limit, running_now, DID_NOT_FINISH],
    ).pl()
