import os
import shutil
from datetime import datetime

from tests.pipelines.conftest import materialize_months


def _set_mtime(path, when: datetime):
    os.utime(path, (when.timestamp(), when.timestamp()))


def _copy_month(inbox, month: str, shift: dict[str, str] | None = None):
    """Copy the 2026-07 example files to another month, optionally editing their text."""
    folder = inbox / month
    folder.mkdir(exist_ok=True)
    for path in (inbox / "2026-07").iterdir():
        text = path.read_text().replace("2026-07", month)
        for old, new in (shift or {}).items():
            text = text.replace(old, new)
        target = folder / path.name.replace("2026-07", month)
        target.write_text(text)
        _set_mtime(target, datetime.fromisoformat(f"{month}-28T12:00:00"))


def test_late_file_is_loaded_with_a_warning(example_workspace, query):
    folder = example_workspace / "inbox" / "2026-07"
    for path in folder.iterdir():
        _set_mtime(path, datetime(2026, 8, 3, 9))
    _set_mtime(folder / "OSE_services_2026-07.csv", datetime(2026, 8, 20, 9))
    materialize_months(example_workspace, ["2026-07"])
    assert query(
        example_workspace, "SELECT file_name, severity FROM findings WHERE rule = 'timeliness.late'"
    ) == [("OSE_services_2026-07.csv", "warning")]
    assert query(example_workspace, "SELECT count(*) FROM services") == [(4,)]


def test_resend_is_noted_as_info(example_workspace, query):
    materialize_months(example_workspace, ["2026-07"])
    resend = example_workspace / "inbox" / "resend" / "OSE_capacity_2026-07.csv"
    resend.parent.mkdir()
    shutil.copy(example_workspace / "inbox" / "2026-07" / "OSE_capacity_2026-07.csv", resend)
    resend.write_text(resend.read_text().replace("limited,2,0", "limited,3,0"))
    materialize_months(example_workspace, ["2026-07"])
    assert query(
        example_workspace, "SELECT severity, revision FROM findings WHERE rule = 'file.revision'"
    ) == [("info", 2)]


def test_big_change_from_own_history(example_workspace, query):
    inbox = example_workspace / "inbox"
    for month in ("2026-03", "2026-04", "2026-05", "2026-06"):
        _copy_month(inbox, month)
    _copy_month(inbox, "2026-08", {"SAFETY_PLANNING,42,38,": "SAFETY_PLANNING,142,138,"})
    materialize_months(
        example_workspace, ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]
    )
    assert query(
        example_workspace, "SELECT period, severity FROM findings WHERE rule = 'history.big_change'"
    ) == [("2026-08", "warning")]


def test_sent_received_mismatch_and_missing_files(example_workspace, query):
    inbox = example_workspace / "inbox" / "2026-07"
    header = (inbox / "OSE_referrals_2026-07.csv").read_text().splitlines()[0]
    # DSS says it received 9 social-services referrals from OSE; OSE says it sent 11.
    (inbox / "DSS_referrals_2026-07.csv").write_text(
        header.replace("partner_id", "partner_id") + "\n"
        "DSS,2026-07,received,OSE,SOCIAL_SERVICES,9,2,6,0,1,0,0,0,4,4,3,0\n"
    )
    materialize_months(example_workspace, ["2026-07"])
    mismatches = query(
        example_workspace,
        "SELECT partner_id, row FROM cross_file_findings "
        "WHERE rule = 'reconcile.sent_received' ORDER BY partner_id",
    )
    assert mismatches == [("DSS", 2), ("OSE", 3)]
    missing = query(
        example_workspace,
        "SELECT count(*), count(DISTINCT partner_id) FROM cross_file_findings "
        "WHERE rule = 'timeliness.missing'",
    )
    # DSS sent only referrals; SHELTER-N, FAITH-1 and CAMPUS-U sent nothing for 2026-07.
    assert missing == [(3 + 4 * 3, 4)]
