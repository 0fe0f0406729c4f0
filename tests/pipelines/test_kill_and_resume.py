"""A `collab run` killed with SIGKILL at any point leaves a workspace the next run finishes.

Real subprocesses, real kill -9. `KILLER` runs `collab run` with one function wrapped so the
process kills itself at a named point (just before the intake's COMMIT, after a month's
intake committed but before its rejected files moved to quarantine/, after the ledger records
a release but before its files, half-way through writing the dashboards). No hook lives in
the product: the wrapping is done here. After the kill the warehouse must open and no release
folder may be half-written; after a second run the warehouse, the releases, inbox/ and
quarantine/ must equal a clean run's on an identical copy.

Every run of the module starts at once (two cores do the work) so the suite stays quick.
"""

import json
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from collab.workspace import Workspace
from pipelines.runner import sweep_leftovers
from synthetic import generate

KILLER = r"""
import os, signal, sys

point, nth, workspace = sys.argv[1], int(sys.argv[2]), sys.argv[3]
calls = []


def die_on_nth():
    calls.append(1)
    if len(calls) == nth:
        os.kill(os.getpid(), signal.SIGKILL)


def after(function):
    def wrapped(*args, **kwargs):
        result = function(*args, **kwargs)
        die_on_nth()
        return result
    return wrapped


class DiesBeforeCommit:
    def __init__(self, con):
        self._con = con

    def execute(self, sql, *args):
        if sql == "COMMIT":
            die_on_nth()
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


if point == "before_quarantine_move":
    from pipelines.defs.ingest import intake
    quarantine_file = intake.quarantine_file
    def die_then_move(*args):
        die_on_nth()
        quarantine_file(*args)
    intake.quarantine_file = die_then_move
elif point == "before_intake_commit":
    from pipelines.defs.ingest import intake
    record = intake.record
    intake.record = lambda con, *args: record(DiesBeforeCommit(con), *args)
elif point == "after_ledger_record":
    from transforms.release import ledger
    ledger.record_release = after(ledger.record_release)
elif point == "mid_dashboards":
    from pathlib import Path
    write_text = Path.write_text
    def write_then_die(path, *args, **kwargs):
        written = write_text(path, *args, **kwargs)
        if "/.dashboards-new-" in str(path):  # the site being built, beside dashboards/
            die_on_nth()
        return written
    Path.write_text = write_then_die

from cli.main import main
sys.exit(main(["run", "--workspace", workspace]))
"""
POINTS = {  # point -> which call kills
    "before_quarantine_move": 2,
    "before_intake_commit": 2,
    "after_ledger_record": 3,
    "mid_dashboards": 2,
}
RUN_TIMEOUT = 600  # a guard against a hang, not a speed target: a busy CI machine is slow


