"""The embedded DuckDB warehouse: its resource and the dimension tables from the config."""
