"""`--faults`: every fault file exists, is documented in faults.json with a real rule id, and
really breaks (only) what it says it breaks."""

import json
from pathlib import Path

import polars as pl
import pytest

from collab.config import load_config
from collab.contract import EXPORTS, NEEDS, parse_file_name
from expectations.catalogue import RULES_BY_ID
from synthetic.fault_files import UNKNOWN_NEED_CODES
from synthetic.faults import FAULTS
from tests.synthetic.synth_files import read_strings

REQUIRED_REJECTIONS = {
    "risk.identifier_column",
    "sum.requests",
    "row.period_mismatch",
    "file.partner_unknown",
    "value.unknown_code",
    "value.count_negative",
    "value.count_blank",
    "value.count_not_integer",
}


@pytest.fixture(scope="module")
def entries(small_workspace) -> list[dict]:
    return json.loads((small_workspace / "faults.json").read_text(encoding="utf-8"))


def _entry(entries, rule=None, description=None) -> dict:
    return next(
        e
        for e in entries
        if (rule is None or e["rule"] == rule)
        and (description is None or description in e["description"])
    )


def test_entries_exist_with_known_rules(small_workspace, entries):
    assert len(entries) == len(FAULTS)
    assert len({e["file"] for e in entries}) == len(entries)
    for entry in entries:
        assert set(entry) >= {"file", "expected", "rule", "description"}
        assert (small_workspace / entry["file"]).is_file(), entry
        assert entry["expected"] in ("accept", "reject")
        assert (entry["rule"] is None) == (entry["expected"] == "accept")
        assert entry["rule"] is None or entry["rule"] in RULES_BY_ID
        assert entry["description"]
    assert REQUIRED_REJECTIONS <= {e["rule"] for e in entries}
    assert sum(e["expected"] == "accept" for e in entries) >= 2


def test_fault_files_use_real_partners_and_months(small_workspace, entries):
    config = load_config(small_workspace / "collaborative.yaml")
    months = {p.name for p in (small_workspace / "inbox").iterdir() if p.name != "resends"}
    unknown = []
    for entry in entries:
        name = parse_file_name(Path(entry["file"]).name)
        assert name is not None and name.period in months, entry
        if name.partner_id not in config.partner_ids:
            unknown.append(entry["rule"])
        folder = Path(entry["file"]).parent.name
        assert folder == ("resends" if entry.get("revision") else name.period)
    assert unknown == ["file.partner_unknown"]


def test_one_file_per_partner_export_month_except_the_resend(small_workspace, entries):
    stems: dict[str, list[str]] = {}
    for path in (small_workspace / "inbox").rglob("*"):
        if path.is_file():
            stems.setdefault(path.stem, []).append(path.relative_to(small_workspace).as_posix())
    doubled = {stem: paths for stem, paths in stems.items() if len(paths) > 1}
    resend = _entry(entries, description="resend")
    assert doubled == {Path(resend["file"]).stem: sorted(doubled[Path(resend["file"]).stem])}
    assert sorted(doubled[Path(resend["file"]).stem]) == sorted(
        [resend["replaces"], resend["file"]]
    )


def test_resend_is_a_later_corrected_revision(small_workspace, entries):
    resend = _entry(entries, description="resend")
    assert resend["revision"] == 2 and resend["expected"] == "accept"
    new, old = small_workspace / resend["file"], small_workspace / resend["replaces"]
    assert Path(resend["file"]).name == old.name
    assert new.stat().st_mtime > old.stat().st_mtime
    assert new.read_bytes() != old.read_bytes()
    assert read_strings(new).columns == read_strings(old).columns


def test_xlsx_replaces_the_csv(small_workspace, entries):
    entry = next(e for e in entries if e["file"].endswith(".xlsx"))
    path = small_workspace / entry["file"]
    assert entry["expected"] == "accept"
    assert not path.with_suffix(".csv").exists()
    name = parse_file_name(path.name)
    frame = pl.read_excel(path)
    assert tuple(frame.columns) == EXPORTS[name.export].columns
    assert frame.height > 0
    assert all(frame[c].dtype.is_integer() for c in EXPORTS[name.export].counts)
    assert frame["partner_id"].eq(name.partner_id).all()


def test_client_list_is_one_row_per_person(small_workspace, entries):
    frame = read_strings(small_workspace / _entry(entries, "risk.identifier_column")["file"])
    assert {"name", "phone", "address", "dob", "need", "partner_id", "period"} <= set(frame.columns)
    assert frame.height >= 15
    assert frame["dob"].str.contains(r"^\d{4}-\d{2}-\d{2}$").all()


def _counts(frame: pl.DataFrame, columns) -> pl.DataFrame:
    return frame.select(pl.col(c).cast(pl.Int64, strict=False) for c in columns)


def test_rejections_break_what_they_say(small_workspace, entries):
    def frame_of(rule, description=None):
        entry = _entry(entries, rule, description)
        return parse_file_name(Path(entry["file"]).name), read_strings(
            small_workspace / entry["file"]
        )

    name, frame = frame_of("sum.requests")
    counts = _counts(frame, EXPORTS["services"].counts)
    outcomes = counts.select(pl.sum_horizontal(EXPORTS["services"].counts[1:])).to_series()
    assert (counts["requests"] != outcomes).sum() == 1

    name, frame = frame_of("row.period_mismatch")
    assert not frame["period"].eq(name.period).any()

    _, frame = frame_of("value.count_negative")
    assert (frame.select(pl.all().str.starts_with("-").any()).row(0)).count(True) == 1

    _, frame = frame_of("value.count_blank")
    assert frame.null_count().sum_horizontal().item() == 1

    _, frame = frame_of("value.count_not_integer", "decimal")
    assert frame.select(pl.all().str.contains(r"^\d+\.5$").any()).row(0).count(True) == 1

    _, frame = frame_of("risk.phone", "phone")
    assert frame.select(pl.all().str.contains(r"[()x+.-]").any()).row(0).count(True) >= 1

    _, frame = frame_of("value.unknown_code", "not in the contract")
    assert set(frame["need"]) - set(NEEDS) <= set(UNKNOWN_NEED_CODES)
    assert len(set(frame["need"]) - set(NEEDS)) == 1

    _, frame = frame_of("risk.person_name", "name")
    unknown = set(frame["need"]) - set(NEEDS)
    assert len(unknown) == 1 and " " in unknown.pop()


def test_accepted_quirky_file_is_still_the_contract(small_workspace, entries):
    entry = _entry(entries, description="BOM")
    raw = (small_workspace / entry["file"]).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    name = parse_file_name(Path(entry["file"]).name)
    frame = pl.read_csv(raw, infer_schema=False)
    columns = [c.strip().lower() for c in frame.columns]
    assert sorted(columns) == sorted(EXPORTS[name.export].columns)
    assert columns != list(EXPORTS[name.export].columns)


def test_unknown_codes_are_really_unknown():
    assert not set(UNKNOWN_NEED_CODES) & set(NEEDS)
