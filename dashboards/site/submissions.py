"""Partner submissions and data quality per month, from each release's manifest only.

The manifest already names confidential partners by alias (CONFIDENTIAL-n); no name is read
from anywhere else. Releases made before manifests recorded quarantined files say so (None).
"""

from collab.config import Collaborative
from dashboards.site.releases import Month


def _active(config: Collaborative, period: str) -> int:
    return sum(1 for p in config.partners if p.active_from is None or p.active_from <= period)


def submissions(months: list[Month], config: Collaborative) -> list[dict]:
    """Per month: active partners, partners submitting, files accepted, resent, quarantined."""
    rows = []
    for month in months:
        inputs = month.manifest.get("inputs", [])
        quarantined = month.manifest.get("quarantined")
        rows.append(
            {
                "period": month.period,
                "active": _active(config, month.period),
                "partners": len({i["partner"] for i in inputs}),
                "files": len(inputs),
                "resent": sum(1 for i in inputs if i.get("revision", 1) > 1),
                "quarantined": None if quarantined is None else len(quarantined),
                "quarantined_files": [
                    {"partner": q["partner"], "export": q["export"], "period": q["period"]}
                    for q in quarantined or []
                ],
            }
        )
    return rows
