"""The warehouse schema: metric tables of earlier versions do not outlive an upgrade."""

import duckdb

from transforms.warehouse import RETIRED_TABLES, create_schema


def test_retired_metric_tables_are_dropped_and_the_facts_kept(tmp_path):
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        create_schema(con)
        con.execute(f"CREATE TABLE {RETIRED_TABLES[0]} AS SELECT 1 AS requests")
        create_schema(con)
        tables = {
            name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
    assert not tables & set(RETIRED_TABLES)
    assert {"submissions", "services", "capacity"} <= tables