def _collab_run(workspace: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "run", "--workspace", str(workspace), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _killed_run(workspace: Path, point: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", KILLER, point, str(POINTS[point]), str(workspace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=RUN_TIMEOUT)
    return process.returncode, err


def warehouse_state(root: Path) -> dict[str, list[tuple]]:
    """What must not depend on being killed: facts, submissions, findings, ledger (no times)."""
    queries = {
        table: f"SELECT * FROM {table}"
        for table in ("services", "referrals", "capacity", "demographics", "findings")
    }
    queries["submissions"] = "SELECT * EXCLUDE (ingested_at) FROM submissions"
    queries["ledger_releases"] = "SELECT * EXCLUDE (created_at) FROM ledger_releases"
    queries["ledger_cells"] = "SELECT * FROM ledger_cells"
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return {
            name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in queries.items()
        }


def release_tables(root: Path) -> dict[str, bytes]:
    """Every published table file, by path under reports/collaborative/."""
    releases = root / "reports" / "collaborative"
    return {str(p.relative_to(releases)): p.read_bytes() for p in releases.rglob("*.csv")}


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def half_written_releases(root: Path) -> list[str]:
    """Visible release folders without their manifest or one of the tables it lists."""
    problems = []
    for folder in (root / "reports" / "collaborative").glob("[!.]*"):
        manifest = folder / "manifest.json"
        if not manifest.is_file():
            problems.append(f"{folder}: no manifest.json")
            continue
        for table in json.loads(manifest.read_text())["tables"]:
            if not (folder / table["file"]).is_file():
                problems.append(f"{folder}: no {table['file']}")
    return problems


def warehouse_opens(root: Path) -> int:
    """Rows in `submissions` after DuckDB's recovery (0 when the kill came before any)."""
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        tables = {
            name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if "submissions" not in tables:
            return 0
        return con.execute("SELECT count(*) FROM submissions").fetchone()[0]


def _kill_and_resume(root: Path, point: str) -> dict:
    killed = _finish(_killed_run(root, point))
    after_kill = (half_written_releases(root), warehouse_opens(root))
    return {"killed": killed, "after_kill": after_kill, "resumed": _finish(_collab_run(root))}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A clean run, a killed-then-resumed run per point, and two runs started together.

    Each scenario has its own copy of one synthetic workspace; they all run at once.
    """
    base = tmp_path_factory.mktemp("kill")
    pristine = base / "pristine"
    generate(pristine, partners=12, months=6, seed=7, faults=True)
    copies = {name: base / name for name in ("clean", "together", *POINTS)}
    for copy in copies.values():
        shutil.copytree(pristine, copy)
    with ThreadPoolExecutor(max_workers=len(copies)) as pool:
        clean = pool.submit(lambda: _finish(_collab_run(copies["clean"])))
        together = [pool.submit(_finish, _collab_run(copies["together"])) for _ in range(2)]
        points = {p: pool.submit(_kill_and_resume, copies[p], p) for p in POINTS}
        return {
            "copies": copies,
            "clean": clean.result(),
            "together": [future.result() for future in together],
            **{point: future.result() for point, future in points.items()},
        }


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_run_is_finished_by_the_next_one(runs, point):
    code, err = runs["clean"]
    assert code == 0, err
    code, err = runs[point]["killed"]
    assert code == -signal.SIGKILL, f"the run was not killed at {point}: {err}"
    half_written, _ = runs[point]["after_kill"]
    assert half_written == []
    code, err = runs[point]["resumed"]
    assert code == 0, err
    clean, resumed = runs["copies"]["clean"], runs["copies"][point]
    assert warehouse_state(resumed) == warehouse_state(clean)
    assert release_tables(resumed) == release_tables(clean)
    for folder in ("inbox", "quarantine"):
        assert files_in(resumed / folder) == files_in(clean / folder), folder
    leftovers = [
        p for p in (resumed / "reports").rglob(".*") if ".tmp-" in p.name or ".old-" in p.name
    ]
    assert leftovers == []


@pytest.mark.parametrize("point", POINTS)
def test_the_killed_run_is_in_the_audit_trail(runs, point):
    root = runs["copies"][point]
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        statuses = [
            s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()
        ]
        credited = con.execute("SELECT count(*), count(DISTINCT sha256) FROM run_inputs").fetchone()
        received = con.execute("SELECT count(DISTINCT sha256) FROM submissions").fetchone()[0]
    assert statuses == ["killed", "ok"]
    # Every file is credited to exactly one run, whether it went in before or after the kill.
    assert credited == (received, received)


def test_intake_kills_leave_the_warehouse_part_way(runs):
    """The points really are mid-run: the warehouse had some files, not all, when killed."""
    clean = warehouse_opens(runs["copies"]["clean"])
    for point in ("before_quarantine_move", "before_intake_commit"):
        _, rows = runs[point]["after_kill"]
        assert 0 < rows < clean, point


def test_two_runs_at_once_one_waits_for_nothing(runs):
    codes = sorted(code for code, _ in runs["together"])
    assert codes == [0, 1]
    message = next(err for code, err in runs["together"] if code == 1)
    assert "another collab run (pid " in message
    assert "holds the workspace; try again later" in message
    assert "Traceback" not in message
    together, clean = runs["copies"]["together"], runs["copies"]["clean"]
    assert warehouse_state(together) == warehouse_state(clean)


def test_a_release_swap_cut_between_its_renames_gets_its_old_release_back(tmp_path):
    """Killed after moving the old release aside, before moving the new one in."""
    workspace = Workspace(tmp_path)
    releases = workspace.reports / "funder:voca"
    old = releases / ".2026-Q3.old-4242"
    (old / "tables").mkdir(parents=True)
    (old / "manifest.json").write_text("{}")
    staging = releases / ".2026-Q3.tmp-abc"
    staging.mkdir()
    (staging / "manifest.json").write_text("{")
    kept = releases / "2026-Q2"
    (kept / "tables").mkdir(parents=True)
    (releases / ".2026-Q2.old-4243").mkdir()
    half_file = workspace.quality / ".tmp-x1"
    half_file.parent.mkdir()
    half_file.write_text("half")
    workspace.quarantine.mkdir()
    workspace.dashboards.mkdir()
    sweep_leftovers(workspace)
    assert sorted(p.name for p in releases.iterdir()) == ["2026-Q2", "2026-Q3"]
    assert (releases / "2026-Q3" / "manifest.json").read_text() == "{}"
    assert not half_file.exists()
