import re

from dashboards.report.build import build_report
from dashboards.report.release import load_release

PLOTLY_BANNER = "plotly.js v"


def test_html_is_one_offline_file_with_plotly_inlined_once(rendered):
    for folder in rendered.values():
        page = (folder / "report.html").read_text()
        assert page.count(PLOTLY_BANNER) == 1
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
        assert "cdn" not in re.findall(r"<script[^>]*>", page).__str__()


def test_every_chart_has_a_caption_and_a_data_table(rendered, report_config):
    folder = rendered["collaborative"]
    page = (folder / "report.html").read_text()
    report = build_report(load_release(folder), report_config, None, "")
    assert page.count('<figure class="chart"') == len(report.charts) >= 3
    assert page.count("<figcaption>") == len(report.charts)
    assert page.count("Data behind this chart") == len(report.charts)


def test_print_stylesheet_hides_toolbars_and_breaks_between_sections(rendered):
    page = (rendered["funder:VOCA"] / "report.html").read_text()
    print_css = page[page.index("@media print") :]
    assert ".modebar" in print_css
    assert "break-before: page" in print_css


def test_the_report_opens_in_chromium_with_every_chart_drawn(rendered, page_check, report_config):
    for folder in rendered.values():
        charts = len(build_report(load_release(folder), report_config, None, "").charts)
        seen = page_check(folder / "report.html")
        assert seen.console_errors == []
        assert seen.failed_or_external_requests == []
        assert not seen.blank
        assert seen.plotly_charts.total == seen.plotly_charts.rendered == charts
