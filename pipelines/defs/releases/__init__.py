"""Metrics for evaluators, and protected releases for publication."""
