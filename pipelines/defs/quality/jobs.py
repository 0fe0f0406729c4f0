"""The job that refreshes the risk profile and the data-quality report."""

import dagster as dg

from pipelines.defs.quality.assets import data_quality_report, risk_profile_tables

quality_job = dg.define_asset_job(
    "quality_job", selection=dg.AssetSelection.assets(risk_profile_tables, data_quality_report)
)
