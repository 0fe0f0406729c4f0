import hashlib
import json

import duckdb

from collab.config import load_config
from collab.workspace import Workspace
from pipelines.runner import run_pipeline
from synthetic import generate


def test_run_publishes_every_due_month_without_naming_shelters(tmp_path):
    root = tmp_path / "ws"
    generate(root, partners=8, months=4, seed=3, end_month="2026-09")
    run_pipeline(Workspace(root))
    release = root / "reports" / "collaborative" / "2026-09"
    assert sorted(p.name for p in (root / "reports" / "collaborative").iterdir()) == [
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
    ]
    assert sorted(p.name for p in (release / "tables").iterdir()) == [
        "capacity.csv",
        "demographics.csv",
        "feedback.csv",
        "referral_answers.csv",
        "referral_flows.csv",
        "referral_loop.csv",
        "referrals.csv",
        "services.csv",
    ]
    manifest = json.loads((release / "manifest.json").read_text())
    assert (manifest["audience"], manifest["period"], manifest["threshold"]) == (
        "collaborative",
        "2026-09",
        11,
    )
    flags = sum(
        (release / "tables" / t["file"].split("/")[-1]).read_text().count(",suppressed")
        for t in manifest["tables"]
    )
    assert manifest["suppressed_cells"] == flags
    assert "information_loss" not in manifest and "quarantined" not in manifest
    assert all(
        set(i) == {"partner", "export", "period", "revision", "submission"}
        for i in manifest["inputs"]
    )
    config = load_config(root / "collaborative.yaml")
    hidden = [p.id for p in config.partners if p.confidential_location]
    assert hidden
    published = "".join(p.read_text() for p in release.rglob("*") if p.is_file())
    assert not [p for p in hidden if p in published]
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ledger_releases").fetchone() == (4,)
    run_pipeline(Workspace(root))
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ledger_releases").fetchone() == (4,)
    # A rerun writes the same opaque ids: they name submissions stably.
    again = json.loads((release / "manifest.json").read_text())
    assert again["inputs"] == manifest["inputs"]


def test_no_published_file_holds_a_digest_of_any_inbox_file(tmp_path):
    root = tmp_path / "ws"
    generate(root, partners=8, months=3, seed=4, end_month="2026-09", faults=True)
    run_pipeline(Workspace(root))
    digests = {
        hashlib.new(name, path.read_bytes()).hexdigest()
        for path in (root / "inbox").rglob("*")
        if path.is_file()
        for name in ("sha256", "sha1", "md5")
    }
    assert len(digests) > 30
    published = [p for top in ("reports", "dashboards") for p in (root / top).rglob("*")]
    texts = [p.read_bytes().decode("utf-8", "replace").lower() for p in published if p.is_file()]
    assert texts
    for digest in digests:
        # A prefix of 12 hex digits is already enough to check a guess against.
        assert not any(digest[:12] in text for text in texts)
