"""The browser harness reports what a reader would see: errors, outside requests, blank pages."""

from pathlib import Path

import plotly.graph_objects as go
import plotly.offline
import pytest

from tests.browser_harness import PageNotReady, PageScriptError


def write_page(folder: Path, body: str, head: str = "") -> Path:
    page = folder / "page.html"
    page.write_text(f"<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    return page


def chart_div(title: str) -> str:
    figure = go.Figure(go.Bar(x=["shelter", "legal", "counselling"], y=[12, None, 30]))
    figure.update_layout(title=title)
    return figure.to_html(include_plotlyjs=False, full_html=False)


@pytest.fixture(scope="module")
def inline_plotly() -> str:
    return f"<script>{plotly.offline.get_plotlyjs()}</script>"


def test_console_errors_exceptions_and_failed_loads_are_reported(page_check, tmp_path):
    page = write_page(
        tmp_path,
        "<h1>Referrals</h1><img src='missing.png'>"
        "<script>console.log('fine'); console.error('boom', 3);"
        "setTimeout(() => alert('saved'), 0); null.rate;</script>",
    )

    errors = page_check(page).console_errors

    assert "console.error: boom 3" in errors
    assert "dialog alert: saved" in errors
    assert any(e.startswith("uncaught: TypeError") for e in errors)
    assert any("missing.png" in e and "ERR_FILE_NOT_FOUND" in e for e in errors)
    assert not any("fine" in e for e in errors)


def test_a_clean_page_reports_nothing(page_check, tmp_path):
    report = page_check(write_page(tmp_path, "<h1>Referrals</h1><p>All answered.</p>"))

    assert report.console_errors == []
    assert report.failed_or_external_requests == []
    assert not report.blank
    assert report.screenshot_png.startswith(b"\x89PNG")


def test_requests_that_leave_the_machine_are_listed(page_check, tmp_path):
    (tmp_path / "local.png").write_bytes(b"")
    page = write_page(
        tmp_path,
        "<img src='http://example.invalid/x.png'><img src='local.png'>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        "<iframe src='https://frame.example.org/'></iframe>"
        "<script>fetch('https://example.org/rates.json').catch(() => {});"
        "new WebSocket('wss://example.org/live');"
        "const job = \"fetch('https://worker.example.org/counts').catch(() => {})\";"
        "new Worker(URL.createObjectURL(new Blob([job], {type: 'text/javascript'})));</script>",
    )

    requests = page_check(page).failed_or_external_requests

    assert sorted(requests) == [
        "http://example.invalid/x.png",
        "https://example.org/rates.json",
        "https://frame.example.org/",
        "https://worker.example.org/counts",
        "wss://example.org/live",
    ]


def test_file_pages_keep_an_ordinary_browsers_rules(page_check, tmp_path):
    """A page that only works with relaxed file-URL security would break for its readers."""
    (tmp_path / "data.json").write_text("{}")
    page = write_page(tmp_path, "<p>x</p><script>fetch('data.json');</script>")

    errors = page_check(page).console_errors

    assert any("data.json" in e for e in errors)


def test_an_empty_page_is_blank(page_check, tmp_path):
    assert page_check(write_page(tmp_path, "")).blank
    assert page_check(write_page(tmp_path, "<div style='background:#fff'></div>")).blank


def test_an_inline_plotly_chart_renders_offline(page_check, tmp_path, inline_plotly):
    page = write_page(tmp_path, chart_div("Requests") + chart_div("Unmet"), head=inline_plotly)

    report = page_check(page)

    assert report.plotly_charts == (2, 2)
    assert not report.blank
    assert report.console_errors == []
    assert report.failed_or_external_requests == []


def test_a_chart_whose_plotly_comes_from_a_cdn_does_not_render(page_check, tmp_path):
    page = tmp_path / "cdn.html"
    page.write_text(go.Figure(go.Bar(x=["a"], y=[1])).to_html(include_plotlyjs="cdn"))

    report = page_check(page)

    assert report.plotly_charts == (1, 0)
    assert report.blank
    assert [r for r in report.failed_or_external_requests if r.startswith("https://cdn.plot.ly/")]
    assert any("Plotly is not defined" in e for e in report.console_errors)


def test_javascript_runs_on_the_open_page(page_check, tmp_path, inline_plotly):
    """A chart in a hidden section is not drawn for the reader until a selector shows it."""
    page = write_page(
        tmp_path,
        "<select id='view'><option>requests</option><option>unmet</option></select>"
        + chart_div("Requests")
        + f"<div id='unmet' style='display:none'>{chart_div('Unmet')}</div><script>"
        "document.getElementById('view').onchange = () => {"
        " const unmet = document.getElementById('unmet'); unmet.style.display = 'block';"
        " Plotly.Plots.resize(unmet.querySelector('.plotly-graph-div')); };"
        "</script>",
        head=inline_plotly,
    )

    with page_check.open(page) as tab:
        before = tab.plotly_charts()
        tab.evaluate(
            "const view = document.getElementById('view'); view.value = 'unmet';"
            "view.dispatchEvent(new Event('change'))"
        )
        tab.wait_for("document.getElementById('unmet').style.display === 'block'")
        with pytest.raises(PageScriptError, match="nothing"):
            tab.evaluate("nothing.here")
        report = tab.report()

    assert before == (2, 1)
    assert report.plotly_charts == (2, 2)
    assert report.console_errors == []


def test_waiting_for_a_condition_that_never_holds_says_what_happened(page_check, tmp_path):
    page = write_page(tmp_path, "<p>x</p><script>console.error('never ready')</script>")

    with pytest.raises(PageNotReady, match="never ready"):
        with page_check.open(page, wait_for_js="window.ready === true", timeout=0.5):
            pass
