"""The gap dashboards, built after the collaborative's releases, and a funder's report.

Both read and write only published, protected releases: the dashboards draw the monthly
collaborative releases; a funder's report is a release published for that funder and rendered.
"""

import time

import dagster as dg
from dagster_duckdb import DuckDBResource
from pydantic import Field

from dashboards.site.data import ANSWER_TARGET
from pipelines.defs.quality.assets import INTAKE
from pipelines.defs.releases.assets import collaborative_release
from pipelines.defs.warehouse.resources import CollabWorkspace
from usecases.report import ReportFailed, publish_report


class DashboardConfig(dg.Config):
    """Choices the collaborative may change without touching code."""

    answer_target: float = Field(
        default=ANSWER_TARGET,
        ge=0,
        le=1,
        description="The collaborative's target share of referrals answered within 2 days.",
    )


@dg.asset(
    key=["dashboards", "gap_dashboards"],
    group_name="dashboards",
    deps=[collaborative_release],
    description="The collaborative's gap dashboards in dashboards/ (static HTML, works "
    "offline), drawn from every published monthly release.",
)
def gap_dashboards(config: DashboardConfig, collab: CollabWorkspace) -> dg.MaterializeResult:
    """Rebuild the dashboards site from the collaborative's monthly releases."""
    from dashboards.site.build import build_site

    started = time.perf_counter()
    workspace = collab.workspace
    site = build_site(
        workspace.reports, workspace.dashboards, collab.config(), config.answer_target
    )
    return dg.MaterializeResult(
        metadata={
            "page": dg.MetadataValue.path(str(site.page)),
            "months": len(site.periods),
            "latest": site.periods[-1] if site.periods else "no release yet",
            "seconds": round(time.perf_counter() - started, 2),
        }
    )


class FunderReportConfig(dg.Config):
    """Which funder and period to publish, and the report formats to render beside the CSVs."""

    funder: str
    period: str
    formats: list[str] = ["html", "pdf", "xlsx"]


@dg.asset(
    key=["reports", "funder_report"],
    group_name="releases",
    deps=INTAKE,
    description="A funder's protected release for one period in reports/funder:<id>/<period>/ "
    "with its report (HTML, PDF, Excel); run by each funder's schedule.",
)
def funder_report(
    config: FunderReportConfig, collab: CollabWorkspace, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    """Publish (or rebuild, unchanged) the funder's release, then render its report.

    The same use case as `collab report` (`usecases/report.py`): the previous period first
    for "what changed", and a run in the audit trail. A period that must not be released (no
    data, not due, off the funder's calendar) fails the run with the reason, and nothing is
    written.
    """
    settings = collab.config()
    audience = f"funder:{config.funder}"
    with warehouse.get_connection() as con:
        try:
            report = publish_report(
                con,
                settings,
                collab.workspace.reports,
                audience,
                config.period,
                set(config.formats),
            )
        except ReportFailed as exc:
            raise dg.Failure(description=str(exc)) from None
    return dg.MaterializeResult(
        metadata={
            "audience": audience,
            "period": config.period,
            "folder": dg.MetadataValue.path(str(report.folder)),
            "files": ", ".join(sorted(p.name for p in report.folder.glob("report.*"))),
            "suppressed": report.published.suppressed,
        }
    )
