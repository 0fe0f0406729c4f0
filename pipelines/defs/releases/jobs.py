"""The job that publishes the collaborative's latest monthly releases."""

import dagster as dg

from pipelines.defs.releases.assets import collaborative_release

release_job = dg.define_asset_job(
    "release_job", selection=dg.AssetSelection.assets(collaborative_release)
)
