import os
import shutil

from tests.pipelines.conftest import materialize_months, snapshot


def _age(path, seconds_ago: int):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds_ago * 10**9))


def test_example_month_is_loaded(example_workspace, query):
    materialize_months(example_workspace, ["2026-07"])
    assert query(example_workspace, "SELECT count(*) FROM services") == [(4,)]
    assert query(example_workspace, "SELECT count(*) FROM demographics") == [(13,)]
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
