"""Funder and collaborative reports (HTML, PDF, Excel) rendered from one protected release."""

import logging
from pathlib import Path

from collab.config import Collaborative
from collab.files import write_atomically
from collab.periods import previous_period
from dashboards.report.build import build_report
from dashboards.report.release import load_release

log = logging.getLogger(__name__)


def render_report(
    folder: Path, config: Collaborative, formats: set[str], comparison_note: str | None = None
) -> list[Path]:
    """Write report.html / .pdf / .xlsx of the release in `folder`; returns the files written.

    The previous period's release, if published beside this one, is the comparison;
    `comparison_note` says why there is none when the caller already knows. CSV is the release
    itself, so nothing is rendered for it.
    """
    folder = Path(folder)
    release = load_release(folder)
    previous_folder = folder.parent / previous_period(release.period)
    previous = None
    if (previous_folder / "manifest.json").exists():
        previous = load_release(previous_folder)
    note = comparison_note or f"the {previous_folder.name} release has not been published"
    report = build_report(release, config, previous, note)
    written = []
    if "html" in formats:
        from dashboards.report.html import render_html

        written.append(_write(folder / "report.html", render_html(report)))
    if "pdf" in formats:
        from dashboards.report.pdf import render_pdf

        content, warning = render_pdf(report, config.reports.page_size)
        if warning:
            log.warning("collab report: report.pdf has no chart images: %s", warning)
        written.append(_write(folder / "report.pdf", content))
    if "xlsx" in formats:
        from dashboards.report.xlsx import render_xlsx

        written.append(_write(folder / "report.xlsx", render_xlsx(report, release, config)))
    return written


def _write(path: Path, content: str | bytes) -> Path:
    write_atomically(path, content, mode=0o644)
    return path
