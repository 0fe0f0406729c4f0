"""Render a report as one self-contained HTML page: interactive charts, offline, printable.

plotly.js is inlined once in the head; each chart is a div drawn by it. Every text from data or
config goes through `escape`: partner, region and funder labels may hold markup.
"""

from collections.abc import Callable
from html import escape

import plotly.offline

from dashboards.report.document import BulletList, Chart, Paragraph, Report, Table
from dashboards.style import FONT_FAMILY

CSS = f"""
body {{ font-family: {FONT_FAMILY}; color: #222; max-width: 60rem; margin: 0 auto;
  padding: 1rem 1.5rem 3rem; line-height: 1.45; }}
header h1 {{ font-size: 1.6rem; margin: 0.5rem 0 0.2rem; }}
header p {{ color: #555; margin: 0; }}
nav ol {{ columns: 2; padding-left: 1.2rem; }}
h2 {{ border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; margin-top: 2.2rem; }}
table {{ border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.9em; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: 0.3rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left;
  vertical-align: top; }}
th {{ background: #f3f3f3; }}
td.num, td.at_least {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.suppressed {{ color: #666; font-style: italic; text-align: right;
  background: repeating-linear-gradient(45deg, #fff, #fff 4px, #eee 4px, #eee 8px); }}
td.at_least {{ font-style: italic; }}
figure.chart {{ margin: 1.2rem 0; break-inside: avoid; }}
figcaption {{ font-size: 0.9em; color: #444; }}
p.note {{ font-size: 0.9em; color: #444; border-left: 3px solid #E69F00; padding-left: 0.6rem; }}
@media print {{
  body {{ max-width: none; padding: 0; }}
  nav, .modebar-container, .modebar {{ display: none !important; }}
  section {{ break-before: page; }}
  section:first-of-type {{ break-before: auto; }}
  details > summary {{ display: none; }}
  table, figure.chart {{ break-inside: avoid; }}
}}
"""


def table_html(table: Table) -> str:
    """A table with escaped cells; suppressed cells keep their word, never a 0."""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{c.kind}">{escape(c.text)}</td>'
            if i
            else f'<th scope="row">{escape(c.text)}</th>'
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f"<table><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def interactive_chart(chart: Chart) -> str:
    """The chart as a plotly div (plotly.js is already on the page)."""
    return chart.figure.to_html(
        include_plotlyjs=False,
        full_html=False,
        div_id=f"chart-{chart.key}",
        default_height=chart.height,
        config={"displaylogo": False, "responsive": True},
    )


def page(report: Report, chart_html: Callable[[Chart], str], head: str, css: str = "") -> str:
    """The whole page; `chart_html` draws a chart (interactive div or static image)."""
    parts = []
    for section in report.sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, Chart):
                blocks.append(
                    f'<figure class="chart" aria-label="{escape(block.caption)}">'
                    f"{chart_html(block)}<figcaption>{escape(block.caption)}</figcaption>"
                    f"<details><summary>Data behind this chart</summary>"
                    f"{table_html(block.table)}</details></figure>"
                )
            elif isinstance(block, Table):
                blocks.append(table_html(block))
            elif isinstance(block, Paragraph):
                blocks.append(f'<p class="{block.kind}">{escape(block.text)}</p>')
            elif isinstance(block, BulletList):
                items = "".join(f"<li>{escape(i)}</li>" for i in block.items)
                blocks.append(f"<ul>{items}</ul>")
        parts.append(
            f'<section id="{section.key}"><h2>{escape(section.title)}</h2>{"".join(blocks)}'
            "</section>"
        )
    toc = "".join(f'<li><a href="#{s.key}">{escape(s.title)}</a></li>' for s in report.sections)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(report.title)}</title><style>{CSS}{css}</style>{head}</head><body>"
        f"<header><h1>{escape(report.title)}</h1><p>{escape(report.subtitle)}</p></header>"
        f'<nav aria-label="Contents"><ol>{toc}</ol></nav><main>{"".join(parts)}</main>'
        "</body></html>"
    )


def render_html(report: Report) -> str:
    """The interactive page, with plotly.js inlined once."""
    script = f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>'
    return page(report, interactive_chart, script)
