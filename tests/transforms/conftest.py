"""Tiny warehouses with hand-made facts, on the spec's example collaborative."""

import uuid
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml

from collab import contract
from collab.config import load_config
from transforms.schema import create_schema
from transforms.warehouse import dimension_frames, replace_tables

OUTCOMES = contract.SERVICE_OUTCOMES


# The example has no partner at home in SOUTH, so with its confidential shelter no release
# of it could break a regional table down by region (transforms/release/regions.py). A legal
# aid office there, without data unless a test gives it some, lets tests see regions.
SOUTH_PARTNER = {
    "id": "LEGAL-S",
    "label": "Southside Legal Aid",
    "category": "non_advocacy",
    "teams": [],
    "regions": ["SOUTH"],
    "confidential_location": False,
}


def covering(month: str) -> list[tuple[str, str, str, list[int]]]:
    """Rows that give SOUTH and METRO a non-confidential contributor in `month`.

    With a row of OSE's or DSS's (at home in NORTH), every region is covered that month.
    """
    return [(p, month, "MEDICAL", [40, 0, 0, 0, 0, 0]) for p in ("LEGAL-S", "FAITH-1")]


@pytest.fixture
def config(examples, tmp_path_factory):
    raw = yaml.safe_load((examples / "collaborative.yaml").read_text(encoding="utf-8"))
    raw["partners"].append(SOUTH_PARTNER)
    path = tmp_path_factory.mktemp("config") / "collaborative.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return load_config(path)


def services_rows(rows: list[tuple[str, str, str, list[int]]]) -> pl.DataFrame:
    """(partner, month, need, outcome counts) → fact rows with requests as their sum."""
    return pl.DataFrame(
        [
            {
                "partner_id": p,
                "period": m,
                "need": n,
                "requests": sum(c),
                **dict(zip(OUTCOMES, c, strict=True)),
                "source_row": i + 2,
                "revision": 1,
            }
            for i, (p, m, n, c) in enumerate(rows)
        ]
    )


@pytest.fixture
def warehouse(tmp_path: Path, config):
    def build(rows) -> duckdb.DuckDBPyConnection:
        # A new file per call: property tests build many warehouses in one tmp_path.
        con = duckdb.connect(str(tmp_path / f"warehouse-{uuid.uuid4().hex}.duckdb"))
        create_schema(con)
        replace_tables(con, dimension_frames(config, "2026-10"))
        frame = services_rows(rows)
        con.register("facts", frame.to_arrow())
        con.execute("INSERT INTO services BY NAME SELECT * FROM facts")
        return con

    return build
