"""The `collab` command line: the top layer, beside the Dagster definitions."""
