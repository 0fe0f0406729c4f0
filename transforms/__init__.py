"""Pure Polars / DuckDB logic: reading partner files, loading the warehouse, metrics.

Never imports Dagster or `pipelines/`, so it is easy to test and reuse from the command line.
"""
