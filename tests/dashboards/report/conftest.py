"""A real small workspace for the report tests: synth 12 partners × 6 months, run, publish."""

import shutil
from pathlib import Path

import pytest

from collab.periods import parse_period, periods_of_month
from collab.workspace import Workspace
from dashboards.report import render_report
from tests.dashboards.cli import collab, collab_report


def _full_fiscal_quarter(months: list[str]) -> str:
    """The last federal fiscal quarter whose three months all have data."""
    quarters = [periods_of_month(m)["fiscal_quarter"] for m in months]
    return next(q for q in reversed(quarters) if set(parse_period(q).months) <= set(months))


@pytest.fixture(scope="session")
def report_workspace(tmp_path_factory) -> Path:
    """Workspace with a collaborative month release and a VOCA quarter release (CSV only)."""
    root = tmp_path_factory.mktemp("report") / "ws"
    collab("synth", "--out", root, "--partners", 12, "--months", 6, "--seed", 7)
    collab("run", "--workspace", root)
    months = sorted(p.name for p in (root / "inbox").iterdir() if p.name[:2] == "20")
    month = months[-1]
    quarter = _full_fiscal_quarter(months)
    collab_report(root, "collaborative", month)
    collab_report(root, "funder:VOCA", quarter)
    (root / "periods.txt").write_text(f"{month}\n{quarter}\n")
    return root


@pytest.fixture(scope="session")
def releases(report_workspace) -> dict[str, Path]:
    """The two release folders, by audience."""
    month, quarter = (report_workspace / "periods.txt").read_text().split()
    reports = report_workspace / "reports"
    return {
        "collaborative": reports / "collaborative" / month,
        "funder:VOCA": reports / "funder:VOCA" / quarter,
    }


@pytest.fixture(scope="session")
def report_config(report_workspace):
    return Workspace.resolve(report_workspace).require()


@pytest.fixture(scope="session")
def rendered(releases, report_config) -> dict[str, Path]:
    """Both releases rendered in every format, once per session."""
    for folder in releases.values():
        render_report(folder, report_config, {"html", "pdf", "xlsx"})
    return releases


@pytest.fixture
def release_copy(releases, tmp_path):
    """A copy of a release folder to render into without touching the session's."""

    def copy(audience: str) -> Path:
        target = tmp_path / "reports" / audience / releases[audience].name
        shutil.copytree(releases[audience], target)
        return target

    return copy
