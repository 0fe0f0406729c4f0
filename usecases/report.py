"""Publish one release and render its report: `collab report` and the funders' schedules.

The CSV tables and `manifest.json` are the release; `report.html`, `report.pdf` and
`report.xlsx` are drawn from that folder only. For "what changed", the previous period of the
same kind is published first when it is missing and the warehouse has its months (if that
release is refused, the report has no comparison). A release that must not exist (no data, not
due without `--provisional`, off the funder's calendar) or can't be proven safe is not written
at all. Every call is a run in the audit trail.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from collab.config import Collaborative
from collab.periods import parse_period, previous_period
from dashboards.report import render_report
from transforms.audit_trail import finish_run, start_run
from transforms.release.eligibility import publish_release
from transforms.release.publish import Published, ReleaseError

FORMATS = {"csv", "html", "pdf", "xlsx"}


class ReportFailed(Exception):
    """The release (or its report files) could not be written; the message says why."""


@dataclass(frozen=True)
class Report:
    """A published release, rendered: its folder, and why "what changed" is missing (or None)."""

    published: Published
    note: str | None

    @property
    def folder(self) -> Path:
        return self.published.folder


def _previous_release(con, config, reports, audience: str, period: str, today) -> str | None:
    """Publish the previous period's release if needed; None when it exists, else why not."""
    previous = previous_period(period)
    if (reports / audience / previous / "manifest.json").exists():
        return None
    months = parse_period(previous).months
    loaded = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT period FROM submissions WHERE is_current AND period IN "
            "(SELECT unnest($1))",
            [list(months)],
        ).fetchall()
    }
    missing = [m for m in months if m not in loaded]
    if missing:
        return f"the warehouse has no data for {', '.join(missing)} ({previous})"
    try:
        publish_release(con, config, reports, audience, previous, today=today)
    except ReleaseError as exc:
        return f"the {previous} release could not be published: {exc}"
    return None


def publish_report(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    reports: Path,
    audience: str,
    period: str,
    formats: set[str],
    provisional: bool = False,
    today: date | None = None,
) -> Report:
    """Publish one release, recorded as a run, and render `formats` into its folder."""
    today = today or date.today()
    rendered = formats - {"csv"}
    command = f"collab report --audience {audience} --period {period}"
    run_id = start_run(con, command + (" --provisional" if provisional else ""))
    try:
        published = publish_release(
            con, config, reports, audience, period, provisional=provisional, today=today
        )
        note = None
        if rendered:
            note = _previous_release(con, config, reports, audience, period, today)
    except ReleaseError as exc:
        finish_run(con, run_id, "failed", str(exc))
        raise ReportFailed(str(exc)) from None
    except BaseException as exc:
        finish_run(con, run_id, "failed", type(exc).__name__)
        raise
    finish_run(con, run_id, "ok")
    if rendered:
        try:
            render_report(published.folder, config, rendered, note)
        except OSError as exc:
            raise ReportFailed(f"could not write the report: {exc}") from None
    return Report(published, note)
