"""A real small workspace for the dashboard tests: synth 12 partners × 6 months, run, publish."""

import shutil
from pathlib import Path

import pytest
import yaml

from tests.dashboards.cli import collab, collab_report

SCRIPT_LABEL = "<script>alert(1)</script>"


@pytest.fixture(scope="session")
def site_workspace(tmp_path_factory) -> Path:
    """`collab run` on a synthetic collaborative; every month has its collaborative release."""
    root = tmp_path_factory.mktemp("site") / "ws"
    collab("synth", "--out", root, "--partners", 12, "--months", 6, "--seed", 5)
    collab("run", "--workspace", root)
    for month in sorted(p.name for p in (root / "inbox").iterdir() if p.name[:2] == "20"):
        if not (root / "reports" / "collaborative" / month / "manifest.json").exists():
            collab_report(root, "collaborative", month)
    return root


@pytest.fixture
def workspace_copy(site_workspace, tmp_path) -> Path:
    """A copy a test may change (config labels, releases)."""
    root = tmp_path / "ws"
    shutil.copytree(site_workspace, root, symlinks=True)
    return root


@pytest.fixture
def hostile_workspace(workspace_copy) -> Path:
    """The copy with a region label and the collaborative's name written to break out of HTML."""
    path = workspace_copy / "collaborative.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["name"] = f"Collaborative {SCRIPT_LABEL}"
    config["regions"][0]["label"] = SCRIPT_LABEL
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return workspace_copy
