"""What the collaborative does, once: the use cases that the CLI and Dagster both call.

Above the transforms and dashboards, below `pipelines/` (thin Dagster wrappers) and `cli/`,
so a scheduled funder report and `collab report` are the same code and leave the same trail.
"""
