"""The site built from real releases: its files, its data (null, never 0), escaping, swap-in."""

import csv
import json
import os
import re
import time
from pathlib import Path

import pytest

from collab.workspace import Workspace
from dashboards.site import build as site_build
from dashboards.site.build import build_site
from dashboards.site.cells import SUPPRESSED
from tests.dashboards.site.conftest import SCRIPT_LABEL


def page_data(page: Path) -> dict:
    """The JSON the page script draws from, as the browser will read it."""
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="dashboard-data">(.*?)</script>', html)
    return json.loads(found.group(1))


def build(root: Path):
    workspace = Workspace(root)
    return build_site(workspace.reports, workspace.dashboards, workspace.require())


def suppressed_cells(root: Path, table: str) -> list[dict]:
    rows = []
    for path in sorted((root / "reports" / "collaborative").glob(f"*/tables/{table}.csv")):
        with path.open(encoding="utf-8") as stream:
            rows += [r for r in csv.DictReader(stream) if r["flag"] == "suppressed"]
    return rows


def test_collab_run_writes_the_dashboards_into_the_workspace(site_workspace):
    page = site_workspace / "dashboards" / "index.html"
    assert page.is_file()
    months = sorted(p.name for p in (site_workspace / "reports" / "collaborative").iterdir())
    assert page_data(page)["periods"] == months and len(months) == 6


def test_site_has_its_files_and_exactly_one_local_plotly(workspace_copy):
    site = build(workspace_copy)
    files = {p.relative_to(site.folder).as_posix() for p in site.folder.rglob("*") if p.is_file()}
    assert files == {
        "index.html",
        "assets/plotly.min.js",
        "assets/dashboard.js",
        "assets/dashboard.css",
    }
    assert (site.folder / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    html = site.page.read_text(encoding="utf-8")
    sources = re.findall(r'<script[^>]* src="([^"]+)"', html)
    assert sources == ["assets/plotly.min.js", "assets/dashboard.js"]
    assert "http://" not in html and "https://" not in html
    assert not list(workspace_copy.glob(".dashboards-*")), "temporary folders left behind"


def test_a_suppressed_capacity_cell_is_null_with_its_reason_never_zero(workspace_copy):
    data = page_data(build(workspace_copy).page)
    cells = suppressed_cells(workspace_copy, "capacity")
    assert cells, "the fixture should have suppressed capacity cells"
    for cell in cells:
        series = data["capacity"][cell["region"]][cell["need"]][cell["measure"]]
        i = data["periods"].index(cell["period"])
        assert series["v"][i] is None and series["why"][i] == SUPPRESSED, cell


def test_survey_shares_only_from_published_yes_and_no(workspace_copy):
    data = page_data(build(workspace_copy).page)
    html = build(workspace_copy).page.read_text(encoding="utf-8")
    assert 'id="chart-safety"' in html and 'id="chart-resources"' in html
    drawn = 0
    for question, series in data["survey"].items():
        for i, share in enumerate(series["share"]["v"]):
            yes, answered = series["yes"]["v"][i], series["answered"]["v"][i]
            if share is None:
                # Not drawn: a count behind it is hidden, a lower bound, or nobody answered.
                assert series["share"]["why"][i], (question, i)
                continue
            assert series["answered"]["text"][i] == f"{answered:,}"  # exact, not "at least"
            assert share == round(yes / answered, 4)
            drawn += 1
    # A month's survey counts are small: most months show no share, which is the point.
    assert drawn < sum(len(series["share"]["v"]) for series in data["survey"].values())
    hidden = [c for c in suppressed_cells(workspace_copy, "feedback") if c["answer"] == "yes"]
    for cell in hidden:
        if cell["question"] in data["survey"]:
            i = data["periods"].index(cell["period"])
            assert data["survey"][cell["question"]]["share"]["v"][i] is None


def test_unmet_rate_is_null_where_its_counts_are_suppressed(workspace_copy):
    data = page_data(build(workspace_copy).page)
    regions = [r["code"] for r in data["regions"]]
    needs = [n["code"] for n in data["needs"]]
    checked = 0
    for cell in suppressed_cells(workspace_copy, "services"):
        if cell["outcome"] != "requests":
            continue
        matrix = data["unmet"][cell["period"]]
        i, j = needs.index(cell["need"]), regions.index(cell["region"])
        assert matrix["rate"][i][j] is None and matrix["requests"][i][j] is None
        assert matrix["why"][i][j] == SUPPRESSED
        checked += 1
    assert checked
    shown = [
        (rate, m["unmet"][i][j], m["requests"][i][j])
        for m in data["unmet"].values()
        for i, row in enumerate(m["rate"])
        for j, rate in enumerate(row)
        if rate is not None
    ]
    assert shown and all(rate == round(unmet / requests, 4) for rate, unmet, requests in shown)


def test_config_labels_come_out_escaped(hostile_workspace):
    page = build(hostile_workspace).page
    html = page.read_text(encoding="utf-8")
    assert SCRIPT_LABEL not in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the selector's option and title
    data = page_data(page)
    assert data["regions"][1]["label"] == SCRIPT_LABEL  # intact, for textContent to show
    assert data["name"].endswith(SCRIPT_LABEL)


def test_a_failed_build_leaves_the_previous_site_whole(workspace_copy, monkeypatch):
    site = build(workspace_copy)
    before = site.page.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(site_build, "render_page", broken)
    with pytest.raises(RuntimeError):
        build(workspace_copy)
    assert site.page.read_bytes() == before
    assert (site.folder / "assets" / "plotly.min.js").is_file()
    assert not list(workspace_copy.glob(".dashboards-*"))


def test_without_releases_the_page_says_so(workspace_copy):
    for folder in (workspace_copy / "reports" / "collaborative").iterdir():
        for path in sorted(folder.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        folder.rmdir()
    html = build(workspace_copy).page.read_text(encoding="utf-8")
    assert "No monthly release of the collaborative has been published yet." in html
    assert 'id="chart-' not in html


def test_a_killed_builds_leftovers_are_removed_but_not_a_running_ones(workspace_copy):
    old = workspace_copy / ".dashboards-new-killed"
    running = workspace_copy / ".dashboards-new-running"
    for folder in (old, running):
        (folder / "assets").mkdir(parents=True)
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    build(workspace_copy)
    assert not old.exists() and running.exists()


def test_confidential_partners_are_never_named(site_workspace, tmp_path):
    workspace = Workspace(site_workspace)
    config = workspace.require()
    site = build_site(workspace.reports, tmp_path / "dashboards", config)
    html = site.page.read_text(encoding="utf-8")
    confidential = [p for p in config.partners if p.confidential_location]
    assert confidential, "the fixture should have confidential partners"
    for partner in confidential:
        assert partner.id not in html and partner.label not in html


def test_releases_without_the_referral_tables_say_so_instead_of_drawing(workspace_copy):
    tables = list(workspace_copy.glob("reports/collaborative/*/tables/referral_*.csv"))
    assert tables, "the fixture's releases should have the referral tables"
    for table in tables:
        table.unlink()
    html = build(workspace_copy).page.read_text(encoding="utf-8")
    for chart, table in (
        ("flows", "referral_flows"),
        ("answers", "referral_answers"),
        ("loops", "referral_loop"),
    ):
        assert f'id="chart-{chart}"' not in html
        assert f'id="absent-{chart}"' in html and f"{table}.csv" in html
    assert 'id="chart-unmet"' in html and 'id="chart-submissions"' in html
