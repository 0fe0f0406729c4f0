"""Which releases may be made (spec: "Which releases can be made"), and making them.

A release needs data: when no partner of its audience has an accepted submission for its
months, it is refused. Its last month must be due (that month's `submissions.due_day`
deadline has passed), unless it is provisional. A funder's release is a period of that
funder's calendar. A refused release writes nothing: no folder, no ledger row.

Every entry point publishes through `publish_release` (`collab report` and its previous
period, the collaborative's monthly releases, a funder's scheduled report), so they all refuse
the same periods.

A provisional release is published like any other: protected jointly with the ledger and
recorded in it, so whatever is published later is protected against it too (what was handed
out can't be taken back). `provisional_releases` lists it and its manifest says
`"provisional": true`. It never becomes final by itself: only a release made once the period
is due is final. That is a new version when the data changed since; when nothing changed,
`publish` re-issues the same cells and `final_at` records when they became final.
"""

import json
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from collab.config import Collaborative
from collab.files import write_atomically
from collab.periods import CALENDAR_KINDS, due_date, is_due, nearest_period, parse_period
from transforms.release.publish import Published, ReleaseError, audience_partners, publish

CALENDAR_NAMES = {
    "monthly": "months",
    "calendar_quarter": "calendar quarters",
    "federal_quarter": "federal quarters",
    "semiannual": "half-years",
    "annual_federal": "federal fiscal years",
}


class ReleaseRefused(ReleaseError):
    """The release must not exist: no data, not due yet, or off the funder's calendar."""


def _span(months: tuple[str, ...]) -> str:
    return months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"


def _has_accepted(con: duckdb.DuckDBPyConnection, partners, months) -> bool:
    return con.execute(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE is_current AND status = 'accepted' "
        "AND period IN (SELECT unnest($1)) AND partner_id IN (SELECT unnest($2)))",
        [list(months), sorted(partners)],
    ).fetchone()[0]


def refusal(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    audience: str,
    period: str,
    today: date,
    provisional: bool = False,
) -> str | None:
    """Why this release can't be made, in one line; None when it can.

    Raises ReleaseError for a period or audience that does not exist at all.
    """
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise ReleaseError(str(exc)) from None
    partners = audience_partners(config, audience)
    funder = next((f for f in config.funders if f"funder:{f.id}" == audience), None)
    if funder is not None and parsed.kind != CALENDAR_KINDS[funder.calendar]:
        nearest = nearest_period(period, CALENDAR_KINDS[funder.calendar])
        return (
            f"{audience} reports on {CALENDAR_NAMES[funder.calendar]} (calendar "
            f"{funder.calendar}), not {period}; the nearest is {nearest}"
        )
    if not _has_accepted(con, partners, parsed.months):
        return (
            f"{audience} {period}: no partner of this audience has an accepted submission "
            f"for {_span(parsed.months)}"
        )
    last, due_day = parsed.months[-1], config.submissions.due_day
    if not provisional and not is_due(last, due_day, today):
        return (
            f"{audience} {period}: not due yet ({last}'s files are due by "
            f"{due_date(last, due_day).isoformat()}); --provisional makes a provisional release"
        )
    return None


def _record(con: duckdb.DuckDBPyConnection, folder: Path, provisional: bool) -> None:
    """Record a provisional release, then say so in its manifest; or when one became final.

    Called after `publish`, whose `create_schema` made `provisional_releases`.
    """
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    now = datetime.now(UTC).replace(tzinfo=None)
    if not provisional:
        con.execute(
            "UPDATE provisional_releases SET final_at = ? "
            "WHERE release_id = ? AND final_at IS NULL",
            [now, manifest["release_id"]],
        )
        return
    con.execute(
        "INSERT INTO provisional_releases VALUES (?, ?, NULL) ON CONFLICT DO NOTHING",
        [manifest["release_id"], now],
    )
    items = list(manifest.items())
    after = [key for key, _ in items].index("version") + 1 if "version" in manifest else 0
    items.insert(after, ("provisional", True))
    write_atomically(path, json.dumps(dict(items), indent=2), mode=0o644)


def publish_release(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    reports: Path,
    audience: str,
    period: str,
    *,
    provisional: bool = False,
    today: date | None = None,
) -> Published:
    """Publish one release if it may exist; raises ReleaseRefused (nothing written) if not.

    `provisional` lets a period that is not due yet be published, marked provisional; a
    period already due is published final whatever `provisional` says.
    """
    today = today or date.today()
    reason = refusal(con, config, audience, period, today, provisional)
    if reason is not None:
        raise ReleaseRefused(f"{reason}; nothing was written")
    published = publish(con, config, reports, audience, period)
    due = is_due(parse_period(period).months[-1], config.submissions.due_day, today)
    _record(con, published.folder, provisional=not due)
    return published
