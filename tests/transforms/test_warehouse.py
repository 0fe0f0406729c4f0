"""The warehouse schema: metric tables of earlier versions do not outlive an upgrade."""

import duckdb

from transforms.schema import create_schema

RETIRED = ("metric_requests_by_need", "metric_gap_ranking", "metric_submission_completeness")


def test_retired_metric_tables_are_dropped_and_the_facts_kept(tmp_path):
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        create_schema(con)
        for table in RETIRED:
            con.execute(f"CREATE TABLE {table} AS SELECT 1 AS requests")
        create_schema(con)
        tables = {
            name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
    assert not tables & set(RETIRED)
    assert {"submissions", "services", "capacity"} <= tables
