"""Hostile input: odd names, links, FIFOs, huge files, zip bombs, active workbooks, formulas.

Every file here is written by the test into tmp_path; the 2 GB file is sparse, so it costs
nothing on disk and, since the gate refuses it from its size, nothing to check.
"""

import hashlib
import io
import json
import os
import struct
import subprocess
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
import yaml

from collab.config import ConfigError, Limits, parse_config
from collab.workspace import Workspace
from expectations.gate import check_file, check_files
from expectations.inbox import scan_inbox, unusual_entries
from expectations.quarantine import quarantine_path
from pipelines.defs.ingest import intake
from pipelines.defs.ingest.intake import take_in
from pipelines.runner import finish_quarantine_moves
from tests.dashboards.cli import COLLAB, collab, collab_report
from tests.pipelines.conftest import materialize_months
from transforms.schema import create_schema

TODAY = date(2026, 11, 25)
HEADER = (
    "partner_id,period,need,requests,served,partially_served,unmet_capacity,"
    "unmet_eligibility,unmet_declined,unmet_other"
)
GOOD_ROW = "OSE,2026-07,LEGAL,10,4,2,1,1,1,1"
NAME = "OSE_services_2026-07"


def write_csv(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def workbook_bytes(rows: list[str]) -> bytes:
    """A minimal real .xlsx of the services export, made by xlsxwriter."""
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_numbers": True})
    sheet = book.add_worksheet()
    for r, line in enumerate([HEADER, *rows]):
        for c, cell in enumerate(line.split(",")):
            sheet.write_string(r, c, cell) if r == 0 or c < 3 else sheet.write_number(
                r, c, int(cell)
            )
    book.close()
    return stream.getvalue()


def with_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The workbook `data` with extra zip members added (what Excel writes for links, macros)."""
    stream = io.BytesIO(data)
    with zipfile.ZipFile(stream, "a", compression=zipfile.ZIP_DEFLATED) as book:
        for name, content in parts.items():
            book.writestr(name, content)
    return stream.getvalue()


def rules(checked) -> set[str]:
    return {f.rule for f in checked.findings}


def with_limits(config, **limits):
    return config.model_copy(update={"limits": Limits(**limits)})


def test_a_2gb_file_is_refused_from_its_size_without_being_read(tmp_path, example_config):
    huge = tmp_path / f"{NAME}.csv"
    with huge.open("wb") as stream:
        stream.truncate(2 * 1024**3)
    started = time.perf_counter()
    checked = check_file(huge, example_config, TODAY)
    # Hashing 2 GB alone takes seconds; the refusal takes microseconds.
    assert time.perf_counter() - started < 0.5
    assert rules(checked) == {"file.too_large"}
    assert "limits.max_file_mb" in checked.findings[0].message
    assert checked.frame is None


def test_a_2gb_file_in_the_inbox_is_quarantined_unread(tmp_path, example_config, examples):
    inbox, quarantine = tmp_path / "inbox", tmp_path / "quarantine"
    inbox.mkdir()
    (inbox / f"{NAME}.csv").write_bytes(b"")
    with (inbox / f"{NAME}.csv").open("wb") as stream:
        stream.truncate(2 * 1024**3)
    con = duckdb.connect()
    create_schema(con)
    started = time.perf_counter()
    report = take_in(con, example_config, quarantine, scan_inbox(inbox))
    assert time.perf_counter() - started < 2
    assert report.quarantined == 1 and not any(inbox.iterdir())
    status, size = con.execute("SELECT status, size_bytes FROM submissions").fetchone()
    assert (status, size) == ("quarantined", 2 * 1024**3)
    moved = next((quarantine / "2026-07").glob("*.csv"))
    assert moved.stat().st_size == 2 * 1024**3


@pytest.mark.parametrize(
    ("limits", "rows", "rule", "row"),
    [
        ({"max_rows": 3}, [GOOD_ROW] * 4, "file.too_many_rows", 5),
        ({"max_columns": 5}, [GOOD_ROW], "file.too_many_columns", 1),
        (
            {"max_cell_chars": 20},
            [f"OSE,2026-07,{'x' * 30},1,1,0,0,0,0,0"],
            "file.cell_too_long",
            2,
        ),
        (  # a quoted cell over many short lines is as long as its lines together
            {"max_cell_chars": 200},
            [GOOD_ROW, 'OSE,2026-07,"' + "xxxx\n" * 60 + '",1,1,0,0,0,0,0'],
            "file.cell_too_long",
            3,
        ),
    ],
)
def test_rows_columns_and_cells_over_the_limits_are_refused(
    tmp_path, example_config, limits, rows, rule, row
):
    path = write_csv(tmp_path, f"{NAME}.csv", rows)
    checked = check_file(path, with_limits(example_config, **limits), TODAY)
    assert rules(checked) == {rule}
    assert checked.findings[0].row == row
    assert next(iter(limits)) in checked.findings[0].message
    assert "xxxx" not in checked.findings[0].message
    assert rule not in rules(check_file(path, example_config, TODAY))  # the defaults allow it


def test_a_cell_past_the_csv_modules_own_cap_is_too_long_not_a_stray_quote(
    tmp_path, example_config
):
    path = write_csv(tmp_path, f"{NAME}.csv", [GOOD_ROW, f"OSE,2026-07,{'x' * 200_000},1"])
    checked = check_file(path, example_config, TODAY)
    assert [(f.rule, f.row) for f in checked.findings] == [("file.cell_too_long", 3)]


def test_a_real_workbook_passes_the_workbook_checks(tmp_path, example_config):
    path = tmp_path / f"{NAME}.xlsx"
    path.write_bytes(workbook_bytes([GOOD_ROW]))
    checked = check_file(path, example_config, TODAY)
    assert checked.accepted, checked.findings
    assert checked.frame["requests"].to_list() == [10]


def test_a_zip_bomb_is_refused_from_its_directory_before_it_is_opened(tmp_path, example_config):
    bomb = with_parts(workbook_bytes([GOOD_ROW]), {"xl/media/image1.png": bytes(100 * 1024**2)})
    path = tmp_path / f"{NAME}.xlsx"
    path.write_bytes(bomb)
    assert len(bomb) < 1024**2  # 100 MB of zeros deflate to about 100 kB
    started = time.perf_counter()
    checked = check_file(path, example_config, TODAY)
    assert time.perf_counter() - started < 0.5
    assert rules(checked) == {"file.xlsx_uncompressed_size"}
    assert "limits.max_xlsx_ratio" in checked.findings[0].message
    small = with_limits(example_config, max_xlsx_uncompressed_mb=50, max_xlsx_ratio=10_000)
    checked = check_file(path, small, TODAY)
    assert "limits.max_xlsx_uncompressed_mb" in checked.findings[0].message


def lying_about_size(data: bytes, part: str, declared: int) -> bytes:
    """`data` with `part`'s uncompressed size in both zip headers overwritten by `declared`."""
    patched = bytearray(data)
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(part).header_offset
    patched[local + 22 : local + 26] = struct.pack("<I", declared)
    central, name = data.index(b"PK\x01\x02"), part.encode()
    while data[central + 46 : central + 46 + len(name)] != name:  # the entry's name is at 46
        central = data.index(b"PK\x01\x02", central + 4)
    patched[central + 24 : central + 28] = struct.pack("<I", declared)
    return bytes(patched)


def test_a_bomb_that_declares_small_sizes_fails_its_checksum(tmp_path, example_config):
    sheet = b"<worksheet><sheetData>" + b" " * (20 * 1024**2) + b"</sheetData></worksheet>"
    bomb = with_parts(workbook_bytes([GOOD_ROW]), {"xl/worksheets/sheet2.xml": sheet})
    path = tmp_path / f"{NAME}.xlsx"
    path.write_bytes(lying_about_size(bomb, "xl/worksheets/sheet2.xml", 1000))
    checked = check_file(path, example_config, TODAY)
    assert rules(checked) == {"file.xlsx_uncompressed_size"}
    assert "declared size" in checked.findings[0].message


@pytest.mark.parametrize(
    ("parts", "rule"),
    [
        ({"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}, "file.xlsx_external_link"),
        ({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}, "file.xlsx_macro"),
        (
            {
                "[Content_Types].xml": b'<Override ContentType="application/vnd.ms-excel.sheet.'
                b'macroEnabled.main+xml"/>'
            },
            "file.xlsx_macro",
        ),
        ({"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}, "file.xlsx_embedded_object"),
        ({"xl/activeX/activeX1.xml": b"<ax/>"}, "file.xlsx_embedded_object"),
    ],
)
def test_workbooks_with_links_macros_or_objects_are_refused(tmp_path, example_config, parts, rule):
    path = tmp_path / f"{NAME}.xlsx"
    data = workbook_bytes([GOOD_ROW])
    if "[Content_Types].xml" in parts:  # replace the part rather than add a second one
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            kept = {i.filename: book.read(i) for i in book.infolist()}
        kept["[Content_Types].xml"] = kept["[Content_Types].xml"].replace(
            b"</Types>", parts["[Content_Types].xml"] + b"</Types>"
        )
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w") as book:
            for name, content in kept.items():
                book.writestr(name, content)
        data = stream.getvalue()
    else:
        data = with_parts(data, parts)
    path.write_bytes(data)
    assert rules(check_file(path, example_config, TODAY)) == {rule}


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04" + bytes(200)])
def test_a_corrupt_workbook_is_unreadable(tmp_path, example_config, content):
    path = tmp_path / f"{NAME}.xlsx"
    path.write_bytes(content)
    assert rules(check_file(path, example_config, TODAY)) == {"file.unreadable"}


def test_formulas_are_invalid_codes_or_counts_and_never_echoed(tmp_path, example_config):
    formulas = ['"=HYPERLINK(""http://evil"",""x"")"', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
    rows = [f"OSE,2026-07,{f},1,1,0,0,0,0,0" for f in formulas]
    rows += [f"OSE,2026-07,LEGAL,{f},1,0,0,0,0,0" for f in formulas]
    checked = check_file(write_csv(tmp_path, f"{NAME}.csv", rows), example_config, TODAY)
    by_column = {(f.column, f.rule) for f in checked.findings}
    assert ("need", "value.unknown_code") in by_column
    assert ("requests", "value.count_not_integer") in by_column
    rows_flagged = {f.row for f in checked.findings if f.column in ("need", "requests")}
    assert rows_flagged == set(range(2, 10))
    text = json.dumps([f.to_json() for f in checked.findings])
    for marker in ("HYPERLINK", "cmd", "-2+3", "@SUM"):
        assert marker not in text


ODD_NAMES = [
    b"-rf_services_2026-07.csv",
    b"OSE_services_2026-07.csv\n",
    b"OSE_services_2026-07\xff.csv",
    "OSE_services_\u0662\u0660\u0662\u0666-07.csv".encode(),  # Arabic-Indic digits
    "..\u2024OSE_services_2026-07.csv".encode(),  # one-dot leader, looks like ../
    "OSE_services_2026-07\u2400.csv".encode(),  # looks like NUL
    b"x" * 240 + b".csv",
    b"..",  # not creatable: stands for the parent; skipped below
]


def test_odd_names_are_refused_printably_and_quarantined_inside_quarantine(
    tmp_path, example_config
):
    inbox, quarantine = tmp_path / "inbox", tmp_path / "ws" / "quarantine"
    inbox.mkdir()
    for name in ODD_NAMES[:-1]:
        (Path(os.fsdecode(bytes(inbox))) / os.fsdecode(name)).write_text(HEADER + "\n")
    files = scan_inbox(inbox)
    assert len(files) == len(ODD_NAMES) - 1
    con = duckdb.connect()
    create_schema(con)
    report = take_in(con, example_config, quarantine, files)
    assert report.quarantined == len(files)
    assert {f.rule for f in report.findings} == {"file.name"}
    for f in report.findings:
        f.file.encode("utf-8")  # never a surrogate that no store accepts
        assert "\n" not in f.file
    stored = con.execute(
        "SELECT file_name, inbox_path, quarantine_path FROM submissions"
    ).fetchall()
    assert len(stored) == len(files)
    assert not any(inbox.iterdir())
    moved = [p for p in tmp_path.rglob("*") if p.is_file()]
    for path in moved:
        if path.name.endswith(".findings.json"):
            path.read_text(encoding="utf-8").encode("ascii")  # names escaped, no surrogates
            assert "\\ud" not in path.read_text()
        assert path.resolve().is_relative_to(quarantine.resolve())
        assert len(path.name.encode()) <= 255
        assert not path.name.startswith(("-", "."))


def test_quarantine_path_never_leaves_its_folder(tmp_path):
    quarantine = tmp_path / "quarantine"
    for name in ("../../etc/passwd", "/etc/passwd", "..", "-n", "a\nb", "\udcff" * 300):
        target = quarantine_path(quarantine, None, "0" * 64, name)
        assert target.parent == quarantine / "unsorted"
        assert len(target.name) <= 255 and "/" not in target.name


def test_links_and_fifos_are_never_read_and_are_listed_apart(tmp_path, example_config):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = write_csv(outside, f"{NAME}.csv", [GOOD_ROW])
    inbox = tmp_path / "inbox"
    (inbox / "2026-07").mkdir(parents=True)
    (inbox / "2026-07" / f"{NAME}.csv").symlink_to(secret)
    (inbox / "linked").symlink_to(outside, target_is_directory=True)
    fifo = inbox / "2026-07" / "OSE_referrals_2026-07.csv"
    os.mkfifo(fifo)
    hard = inbox / "2026-07" / "OSE_capacity_2026-07.csv"
    os.link(write_csv(outside, "copy.csv", [GOOD_ROW]), hard)
    # A hard link is the file itself (the same inode): it is read like any copy.
    assert [f.relative for f in scan_inbox(inbox)] == ["2026-07/OSE_capacity_2026-07.csv"]
    assert sorted(unusual_entries(inbox)) == [
        ("2026-07/OSE_referrals_2026-07.csv", "FIFO"),
        ("2026-07/OSE_services_2026-07.csv", "symbolic link"),
        ("linked", "symbolic link"),
    ]
    started = time.perf_counter()
    checked = check_files(
        [(inbox / "2026-07" / f"{NAME}.csv", None), (fifo, None)], example_config, TODAY
    )
    assert time.perf_counter() - started < 1  # opening the FIFO for reading would block
    assert [rules(c) for c in checked] == [{"file.not_regular"}] * 2
    assert "link" in checked[0].findings[0].message


PLANT = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
FORMULA = '=HYPERLINK("http://example.invalid","open")'


def test_labels_with_html_are_escaped_in_every_report_and_dashboard(tmp_path):
    """Labels are free text in the config; every page that shows one must escape it."""
    root = tmp_path / "ws"
    collab("synth", "--out", root, "--partners", 5, "--months", 1)
    config_file = root / "collaborative.yaml"
    config = yaml.safe_load(config_file.read_text())
    config["name"] = f"{PLANT} collaborative"
    for region in config["regions"]:
        region["label"] = f"{PLANT} {region['code']}"
    for partner in config["partners"]:
        partner["label"] = f"{FORMULA}{PLANT} {partner['id']}"
    funder = config["funders"][0]
    funder.update(label=f"{FORMULA}{PLANT}", calendar="monthly", partner_detail=True)
    config_file.write_text(yaml.safe_dump(config))
    (root / "inbox" / "<img src=x onerror=alert(3)>.csv").write_text(HEADER + "\n")
    collab("run", "--workspace", root)
    month = max(p.name for p in (root / "reports" / "collaborative").iterdir())
    for audience in ("collaborative", f"funder:{funder['id']}"):
        collab_report(root, audience, month, "html,xlsx")

    pages = [
        p for top in ("reports", "dashboards", "quality") for p in (root / top).rglob("*.html")
    ]
    texts = [page.read_text(encoding="utf-8") for page in pages]
    assert len(pages) >= 4
    for page, text in zip(pages, texts, strict=True):
        assert "<script>alert" not in text and "<img src=x" not in text, page
    assert sum("&lt;script&gt;alert(1)&lt;/script&gt;" in text for text in texts) >= 3
    assert any("&lt;img src=x onerror=alert(3)&gt;.csv" in text for text in texts)  # a file name

    workbooks = list((root / "reports").rglob("*.xlsx"))
    assert len(workbooks) == 2
    for workbook in workbooks:
        with zipfile.ZipFile(workbook) as book:
            sheets = [book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/")]
            strings = book.read("xl/sharedStrings.xml")
        assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets), workbook
        assert b"=HYPERLINK(" in strings  # the label is there, as text, not a formula


def test_the_triage_run_names_links_and_fifos_it_did_not_read(example_workspace, tmp_path):
    inbox = example_workspace / "inbox"
    os.mkfifo(inbox / "OSE_services_2026-06.csv")
    (inbox / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    started = time.perf_counter()
    (result,) = materialize_months(example_workspace, [])
    assert time.perf_counter() - started < 30  # opening the FIFO would block until killed
    metadata = result.get_asset_materialization_events()[-1].materialization.metadata
    assert metadata["entries_not_read"].value == 2
    assert (inbox / "OSE_services_2026-06.csv").is_fifo()  # left alone, not moved or read


def test_collab_check_prints_odd_names_on_one_line(tmp_path, examples):
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/OSE_services_2026-07\xff\nforged: accepted.csv"))
    odd.write_text(HEADER + "\n")
    result = subprocess.run(
        [COLLAB, "check", "--workspace", examples, "--json", odd], capture_output=True, check=False
    )
    assert result.returncode == 1
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["file"].endswith("07\\xff\\nforged: accepted.csv")
    assert {f["rule"] for f in entry["findings"]} == {"file.name"}
    table = subprocess.run(
        [COLLAB, "check", "--workspace", examples, odd], capture_output=True, check=False
    )
    assert b"\nforged" not in table.stdout


def test_limits_are_configurable_and_a_misspelt_limit_is_named(examples):
    data = yaml.safe_load((examples / "collaborative.yaml").read_text())
    assert parse_config(data).limits == Limits()  # safe defaults without the section
    data["limits"] = {"max_file_mb": 5, "max_rows": 1000}
    assert parse_config(data).limits.max_file_mb == 5
    data["limits"] = {"max_file_mbs": 5}
    with pytest.raises(ConfigError, match=r"limits\.max_file_mbs: unknown key \(did you mean "):
        parse_config(data)
    data["limits"] = {"max_rows": 0}
    with pytest.raises(ConfigError, match=r"limits\.max_rows"):
        parse_config(data)


def test_the_inbox_hashes_a_big_file_without_holding_it(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with (inbox / f"{NAME}.csv").open("wb") as stream:
        stream.truncate(64 * 1024**2)
    (inbox_file,) = scan_inbox(inbox)
    tracemalloc.start()
    digest = inbox_file.sha256()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert digest == hashlib.sha256(bytes(64 * 1024**2)).hexdigest()
    assert peak < 8 * 1024**2


def test_a_file_swapped_for_a_link_after_the_scan_is_refused_and_its_target_untouched(
    tmp_path, example_config
):
    outside = write_csv(tmp_path, "outside.csv", [GOOD_ROW])
    outside.chmod(0o644)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_csv(inbox, f"{NAME}.csv", [GOOD_ROW])
    files = scan_inbox(inbox)
    (inbox / f"{NAME}.csv").unlink()
    (inbox / f"{NAME}.csv").symlink_to(outside)
    con = duckdb.connect()
    create_schema(con)
    report = take_in(con, example_config, tmp_path / "quarantine", files)
    assert [f.rule for f in report.findings] == ["file.not_regular"]
    assert outside.stat().st_mode & 0o777 == 0o644
    assert outside.read_text().startswith("partner_id")


def test_a_run_killed_before_moving_a_2gb_file_finishes_the_move_unread(
    example_workspace, monkeypatch
):
    inbox = example_workspace / "inbox" / "2026-07"
    with (inbox / "OSE_services_2026-06.csv").open("wb") as stream:
        stream.truncate(2 * 1024**3)
    workspace = Workspace(example_workspace)
    files = [f for f in scan_inbox(workspace.inbox) if f.month == "2026-06"]
    monkeypatch.setattr(intake, "quarantine_file", lambda *args: None)  # killed before the move
    with duckdb.connect(str(workspace.warehouse)) as con:
        create_schema(con)
        assert take_in(con, workspace.require(), workspace.quarantine, files).quarantined == 1
    assert (inbox / "OSE_services_2026-06.csv").exists()
    monkeypatch.undo()
    started = time.perf_counter()
    assert finish_quarantine_moves(workspace) == 1
    assert time.perf_counter() - started < 2  # recognised by its fingerprint, not by reading it
    assert not (inbox / "OSE_services_2026-06.csv").exists()
    assert next((workspace.quarantine / "2026-06").glob("*.csv")).stat().st_size == 2 * 1024**3


def test_the_same_bytes_sent_after_a_purge_are_not_taken_for_a_killed_move(
    example_workspace, monkeypatch
):
    inbox = example_workspace / "inbox" / "2026-07"
    bad = inbox / "OSE_services_2026-06.csv"
    bad.write_bytes(b"not,a,services,file\n")
    workspace = Workspace(example_workspace)
    with duckdb.connect(str(workspace.warehouse)) as con:
        create_schema(con)
        files = [f for f in scan_inbox(workspace.inbox) if f.month == "2026-06"]
        assert take_in(con, workspace.require(), workspace.quarantine, files).quarantined == 1
        # A purge deletes the quarantined copy and says so.
        con.execute("ALTER TABLE submissions ADD COLUMN IF NOT EXISTS purged_at TIMESTAMP")
        con.execute("UPDATE submissions SET purged_at = now() WHERE status = 'quarantined'")
    for path in workspace.quarantine.rglob("*"):
        if path.is_file():
            path.unlink()
    bad.write_bytes(b"not,a,services,file\n")  # the partner sends the same bytes again
    assert finish_quarantine_moves(workspace) == 0
    assert bad.exists()
