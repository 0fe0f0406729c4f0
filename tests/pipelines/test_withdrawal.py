"""Corrections and withdrawals after publication, end to end: resend, withdraw, refuse, restore."""

import csv
import json
import shutil

import duckdb
import fastexcel

from cli.main import main as collab
from collab.config import load_config
from collab.workspace import Workspace
from pipelines.runner import run_pipeline
from synthetic import generate

MONTH = "2026-09"


def _manifest(root, version=None):
    folder = root / "reports" / "collaborative" / MONTH
    if version is not None:
        folder = folder / "versions" / f"v{version}"
    return json.loads((folder / "manifest.json").read_text())


def _hidden(root, version=None) -> set[tuple[str, ...]]:
    folder = root / "reports" / "collaborative" / MONTH
    if version is not None:
        folder = folder / "versions" / f"v{version}"
    with (folder / "tables" / "services.csv").open() as f:
        return {tuple(r.values())[:4] for r in csv.DictReader(f) if r["flag"] == "suppressed"}


def _zeros(root) -> set[tuple[str, ...]]:
    path = root / "reports" / "collaborative" / MONTH / "tables" / "services.csv"
    with path.open() as f:
        return {tuple(r.values())[:4] for r in csv.DictReader(f) if r["value"] == "0"}


def _query(root, sql):
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_resend_and_withdrawal_after_publication(tmp_path, capsys):
    root = tmp_path / "ws"
    generate(root, partners=8, months=2, seed=3, end_month=MONTH)
    run_pipeline(Workspace(root))
    assert _manifest(root)["version"] == 1
    config = load_config(root / "collaborative.yaml")
    plain = next(p.id for p in config.partners if not p.confidential_location)
    shelter = next(p.id for p in config.partners if p.confidential_location)

    # A partner resends September with 3 more requests served: a new version, with a note.
    path = root / "inbox" / MONTH / f"{plain}_services_{MONTH}.csv"
    with path.open() as f:
        rows = list(csv.DictReader(f))
    for column in ("requests", "served"):
        rows[0][column] = str(int(rows[0][column]) + 3)
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run_pipeline(Workspace(root))
    manifest = _manifest(root)
    assert manifest["version"] == 2
    assert [
        (c["partner"], c["export"], c["change"]) for c in manifest["correction"]["changes"]
    ] == [(plain, "services", "resent")]
    assert _manifest(root, 1)["release_id"] == f"collaborative/{MONTH}/v1"
    # The report says so, in the page and in the workbook.
    report = ["report", "--workspace", str(root), "--audience", "collaborative"]
    assert collab([*report, "--period", MONTH, "--format", "html,xlsx"]) == 0
    folder = root / "reports" / "collaborative" / MONTH
    assert "Version 2 replaces version 1" in (folder / "report.html").read_text()
    readme = fastexcel.read_excel(folder / "report.xlsx").load_sheet("README", header_row=None)
    notes = dict(readme.to_polars().select(readme.to_polars().columns[:2]).iter_rows())
    assert notes["Version"] == "2" and notes["Correction"].startswith(
        "Version 2 replaces version 1"
    )
    assert (folder / "versions" / "v1" / "tables" / "services.csv").is_file()
    assert _query(root, "SELECT status FROM runs WHERE command LIKE 'collab report%'") == [("ok",)]

    # The shelter withdraws September: its rows and files go, the ledger keeps what v1/v2 used.
    saved = tmp_path / f"{shelter}_services_{MONTH}.csv"
    shutil.copy(root / "inbox" / MONTH / saved.name, saved)
    sent = len(
        list((root / "inbox" / MONTH).glob(f"{shelter}_*"))
    )  # its four exports, and survey answers if any
    args = ["withdraw", "--workspace", str(root), "--partner", shelter, "--period", MONTH]
    assert collab([*args, "--reason", "consent withdrawn"]) == 0
    assert f"collaborative {MONTH}" in capsys.readouterr().out
    assert not list((root / "inbox" / MONTH).glob(f"{shelter}_*"))
    where = f"partner_id = '{shelter}' AND period = '{MONTH}'"
    assert _query(root, f"SELECT count(*) FROM services WHERE {where}") == [(0,)]
    assert _query(root, f"SELECT count(*) FROM ledger_archive_services WHERE {where}")[0][0] > 0
    assert _query(root, f"SELECT DISTINCT status FROM submissions WHERE {where}") == [
        ("withdrawn",)
    ]
    assert sent >= 4
    assert _query(root, "SELECT count(*) FROM purge_log WHERE reason = 'withdrawn'")[0][0] == sent
    assert collab(["status", "--workspace", str(root), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)["submissions"]
    assert {s["status"] for s in status if (s["partner_id"], s["period"]) == (shelter, MONTH)} == {
        "withdrawn"
    }

    # The same file sent again is refused while the withdrawal stands.
    shutil.copy(saved, root / "inbox" / MONTH / saved.name)
    run_pipeline(Workspace(root))
    assert _query(
        root,
        f"SELECT status FROM submissions WHERE {where} AND export = 'services' "
        "ORDER BY ingested_at DESC LIMIT 1",
    ) == [("quarantined",)]
    assert _query(root, "SELECT count(*) FROM findings WHERE rule = 'file.withdrawn'") == [(1,)]
    manifest = _manifest(root)
    assert manifest["version"] == 3
    assert {c["change"] for c in manifest["correction"]["changes"]} == {"withdrawn"}
    assert shelter not in json.dumps(manifest)
    # A cell v2 hid (so it was non-zero) is never shown as 0 in v3.
    assert not _hidden(root, 2) & _zeros(root)
    assert sorted(
        p.name for p in (root / "reports" / "collaborative" / MONTH / "versions").iterdir()
    ) == [
        "v1",
        "v2",
    ]

    # Restored, the file loads again.
    assert collab([*args, "--restore"]) == 0
    shutil.copy(saved, root / "inbox" / MONTH / saved.name)
    run_pipeline(Workspace(root))
    assert _query(root, f"SELECT count(*) FROM services WHERE {where}")[0][0] > 0
    assert _manifest(root)["version"] == 4
