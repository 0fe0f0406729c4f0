"""The data-quality report for evaluators: one offline HTML page and CSV files.

Internal, not for publication: it names partners and files (never a flagged value), so it is
written owner-only, into the workspace's `quality/` and never under `reports/` or `dashboards/`.
Every text is HTML-escaped: labels come from partners and the config.
"""

from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

import polars as pl

from collab.files import write_atomically

MAX_HTML_ROWS = 2000
STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:80rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.n{text-align:right}
.error{color:#a50026;font-weight:600}.warning{color:#7f3b08}.info{color:#2d004b}
.note{background:#fff7e0;padding:.5rem 1rem;border-left:4px solid #e6a700}
"""


@dataclass(frozen=True)
class QualityData:
    """Everything the report shows, already computed from the warehouse."""

    collaborative: str
    files: pl.DataFrame
    findings: pl.DataFrame
    small_cells: pl.DataFrame
    attribute_disclosures: pl.DataFrame
    sole_confidential_providers: pl.DataFrame


def _table(frame: pl.DataFrame, limit: int = MAX_HTML_ROWS) -> str:
    if frame.height == 0:
        return "<p>None.</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    body = []
    for row in frame.head(limit).iter_rows():
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            text = "" if value is None else escape(str(value))
            css = (
                f' class="{text}"'
                if column == "severity"
                else (' class="n"' if isinstance(value, int) else "")
            )
            cells.append(f"<td{css}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    more = (
        f"<p>{frame.height - limit} more rows in the CSV file.</p>" if frame.height > limit else ""
    )
    return f"<table><tr>{head}</tr>{''.join(body)}</table>{more}"


def _status_by_month(files: pl.DataFrame) -> pl.DataFrame:
    if files.height == 0:
        return files
    return (
        files.with_columns(pl.col("period").fill_null("(misfiled)"))
        .group_by("period")
        .agg(
            pl.len().alias("files"),
            (pl.col("status") == "accepted").sum().alias("accepted"),
            (pl.col("status") == "superseded").sum().alias("superseded"),
            (pl.col("status") == "quarantined").sum().alias("quarantined"),
            pl.col("warnings").sum().alias("warnings"),
        )
        .sort("period")
    )


def render_html(data: QualityData, generated_at: datetime) -> str:
    """The whole report page."""
    findings = data.findings
    flagged = data.files.filter((pl.col("errors") > 0) | (pl.col("warnings") > 0))
    by_rule = (
        findings.group_by("severity", "rule", "fix")
        .len("findings")
        .sort("severity", "findings", descending=[False, True])
    )
    sections = [
        ("Files by month", _table(_status_by_month(data.files))),
        ("Findings by rule, and how to fix them", _table(by_rule)),
        ("Files with errors or warnings", _table(flagged)),
        ("Every finding (file, rule, column, row; never the value)", _table(findings)),
        (
            "Risk profile: small cells (1–10) per submission",
            _table(data.small_cells.filter(pl.col("small_cells") > 0)),
        ),
        (
            "Risk profile: small totals that disclose an attribute of everyone counted",
            _table(data.attribute_disclosures),
        ),
        (
            "Risk profile: confidential-location partners that are a need's only provider in a "
            "region",
            _table(data.sole_confidential_providers),
        ),
    ]
    body = "".join(f"<h2>{escape(title)}</h2>{html}" for title, html in sections)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>Data quality: {escape(data.collaborative)}</title><style>{STYLE}</style>"
        f"</head><body><h1>Data quality: {escape(data.collaborative)}</h1>"
        "<p class=note>Internal to the evaluators: names partners and files. Not for "
        "publication. Findings never contain a value from a partner's file.</p>"
        f"<p>Generated {escape(generated_at.strftime('%Y-%m-%d %H:%M'))} UTC. "
        f"{data.files.height} files received, {findings.height} findings.</p>{body}"
        "</body></html>"
    )


def write_quality_report(folder: Path, data: QualityData, generated_at: datetime) -> list[Path]:
    """Write index.html and the CSV files (owner-only, atomically); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    outputs = {
        "index.html": render_html(data, generated_at),
        "files.csv": data.files.write_csv(),
        "findings.csv": data.findings.write_csv(),
        "risk_small_cells.csv": data.small_cells.write_csv(),
        "risk_attribute_disclosures.csv": data.attribute_disclosures.write_csv(),
        "risk_sole_confidential_providers.csv": data.sole_confidential_providers.write_csv(),
    }
    paths = []
    for name, content in outputs.items():
        write_atomically(folder / name, content)
        paths.append(folder / name)
    return paths
