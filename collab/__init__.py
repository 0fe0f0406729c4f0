"""collab-eval: evaluation and funder reporting for a survivor-service collaborative.

This package holds what every other package shares and the command line: the partner
export contract, the collaborative config, periods and the workspace layout. It imports
neither Dagster nor Great Expectations, so `collab check` stays fast.
"""
