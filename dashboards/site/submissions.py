"""Partner submissions and data quality per month, from each release's manifest only.

The manifest already names confidential partners by alias (CONFIDENTIAL-n); no name is read
from anywhere else. Releases made before manifests recorded missing files say so (None). Which
files were quarantined, and why, is internal to the evaluators and never published.
"""

from collab.config import Collaborative
from dashboards.site.releases import Month


def _active(config: Collaborative, period: str) -> int:
    return sum(1 for p in config.partners if p.active_from is None or p.active_from <= period)


def submissions(months: list[Month], config: Collaborative) -> list[dict]:
    """Per month: active partners, partners submitting, files accepted, resent, missing."""
    rows = []
    for month in months:
        inputs = month.manifest.get("inputs", [])
        missing = month.manifest.get("missing")
        rows.append(
            {
                "period": month.period,
                "active": _active(config, month.period),
                "partners": len({i["partner"] for i in inputs}),
                "files": len(inputs),
                "files_text": f"{len(inputs):,}",
                "resent": sum(1 for i in inputs if i.get("revision", 1) > 1),
                "missing": None if missing is None else len(missing),
                "missing_files": [
                    {"partner": m["partner"], "export": m["export"], "period": m["period"]}
                    for m in missing or []
                ],
            }
        )
    return rows
