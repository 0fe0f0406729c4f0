"""The job that refreshes metrics and the collaborative's latest monthly release."""

import dagster as dg

from pipelines.defs.releases.assets import collaborative_metrics, collaborative_release

release_job = dg.define_asset_job(
    "release_job", selection=dg.AssetSelection.assets(collaborative_metrics, collaborative_release)
)
