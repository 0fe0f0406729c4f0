"""Render a report as PDF: WeasyPrint over the HTML page with static chart images.

Images come from kaleido, which drives the Debian chromium; its server starts once per process.
Without a working chromium the PDF is still written, with a note where each chart would be.
"""

import atexit
import base64
import os
from html import escape

from dashboards.report.document import Chart, Report
from dashboards.report.html import page

PAGE_SIZES = {"letter": "Letter", "a4": "A4"}
PDF_CSS = """
@page { size: %(size)s; margin: 18mm 14mm 18mm;
  @top-left { content: "%(header)s"; font-size: 8pt; color: #666; }
  @bottom-left { content: "Protected release: small counts suppressed"; font-size: 8pt;
    color: #666; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt;
    color: #666; } }
body { font-size: 9.5pt; max-width: none; padding: 0; }
table { font-size: 8pt; width: 100%%; break-inside: auto; }
thead { display: table-header-group; }
caption { break-after: avoid; }
tr { break-inside: avoid; }
figure.chart img { width: 100%%; }
p.missing-chart { border: 1px dashed #999; padding: 1rem; color: #555; }
"""


def _css_string(text: str) -> str:
    """Text safe inside a CSS string: a config label can't end it or start a rule."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def pdf_css(report: Report, page_size: str) -> str:
    """The print style: the page size, and every page headed by the report's title."""
    return PDF_CSS % {"size": PAGE_SIZES[page_size], "header": _css_string(report.title)}


_kaleido: dict[str, object] = {}


def _start_kaleido() -> str | None:
    """Start kaleido's server once; the reason it can't run, or None when it runs."""
    if "error" not in _kaleido:
        from choreographer.browsers.chromium import Chromium

        browser = Chromium.find_browser(skip_local=False)
        if not (browser and os.access(browser, os.X_OK)):
            # kaleido would fail inside its server thread, with a traceback and a hang
            _kaleido["error"] = "chromium is not installed (Debian: apt-get install chromium)"
            return _kaleido["error"]
        try:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True)
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            _kaleido.update(error=None, module=kaleido)
        except Exception as exc:  # kaleido raises several types when no browser can start
            _kaleido["error"] = f"chart images need chromium ({type(exc).__name__}: {exc})"
    return _kaleido["error"]


def chart_images(report: Report) -> tuple[dict[str, bytes], str | None]:
    """PNG bytes per chart key, or no images and the reason."""
    error = _start_kaleido()
    if error:
        return {}, error
    kaleido = _kaleido["module"]
    images = {}
    try:
        for chart in report.charts:
            options = {"format": "png", "width": 900, "height": chart.height, "scale": 2}
            images[chart.key] = kaleido.calc_fig_sync(chart.figure, opts=options)
    except Exception as exc:  # a browser that dies mid-way: same fallback as none at all
        return {}, f"chart images failed ({type(exc).__name__}: {exc})"
    return images, None


def render_pdf(report: Report, page_size: str = "letter") -> tuple[bytes, str | None]:
    """The PDF bytes, and a warning when charts had to be left out."""
    import weasyprint

    images, error = chart_images(report)

    def static_chart(chart: Chart) -> str:
        if chart.key not in images:
            return (
                f'<p class="missing-chart">Chart not available in this PDF ({escape(error)}); '
                "its data are in the table below.</p>"
            )
        data = base64.b64encode(images[chart.key]).decode("ascii")
        return f'<img src="data:image/png;base64,{data}" alt="{escape(chart.caption)}">'

    html = page(report, static_chart, head="", css=pdf_css(report, page_size))
    return weasyprint.HTML(string=html).write_pdf(), error
