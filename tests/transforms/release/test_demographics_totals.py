"""A reader who adds each partner's age bands and gender categories up to one total learns nothing.

The contract tells everyone that, for every partner and month, the age bands and the gender
categories add up to the same total. An outside attack that used it (`tests/reader_attack.py`)
derived hidden cells of a protection that did not know it; these releases are the smallest
set found (by search and shrinking) where it did: a funder quarter's 13-17 of 7 came out as
[1, 19] and VOCA's September total of 6 as [2, 14].
"""

import polars as pl
import yaml

from collab.config import load_config
from tests.reader_attack import demographic_ranges
from tests.transforms.conftest import SOUTH_PARTNER
from transforms.release.publish import audience_partners, publish

K = 11
AGES = ("0-12", "13-17", "18-24", "25-59", "60+", "not_reported")
GENDERS = ("female", "male", "another_gender", "not_reported")
# (partner, month, age bands in AGES order, genders in GENDERS order): each row's two add up.
PEOPLE = [
    ("CAMPUS-U", "2026-08", (6, 2, 1, 0, 0, 0), (1, 2, 2, 4)),
    ("DSS", "2026-07", (1, 3, 0, 0, 1, 0), (1, 2, 0, 2)),
    ("DSS", "2026-09", (1, 0, 3, 0, 0, 0), (2, 1, 0, 1)),
    ("FAITH-1", "2026-07", (12, 7, 6, 0, 0, 0), (8, 5, 7, 5)),
    ("FAITH-1", "2026-08", (6, 3, 3, 1, 3, 5), (5, 7, 3, 6)),
    ("LEGAL-S", "2026-09", (4, 6, 8, 0, 0, 0), (6, 4, 6, 2)),
    ("OSE", "2026-08", (5, 6, 3, 3, 4, 4), (10, 13, 2, 0)),
    ("SHELTER-N", "2026-07", (1, 1, 0, 0, 1, 0), (1, 0, 2, 0)),
    ("SHELTER-N", "2026-08", (0, 1, 0, 0, 0, 0), (0, 1, 0, 0)),
    ("SHELTER-N", "2026-09", (1, 0, 1, 0, 0, 0), (0, 0, 1, 1)),
]
FUNDERS = {"F1": ["LEGAL-S", "FAITH-1"], "F2": ["DSS", "FAITH-1", "OSE", "LEGAL-S"]}
RELEASES = [
    ("collaborative", "2026-07"),
    ("funder:F1", "2026-Q3"),
    ("collaborative", "2026-08"),
    ("funder:VOCA", "FY2026-Q4"),
    ("funder:F2", "2026-09"),
]


def _demographics() -> pl.DataFrame:
    rows = []
    for partner, month, ages, genders in PEOPLE:
        assert sum(ages) == sum(genders)
        counts = [("total", "all", sum(ages))]
        counts += [("age_band", c, n) for c, n in zip(AGES, ages, strict=True) if n]
        counts += [("gender", c, n) for c, n in zip(GENDERS, genders, strict=True) if n]
        rows += [
            {
                "partner_id": partner,
                "period": month,
                "dimension": d,
                "category": c,
                "individuals": n,
                "source_row": i + 2,
                "revision": 1,
            }
            for i, (d, c, n) in enumerate(counts)
        ]
    return pl.DataFrame(rows)


def test_no_hidden_small_cell_narrows_with_one_total_per_partner(warehouse, examples, tmp_path):
    raw = yaml.safe_load((examples / "collaborative.yaml").read_text(encoding="utf-8"))
    raw["partners"].append(SOUTH_PARTNER)
    raw["funders"] += [
        {"id": f, "label": f, "program": "private", "calendar": "monthly", "partners": p}
        for f, p in FUNDERS.items()
    ]
    (tmp_path / "collaborative.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    config = load_config(tmp_path / "collaborative.yaml")
    # Services rows give every region a contributor; the releases are about demographics.
    con = warehouse(
        [
            (p, m, "LEGAL", [30, 0, 0, 0, 0, 0])
            for m in ("2026-07", "2026-08", "2026-09")
            for p in ("OSE", "LEGAL-S", "FAITH-1")
        ]
    )
    con.register("people", _demographics().to_arrow())
    con.execute("INSERT INTO demographics BY NAME SELECT * FROM people")
    published = []
    for audience, period in RELEASES:
        folder = publish(con, config, tmp_path / "reports", audience, period).folder
        published.append((folder, audience_partners(config, audience)))
    truth = {
        (release_id.rsplit("/", 1)[0], period, dimension, leaf): value
        for release_id, period, dimension, leaf, value in con.execute(
            "SELECT release_id, period, dimension, leaf, value FROM ledger_cells "
            "WHERE \"table\" = 'demographics' AND suppressed"
        ).fetchall()
    }
    ranges = demographic_ranges(published)
    small = [r for r in ranges if 1 <= truth[r.release, r.period, r.dimension, r.category] < K]
    assert len(small) >= 10  # the attack has something to try
    narrowed = [r for r in small if r.low > 1e-6 or r.high < K - 1e-6]
    assert narrowed == []
