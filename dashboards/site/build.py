"""Build the dashboards site into `<workspace>/dashboards/`, swapped in whole.

The site is written to a temporary folder beside `dashboards/` and renamed into place, so a
reader (or a crash) never sees half a site. One copy of plotly.js sits in `assets/`; pages load
it by a relative path, so the site works from disk with no network.
"""

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from collab.config import Collaborative
from dashboards.site.charts import base_layouts, style
from dashboards.site.data import ANSWER_TARGET, dashboard_data
from dashboards.site.page import render_page
from dashboards.site.releases import monthly_releases

STATIC = ("dashboard.js", "dashboard.css")
LEFTOVER_SECONDS = 3600  # older temporary folders are from a killed build, not a running one


@dataclass(frozen=True)
class Site:
    """What was built: the folder, its page, and the months it covers."""

    folder: Path
    page: Path
    periods: tuple[str, ...]


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _write(folder: Path, data: dict, built: datetime) -> None:
    assets = folder / "assets"
    assets.mkdir()
    (assets / "plotly.min.js").write_text(_plotly_js(), encoding="utf-8")
    static = resources.files("dashboards.site") / "static"
    for name in STATIC:
        (assets / name).write_text(static.joinpath(name).read_text(encoding="utf-8"), "utf-8")
    page = render_page(data, base_layouts(), style(), built)
    (folder / "index.html").write_text(page, encoding="utf-8")


def _remove_leftovers(target: Path) -> None:
    cutoff = time.time() - LEFTOVER_SECONDS
    for stage in ("new", "old"):
        for path in target.parent.glob(f".{target.name}-{stage}-*"):
            if path.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)


def _swap_in(built: Path, target: Path) -> None:
    """Rename the new site into place; the old one is moved aside first, then removed."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(built, target)
    if old is not None:
        shutil.rmtree(old)


def build_site(
    reports: Path,
    target: Path,
    config: Collaborative,
    answer_target: float = ANSWER_TARGET,
    now: datetime | None = None,
) -> Site:
    """Build the site from the collaborative's monthly releases under `reports/`."""
    built = now or datetime.now(UTC)
    months = monthly_releases(reports)
    data = dashboard_data(months, config, answer_target)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        _write(staging, data, built)
        staging.chmod(0o755)
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Site(target, target / "index.html", tuple(data["periods"]))
