"""Data-quality and re-identification risk rules for partner exports.

Every rule has a stable id and a severity; findings name the file, rule, column and row and
never the value in the cell. Never imports `pipelines/` or Dagster.
"""
