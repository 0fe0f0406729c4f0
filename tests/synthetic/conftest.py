"""Synthetic workspaces shared by the tests, generated once per session."""

from pathlib import Path

import pytest

from synthetic import generate


@pytest.fixture(scope="session")
def small_workspace(tmp_path_factory) -> Path:
    """6 partners x 4 months, with faults."""
    out = tmp_path_factory.mktemp("small") / "ws"
    generate(out, partners=6, months=4, seed=11, faults=True)
    return out


@pytest.fixture(scope="session")
def year_workspace(tmp_path_factory) -> Path:
    """14 partners x 12 months, no faults: enough data for the realism checks."""
    out = tmp_path_factory.mktemp("year") / "ws"
    generate(out, partners=14, months=12, seed=3)
    return out


@pytest.fixture(params=["small_workspace", "year_workspace"])
def workspace(request) -> Path:
    return request.getfixturevalue(request.param)
