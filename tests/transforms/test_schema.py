"""One call gives the current schema: to a new warehouse, and to one an old version made."""

import json
from datetime import datetime

import duckdb
import pytest

from collab import contract
from transforms.schema import create_schema, fact_ddl

NOW = datetime(2026, 8, 1)
# The oldest warehouse the migrations cater for, as the first versions wrote it: submissions
# before retention (no `purged_at`), a ledger before tables, inputs and regions were recorded,
# and none of the tables that came later (archive, ledger inputs, withdrawals, runs, purge log,
# provisional releases, the submission id key, cross-file findings).
OLDEST = """
CREATE TABLE submissions (
    partner_id VARCHAR,
    export VARCHAR,
    period VARCHAR,
    revision INTEGER,
    file_name VARCHAR NOT NULL,
    inbox_path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,
    is_current BOOLEAN NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    quarantine_path VARCHAR
);
CREATE TABLE findings (
    sha256 VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    partner_id VARCHAR,
    export VARCHAR,
    period VARCHAR,
    revision INTEGER,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    "column" VARCHAR,
    "row" INTEGER,
    message VARCHAR NOT NULL
);
CREATE TABLE ledger_releases (
    release_id VARCHAR PRIMARY KEY,
    audience VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    months VARCHAR NOT NULL,
    partners VARCHAR NOT NULL,
    threshold INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    cells INTEGER NOT NULL,
    suppressed INTEGER NOT NULL,
    value_suppressed BIGINT NOT NULL
);
CREATE TABLE ledger_cells (
    release_id VARCHAR NOT NULL,
    "table" VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    months VARCHAR NOT NULL,
    region VARCHAR,
    need VARCHAR,
    dimension VARCHAR,
    leaf VARCHAR NOT NULL,
    value BIGINT NOT NULL,
    suppressed BOOLEAN NOT NULL,
    primary_suppressed BOOLEAN NOT NULL
);
"""


def schema_of(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every table's columns (in order, typed, nullable or not) and constraints."""
    return {
        "columns": con.execute(
            "SELECT table_name, column_index, column_name, data_type, is_nullable, "
            "column_default FROM duckdb_columns() ORDER BY ALL"
        ).fetchall(),
        "constraints": con.execute(
            "SELECT table_name, constraint_type, constraint_column_names "
            "FROM duckdb_constraints() ORDER BY ALL"
        ).fetchall(),
    }


def rows_of(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}


@pytest.fixture
def oldest():
    """An oldest-shape warehouse with a file taken in and a release published from it."""
    con = duckdb.connect()
    con.execute(OLDEST)
    # No migration changes a fact table: they are the contract's.
    for export in contract.EXPORTS.values():
        con.execute(fact_ddl(export))
    con.execute(
        "INSERT INTO submissions VALUES ('OSE', 'services', '2026-07', 2, 'f', 'f', 'sha', 1, "
        "$1, $1, 'accepted', true, 0, 0, NULL)",
        [NOW],
    )
    counts = contract.EXPORTS["services"].counts
    con.execute(
        f"INSERT INTO services (partner_id, period, need, {', '.join(counts)}, source_row, "
        f"revision) VALUES ('OSE', '2026-07', 'LEGAL', {', '.join(['1'] * len(counts))}, 1, 2)"
    )
    con.execute(
        "INSERT INTO ledger_releases VALUES ('collaborative/2026-07/v1', 'collaborative', "
        "'2026-07', $1, $2, 11, $3, 1, 0, 0)",
        [json.dumps(["2026-07"]), json.dumps(["OSE"]), NOW],
    )
    yield con
    con.close()


def test_a_new_warehouse_gets_every_table():
    with duckdb.connect() as con:
        create_schema(con)
        tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {
        "submissions",
        "findings",
        "cross_file_findings",
        *contract.EXPORTS,
        *(f"ledger_archive_{e}" for e in contract.EXPORTS),
        "ledger_releases",
        "ledger_cells",
        "ledger_inputs",
        "provisional_releases",
        "submission_id_key",
        "withdrawals",
        "runs",
        "run_inputs",
        "run_outputs",
        "purge_log",
    }


def test_the_oldest_warehouse_migrates_to_the_current_schema(oldest):
    create_schema(oldest)
    with duckdb.connect() as new:
        create_schema(new)
        assert schema_of(oldest) == schema_of(new)
    # Its rows stay; the legacy release is given the revisions it was made from.
    assert oldest.execute("SELECT revision, purged_at FROM submissions").fetchall() == [(2, None)]
    assert oldest.execute("SELECT * FROM ledger_inputs").fetchall() == [
        ("collaborative/2026-07/v1", "OSE", "services", "2026-07", 2, None, None, None)
    ]
    assert oldest.execute(
        "SELECT tables, inputs_recorded, by_region FROM ledger_releases"
    ).fetchall() == [(None, True, None)]


def test_a_second_call_changes_nothing(oldest):
    create_schema(oldest)
    schema, rows = schema_of(oldest), rows_of(oldest)
    create_schema(oldest)
    assert (schema_of(oldest), rows_of(oldest)) == (schema, rows)
