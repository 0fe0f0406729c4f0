"""Before a run: releases published before spec v2 lose their file digests, reports drawn again.

`transforms.release.legacy_manifests` rewrites the manifests; the report renderer and the
dashboards, which the transforms may not import, are wired in here. Called with the workspace
lock held and before any job, so that a run that fails does not leave them published either.
"""

from pathlib import Path

import duckdb

from collab.workspace import Workspace
from transforms.release.legacy_manifests import legacy_manifests, scrub_manifests

# Spec v1's dashboards listed each month's quarantined files (partner-level findings).
OLD_DASHBOARD_KEY = '"quarantined_files"'


def _old_dashboards(workspace: Workspace) -> bool:
    page = workspace.dashboards / "index.html"
    return page.is_file() and OLD_DASHBOARD_KEY in page.read_text("utf-8", errors="replace")


def scrub_legacy_releases(workspace: Workspace) -> list[Path]:
    """Rewrite old manifests, draw their reports again, rebuild old dashboards.

    Returns the manifests rewritten; a second call finds nothing to do.
    """
    config = workspace.require()
    paths = legacy_manifests(workspace.reports)
    done = []
    if paths:
        from dashboards.report import render_report

        def render(folder: Path, formats: set[str], note: str | None) -> None:
            render_report(folder, config, formats, note)

        with duckdb.connect(str(workspace.warehouse)) as con:
            done = scrub_manifests(con, config, paths, render)
    if _old_dashboards(workspace):
        from dashboards.site.build import build_site

        build_site(workspace.reports, workspace.dashboards, config)
    return done
