"""Old manifests (file digests, information loss, quarantined files) are rewritten in place."""

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from collab.config import load_config
from collab.workspace import Workspace
from dashboards.report import render_report
from pipelines.legacy_releases import scrub_legacy_releases
from pipelines.runner import run_pipeline
from synthetic import generate
from transforms.release.legacy_manifests import (
    EARLIER_VERSION,
    SubmissionIds,
    legacy_manifests,
    scrub_manifests,
)
from transforms.release.publish import _aliases

OLD_KEYS = ("information_loss", "quarantined")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A workspace run once: collaborative releases with confidential partners, bad files."""
    root = tmp_path_factory.mktemp("legacy") / "ws"
    generate(root, partners=8, months=3, seed=4, end_month="2026-09", faults=True)
    run_pipeline(Workspace(root))
    return root


@pytest.fixture
def root(published, tmp_path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(published, copy)
    return copy


def _digests(root: Path) -> set[str]:
    """Every digest of every partner file, in the inbox or quarantined, as the warehouse has it."""
    files = [p for top in ("inbox", "quarantine") for p in (root / top).rglob("*") if p.is_file()]
    digests = {
        hashlib.new(name, path.read_bytes()).hexdigest()
        for path in files
        for name in ("sha256", "sha1", "md5")
    }
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        digests |= {row[0] for row in con.execute("SELECT sha256 FROM submissions").fetchall()}
    return digests


def _published_files(root: Path) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for top in ("reports", "dashboards")
        for path in sorted((root / top).rglob("*"))
        if path.is_file()
    }


def _assert_no_digest(root: Path) -> None:
    digests = _digests(root)
    assert len(digests) > 30
    texts = [b.decode("utf-8", "replace").lower() for b in _published_files(root).values()]
    for digest in digests:
        # A prefix of 12 hex digits is already enough to check a guess against.
        assert not any(digest[:12] in text for text in texts)


def _old_manifest(root: Path, manifest: dict) -> dict:
    """`manifest` as spec v1 wrote it: inputs by file digest, information loss, quarantined."""
    config = load_config(root / "collaborative.yaml")
    alias = _aliases(config)
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT partner_id, export, period, revision, sha256 FROM submissions "
            "WHERE is_current AND period IN (SELECT unnest($1)) "
            "ORDER BY partner_id, export, period",
            [manifest["months"]],
        ).fetchall()
        quarantined = con.execute(
            "SELECT partner_id, export, period, errors FROM submissions "
            "WHERE status = 'quarantined' AND period IN (SELECT unnest($1)) ORDER BY ALL",
            [manifest["months"]],
        ).fetchall()
    inputs = [
        {"partner": alias.get(p, p), "export": e, "period": m, "revision": r, "sha256": s}
        for p, e, m, r, s in rows
    ]
    old = {k: v for k, v in manifest.items() if k not in ("missing", "months", "inputs")}
    old["inputs"] = inputs
    old["quarantined"] = [
        {"partner": alias.get(p, p), "export": e, "period": m, "errors": n, "resolved": True}
        for p, e, m, n in quarantined
    ]
    old["information_loss"] = {
        "cells": 900,
        "suppressed": manifest["suppressed_cells"],
        "primary": 40,
        "secondary": manifest["suppressed_cells"] - 40,
        "value_suppressed": 123,
        "value_total": 45678,
    }
    return old


def _plant(folder: Path, old: dict, reports: tuple[str, ...]) -> None:
    """An old manifest (mode 0640) and reports drawn from it, which name its digests."""
    (folder / "manifest.json").write_text(json.dumps(old, indent=2))
    (folder / "manifest.json").chmod(0o640)
    digests = " ".join(i["sha256"] for i in old["inputs"])
    for name in reports:
        (folder / name).write_text(f"<table><caption>Quarantined files</caption>{digests}</table>")
        (folder / name).chmod(0o600)


def _render(config):
    def render(folder: Path, formats: set[str], note: str | None) -> None:
        render_report(folder, config, formats, note)

    return render


def _copy_as_version(release: Path, tmp_path: Path) -> Path:
    shutil.copytree(release, tmp_path / "v1")
    (release / "versions").mkdir()
    return shutil.move(tmp_path / "v1", release / "versions" / "v1")


def test_old_manifests_lose_digests_and_their_reports_are_drawn_again(root, tmp_path):
    release = root / "reports" / "collaborative" / "2026-09"
    new = json.loads((release / "manifest.json").read_text())
    assert any(i["partner"].startswith("CONFIDENTIAL-") for i in new["inputs"])
    old = _old_manifest(root, new)
    assert old["quarantined"]
    earlier = _copy_as_version(release, tmp_path)
    _plant(release, old, ("report.html", "report.xlsx"))
    _plant(earlier, old, ("report.html", "report.pdf"))
    dashboards = root / "dashboards" / "index.html"
    dashboards.write_text(dashboards.read_text() + '<script>{"quarantined_files": []}</script>')
    # The inputs name the real files: their digests are what must not stay published.
    inbox = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "inbox").rglob("*.csv")}
    assert {i["sha256"] for i in old["inputs"]} <= inbox

    paths = legacy_manifests(root / "reports")
    assert paths == [release / "manifest.json", earlier / "manifest.json"]
    assert scrub_legacy_releases(Workspace(root)) == paths

    for folder in (release, earlier):
        manifest = json.loads((folder / "manifest.json").read_text())
        assert not [k for k in OLD_KEYS + ("missing",) if k in manifest]
        # The same opaque ids a publish writes now, in the same order.
        assert manifest["inputs"] == new["inputs"]
        assert manifest["suppressed_cells"] == new["suppressed_cells"]
        assert (folder / "manifest.json").stat().st_mode & 0o777 == 0o640
        page = (folder / "report.html").read_text()
        assert "Quarantined files" not in page
        assert "does not record missing files (older release)" in page
        assert (folder / "report.html").stat().st_mode & 0o777 == 0o600
    assert EARLIER_VERSION in (earlier / "report.html").read_text()
    assert EARLIER_VERSION not in (release / "report.html").read_text()
    # The release is compared with the previous month's as before; its earlier version is not.
    assert "No comparison with the previous period" not in (release / "report.html").read_text()
    assert zipfile.is_zipfile(release / "report.xlsx")
    assert (earlier / "report.pdf").read_bytes().startswith(b"%PDF")
    assert not [p for p in release.parent.rglob(".*")]  # no staging left behind
    assert '"quarantined_files"' not in dashboards.read_text()
    _assert_no_digest(root)

    before = _published_files(root)
    assert legacy_manifests(root / "reports") == []
    assert scrub_legacy_releases(Workspace(root)) == []
    assert _published_files(root) == before


def test_a_run_rewrites_old_manifests_first(root, tmp_path):
    release = root / "reports" / "collaborative" / "2026-08"
    new = json.loads((release / "manifest.json").read_text())
    earlier = _copy_as_version(release, tmp_path)
    _plant(earlier, _old_manifest(root, new), ("report.html",))
    _plant(release, _old_manifest(root, new), ())
    run_pipeline(Workspace(root))
    assert legacy_manifests(root / "reports") == []
    # The run's own rebuild of the release carries the rewritten copy over.
    assert json.loads((earlier / "manifest.json").read_text())["inputs"] == new["inputs"]
    assert "does not record missing files" in (earlier / "report.html").read_text()
    _assert_no_digest(root)


def _hand_made(tmp_path: Path, inputs: list[dict]) -> Path:
    folder = tmp_path / "reports" / "funder:VOCA" / "FY2026-Q4"
    (folder / "tables").mkdir(parents=True)
    manifest = {"audience": "funder:VOCA", "period": "FY2026-Q4", "inputs": inputs}
    (folder / "manifest.json").write_text(json.dumps({**manifest, "quarantined": []}))
    (folder / "report.pdf").write_bytes(b"%PDF old")
    return folder


def test_an_input_whose_partner_cant_be_told_keeps_no_id_and_failed_reports_go(tmp_path, config):
    entry = {"export": "services", "period": "2026-07", "revision": 1, "sha256": "ab" * 32}
    inputs = [
        {"partner": "OSE", **entry},
        {"partner": "CONFIDENTIAL-1", **entry},  # SHELTER-N by the config's aliases
        {"partner": "CONFIDENTIAL-9", **entry},  # no such alias, no warehouse row
    ]
    folder = _hand_made(tmp_path, inputs)

    def broken(folder: Path, formats: set[str], note: str | None) -> None:
        raise KeyError("tables")

    with duckdb.connect() as con:
        ids = SubmissionIds(con, config)
        done = scrub_manifests(con, config, legacy_manifests(tmp_path / "reports"), broken)
        expected = [ids({**entry, "partner": p}) for p in ("OSE", "SHELTER-N")]
    assert done == [folder / "manifest.json"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [i.get("submission") for i in manifest["inputs"]] == [*expected, None]
    assert all("sha256" not in i for i in manifest["inputs"]) and "quarantined" not in manifest
    assert not (folder / "report.pdf").exists()  # could not be drawn again: deleted
    assert "ab" * 6 not in (folder / "manifest.json").read_text()
