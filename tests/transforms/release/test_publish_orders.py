"""Every configured audience's release of every period on its calendar can be published,
whatever was published before it."""

import random

import pytest

from tests.transforms.conftest import covering
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
