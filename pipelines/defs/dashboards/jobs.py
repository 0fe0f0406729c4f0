"""Jobs the schedules run: the collaborative's monthly release + dashboards, a funder's report."""

import dagster as dg

from pipelines.defs.dashboards.assets import funder_report, gap_dashboards
from pipelines.defs.releases.assets import collaborative_release

collaborative_monthly_job = dg.define_asset_job(
    "collaborative_monthly_job",
    selection=dg.AssetSelection.assets(collaborative_release, gap_dashboards),
    description="Publish the collaborative's due monthly releases, then rebuild the dashboards.",
)
dashboards_job = dg.define_asset_job(
    "dashboards_job",
    selection=dg.AssetSelection.assets(gap_dashboards),
    description="Rebuild the gap dashboards from the releases already published.",
)
funder_report_job = dg.define_asset_job(
    "funder_report_job",
    selection=dg.AssetSelection.assets(funder_report),
    description="Publish one funder's release for one period and render its report.",
)
