"""The dashboards opened from disk in headless Chromium: drawn, silent, offline, redrawn."""

from pathlib import Path

import pytest

from collab.workspace import Workspace
from dashboards.site.build import build_site
from tests.dashboards.site.conftest import SCRIPT_LABEL

RENDERED = "document.body.dataset.rendered"
CHARTS = ("unmet", "gaps", "capacity", "submissions")


def build(root: Path) -> Path:
    workspace = Workspace(root)
    return build_site(workspace.reports, workspace.dashboards, workspace.require()).page


@pytest.fixture(scope="module")
def page(site_workspace, tmp_path_factory) -> Path:
    """The site built once, from the shared workspace's releases, in its own folder."""
    workspace = Workspace(site_workspace)
    target = tmp_path_factory.mktemp("browser") / "dashboards"
    return build_site(workspace.reports, target, workspace.require()).page


def test_opens_offline_without_errors_and_draws_every_chart(page, page_check):
    report = page_check(page, wait_for_js=RENDERED)
    assert report.console_errors == []
    assert report.failed_or_external_requests == []
    assert not report.blank
    drawn = report.plotly_charts
    assert drawn.total >= len(CHARTS) and drawn.rendered == drawn.total


def test_every_chart_has_a_caption_and_a_data_table(page, page_check):
    with page_check.open(page, wait_for_js=RENDERED) as tab:
        figures = tab.evaluate(
            """[...document.querySelectorAll('figure')].map(f => [
                f.querySelector('.js-plotly-plot') !== null,
                f.querySelector('.gtitle') ? f.querySelector('.gtitle').textContent : '',
                f.querySelector('figcaption').textContent.length,
                f.querySelectorAll('details table tbody tr').length])"""
        )
    assert len(figures) >= len(CHARTS)
    for has_chart, title, caption, rows in figures:
        assert has_chart and title and caption > 40 and rows > 0


def test_changing_the_selection_redraws(page, page_check):
    with page_check.open(page, wait_for_js=RENDERED) as tab:
        before = tab.evaluate("document.getElementById('chart-capacity').data.length")
        caption = tab.evaluate("document.getElementById('caption-capacity').textContent")
        tab.evaluate(
            """(() => { const region = document.getElementById('region');
                region.value = region.options[1].value;
                region.dispatchEvent(new Event('change')); })()"""
        )
        tab.wait_for(f"{RENDERED}.includes('region=' + document.getElementById('region').value)")
        after = tab.evaluate("document.getElementById('chart-capacity').data.length")
        assert after == before + 2  # the selected region's waitlist and slots
        assert tab.evaluate("document.getElementById('caption-capacity').textContent") != caption
        periods = tab.evaluate("[...document.getElementById('period').options].map(o => o.value)")
        tab.evaluate(
            f"""(() => {{ const period = document.getElementById('period');
                period.value = {periods[-1]!r};
                period.dispatchEvent(new Event('change')); }})()"""
        )
        tab.wait_for(f"{RENDERED}.startsWith('period={periods[-1]}')")
        title = tab.evaluate("document.querySelector('#chart-unmet .gtitle').textContent")
        assert title.endswith(periods[-1])
        assert tab.report().console_errors == []


def test_a_hostile_label_is_shown_as_text_and_never_runs(hostile_workspace, page_check):
    page = build(hostile_workspace)
    with page_check.open(page, wait_for_js=RENDERED) as tab:
        option = tab.evaluate("document.getElementById('region').options[1].textContent")
        scripts = tab.evaluate("document.scripts.length")
        tab.evaluate(
            """(() => { const region = document.getElementById('region');
                region.value = region.options[1].value;
                region.dispatchEvent(new Event('change')); })()"""
        )
        tab.wait_for(f"{RENDERED}.includes('region=')")
        title = tab.evaluate("document.querySelector('#chart-capacity .gtitle').textContent")
        report = tab.report()
    assert option == SCRIPT_LABEL
    assert title.endswith(f"{SCRIPT_LABEL}, all needs")  # Plotly shows it as text
    assert scripts == 5  # the three JSON blocks, plotly.js and the page script: nothing injected
    assert report.console_errors == []  # an alert() would be reported as a dialog
