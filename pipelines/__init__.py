"""Dagster definitions of collab-eval: the only package that knows Dagster."""
