"""A synthetic collaborative with every documented fault, ingested end to end."""

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from collab import contract
from collab.config import load_config
from synthetic import generate
from tests.pipelines.conftest import materialize_months
from transforms.status import submission_status

COLLAB = str(Path(sys.executable).with_name("collab"))


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "ws"
    generate(root, partners=8, months=5, seed=5, faults=True, end_month="2026-09")
    return root


def _faults(root: Path) -> list[dict]:
    return json.loads((root / "faults.json").read_text())


def _flagged_values(root: Path) -> set[str]:
    """Every non-code text cell of the fault files a risk rule must reject."""
    values = set()
    for entry in _faults(root):
        if entry["expected"] != "reject" or not (entry["rule"] or "").startswith("risk."):
            continue
        text = (root / entry["file"]).read_text(encoding="utf-8-sig")
        for row in list(csv.reader(io.StringIO(text)))[1:]:
            values |= {
                c for c in row if len(c) >= 5 and not c.isdigit() and c not in contract.NEEDS
            }
    config = load_config(root / "collaborative.yaml")
    codes = {
        *contract.CAPACITY_STATUSES,
        *contract.DIRECTIONS,
        *contract.EXTERNAL_COUNTERPARTS,
        *contract.DEMOGRAPHIC_CATEGORIES,
        *config.partner_ids,
        *config.region_codes,
    }
    codes |= {c for cs in contract.DEMOGRAPHIC_CATEGORIES.values() for c in cs}
    return {v for v in values - codes if not v.startswith("20")}  # months are public


def test_every_fault_gets_its_expected_outcome(synth, tmp_path):
    root = tmp_path / "ws"
    generate(root, partners=8, months=5, seed=5, faults=True, end_month="2026-09")
    months = sorted({p.name for p in (root / "inbox").iterdir() if p.name[:2] == "20"})
    materialize_months(root, months)
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        for entry in _faults(root):
            relative = entry["file"].removeprefix("inbox/")
            status, revision, sha = con.execute(
                "SELECT status, revision, sha256 FROM submissions WHERE inbox_path = ?", [relative]
            ).fetchone()
            rules = {
                r
                for (r,) in con.execute(
                    "SELECT rule FROM findings WHERE sha256 = ? AND severity = 'error'", [sha]
                ).fetchall()
            }
            if entry["expected"] == "reject":
                assert status == "quarantined", entry
                assert entry["rule"] in rules, (entry, rules)
                assert not (root / entry["file"]).exists()
            else:
                assert status == "accepted" and not rules, (entry, rules)
                assert revision == entry.get("revision", 1)
        rejected = sum(e["expected"] == "reject" for e in _faults(root))
        assert con.execute(
            "SELECT count(*) FROM submissions WHERE status = 'quarantined'"
        ).fetchone() == (rejected,)
        status = submission_status(con, load_config(root / "collaborative.yaml"), date.today())
    partners = {p.id for p in load_config(root / "collaborative.yaml").partners}
    assert set(status["partner_id"]) == partners
    # Every required export of every month has a status; feedback (optional) only where sent.
    required = status.filter(pl.col("export").is_in(contract.REQUIRED_EXPORTS))
    assert required.height == len(partners) * len(months) * len(contract.REQUIRED_EXPORTS)
    surveys = {
        (p.name.split("_")[0], p.parent.name) for p in (root / "inbox").glob("20*/*_feedback_*.csv")
    }
    feedback = status.filter(pl.col("export") == "feedback")
    assert surveys and set(zip(feedback["partner_id"], feedback["period"], strict=True)) == surveys


def test_collab_run_never_echoes_flagged_values(synth):
    planted = _flagged_values(synth)
    assert len(planted) >= 5
    environment = {**os.environ, "COLLAB_WORKSPACE": str(synth)}
    environment.pop("DAGSTER_HOME", None)
    runs = [
        subprocess.run([COLLAB, "run"], capture_output=True, text=True, env=environment, check=True)
        for _ in range(2)
    ]
    status = subprocess.run(
        [COLLAB, "status", "--json"], capture_output=True, text=True, env=environment, check=True
    )
    outputs = [r.stdout + r.stderr for r in runs] + [status.stdout + status.stderr]
    with duckdb.connect(str(synth / "warehouse.duckdb"), read_only=True) as con:
        tables = [t for (t,) in con.execute("SHOW TABLES").fetchall()]
        outputs += [repr(con.execute(f"SELECT * FROM {t}").fetchall()) for t in tables]
    searched = [
        p for folder in (".dagster", "reports") for p in (synth / folder).rglob("*") if p.is_file()
    ]
    searched += [p for p in (synth / "quarantine").rglob("*.findings.json")]
    assert any(p.suffix == ".db" for p in searched), "the Dagster event log must be searched"
    outputs += [p.read_bytes().decode("utf-8", errors="replace") for p in searched]
    leaks = {v for v in planted for text in outputs if v in text}
    assert not leaks
