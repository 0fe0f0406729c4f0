"""The collaborative's monthly protected release.

What is published goes through `transforms.release.publish`: protected jointly with the
ledger, audited, and written only when the audit passes.
"""

from datetime import date

import dagster as dg
from dagster_duckdb import DuckDBResource

from collab.periods import is_due
from pipelines.defs.quality.assets import INTAKE
from pipelines.defs.warehouse.resources import CollabWorkspace
from transforms.release.eligibility import ReleaseRefused, publish_release
from transforms.release.publish import ReleaseError

# A year of monthly releases is what the dashboards' trends show.
TREND_MONTHS = 12


def _months(con) -> list[str]:
    return [
        m
        for (m,) in con.execute(
            "SELECT DISTINCT period FROM submissions WHERE is_current ORDER BY period"
        ).fetchall()
    ]


@dg.asset(
    key=["reports", "collaborative_release"],
    group_name="releases",
    deps=INTAKE,
    description="The collaborative's protected release of each of the last 12 months whose "
    "files are due, in reports/collaborative/<month>/ (CSV tables + manifest): the "
    "dashboards' trends. Older months: `collab report`.",
)
def collaborative_release(collab: CollabWorkspace, warehouse: DuckDBResource):
    """Publish the last due months for the collaborative; published ones are rebuilt unchanged.

    Months share no data, so monthly releases are protected independently (fast). A month
    whose data changed after publication (a resend, a late file, a withdrawal) gets a new
    version with a note, protected against the earlier ones; a release that can't be proven
    safe stops the run with the reason (fail closed). A month that must not be released (none
    of its submissions is from a partner in the config) is skipped, and the run goes on.
    """
    config = collab.config()
    today = date.today()
    reports = collab.workspace.reports
    with warehouse.get_connection() as con:
        due = [m for m in _months(con) if is_due(m, config.submissions.due_day, today)]
        due = due[-TREND_MONTHS:]
        releases, skipped = [], []
        for month in due:
            try:
                releases.append(
                    publish_release(con, config, reports, "collaborative", month, today=today)
                )
            except ReleaseRefused as exc:
                skipped.append(str(exc))
            except ReleaseError as exc:
                raise dg.Failure(description=str(exc)) from None
    if not releases:
        published = "nothing: every due month was refused" if due else "nothing due yet"
        return dg.MaterializeResult(
            metadata={"published": published, "skipped": "\n".join(skipped) or "none"}
        )
    latest = releases[-1]
    return dg.MaterializeResult(
        metadata={
            "periods": f"{due[0]}..{due[-1]}",
            "skipped": "\n".join(skipped) or "none",
            "new": sum(not r.rebuilt for r in releases),
            "latest": dg.MetadataValue.path(str(latest.folder)),
            "cells": latest.cells,
            "suppressed": latest.suppressed,
            "value_suppressed": latest.value_suppressed,
            "corrected": "\n".join(
                f"{r.folder.name}: {r.note}" for r in releases if r.note and not r.rebuilt
            )
            or "none",
        }
    )
