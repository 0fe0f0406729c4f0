"""Tiny warehouses with hand-made facts, on the spec's example collaborative."""

import uuid
from pathlib import Path

import duckdb
import polars as pl
import pytest

from collab import contract
from collab.config import load_config
from transforms.disclosure.ledger import create_ledger
from transforms.warehouse import create_schema, dimension_frames, replace_tables

OUTCOMES = contract.SERVICE_OUTCOMES


@pytest.fixture
def config(examples):
    return load_config(examples / "collaborative.yaml")


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
        create_ledger(con)
        replace_tables(con, dimension_frames(config, "2026-10"))
        frame = services_rows(rows)
        con.register("facts", frame.to_arrow())
        con.execute("INSERT INTO services BY NAME SELECT * FROM facts")
        return con

    return build
