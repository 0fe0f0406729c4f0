"""Pure Polars / DuckDB logic: loading the warehouse, findings, protected releases.

Never imports Dagster or `pipelines/`, so it is easy to test and reuse from the command line.
"""
