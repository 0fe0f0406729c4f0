"""Every configured audience's release of every period on its calendar can be published,
whatever was published before it."""

import random

import pytest
import yaml

from collab.config import load_config
from tests.transforms.conftest import SOUTH_PARTNER, covering
from transforms.release import ledger
from transforms.release.assemble import assemble
from transforms.release.publish import publish

MONTHS = ("2026-07", "2026-08", "2026-09")
PLAN = [
    ("collaborative", "2026-07"),
    ("collaborative", "2026-08"),
    ("collaborative", "2026-09"),
    ("collaborative", "2026-Q3"),
    ("funder:VOCA", "FY2026-Q4"),
    ("funder:OVW", "2026-H2"),
    ("funder:COMMFDN", "FY2026"),
]


def _rows(seed: int) -> list:
    rng = random.Random(seed)
    rows = []
    for month in MONTHS:
        rows += covering(month)
        for partner in ("OSE", "DSS", "SHELTER-N", "FAITH-1", "CAMPUS-U"):
            for need in rng.sample(["LEGAL", "MEDICAL", "EMERGENCY_HOUSING", "FINANCIAL"], 2):
                outcomes = [rng.choice([0, 1, 2, 3, 8, 15]) for _ in range(6)]
                if sum(outcomes):
                    rows.append((partner, month, need, outcomes))
    return rows


@pytest.mark.parametrize(
    "order",
    [PLAN, PLAN[::-1], PLAN[4:] + PLAN[:4]],
    ids=["months-first", "reversed", "funders-first"],
)
def test_every_release_publishes_in_any_order(warehouse, config, tmp_path, order):
    con = warehouse(_rows(seed=11))
    for audience, period in order:
        published = publish(con, config, tmp_path / "reports", audience, period)
        assert published.folder.is_dir()


def test_a_funder_with_no_shared_partner_is_foreseen(warehouse, examples, tmp_path):
    # FAITH-1 (12) and CAMPUS-U (2) both give legal help in METRO, OSE (30) in NORTH.
    # FAITH-FDN (FAITH-1 and a shelter with no legal work) publishes no regions; its legal
    # total taken from the collaborative's METRO figure would be CAMPUS-U's 2, though it
    # shares no partner with CAMPUS-FDN (seen on `synth --partners 40 --seed 5`).
    raw = yaml.safe_load((examples / "collaborative.yaml").read_text(encoding="utf-8"))
    raw["partners"].append(SOUTH_PARTNER)
    raw["funders"] += [
        {
            "id": fid,
            "label": fid,
            "program": "private",
            "calendar": "monthly",
            "partners": partners,
            "partner_detail": False,
        }
        for fid, partners in (("FAITH-FDN", ["FAITH-1", "SHELTER-N"]), ("CAMPUS-FDN", ["CAMPUS-U"]))
    ]
    path = tmp_path / "collaborative.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    config = load_config(path)
    con = warehouse(
        [
            ("FAITH-1", "2026-07", "LEGAL", [12, 0, 0, 0, 0, 0]),
            ("CAMPUS-U", "2026-07", "LEGAL", [2, 0, 0, 0, 0, 0]),
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            ("SHELTER-N", "2026-07", "MEDICAL", [25, 0, 0, 0, 0, 0]),
            ("LEGAL-S", "2026-07", "MEDICAL", [40, 0, 0, 0, 0, 0]),
        ]
    )
    reports = tmp_path / "reports"
    for audience in ("collaborative", "funder:FAITH-FDN", "funder:CAMPUS-FDN"):
        assert publish(con, config, reports, audience, "2026-07").folder.is_dir()
    # FAITH-FDN's protection kept CAMPUS-FDN's small cells in view, though they share no one.
    faith = ledger.LedgerRelease(
        "x", "funder:FAITH-FDN", "2026-07", ("2026-07",), frozenset({"FAITH-1", "SHELTER-N"})
    )
    kinds = set(assemble(con, config, faith, [], 11).problem.sensitive.kind)
    assert "future small funder:CAMPUS-FDN" in kinds
