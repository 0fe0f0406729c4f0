"""Release versions: what a release was made from, and what a correction changed.

A release is never changed silently. When the data behind a published release changes (a
partner resends a month, a late file arrives, a partner withdraws), rebuilding it makes a new
version (`<audience>/<period>/v2`, …), protected jointly with every earlier version that the
ledger keeps, and a note saying what changed. The inputs recorded here are what lets the
ledger re-make each earlier version exactly as it was published.
"""

import duckdb
import polars as pl

from collab.config import Collaborative
from transforms.release.cells import CELL_KEY
from transforms.release.membership import configured_attributes, versions
from transforms.withdrawal import active_withdrawals, covers

INPUT_SCHEMA = {
    "partner_id": pl.String,
    "export": pl.String,
    "period": pl.String,
    "revision": pl.Int32,
    "category": pl.String,
    "region": pl.String,
    "confidential": pl.Boolean,
}


def current_inputs(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    partners: frozenset[str],
    months: tuple[str, ...] | list[str],
) -> pl.DataFrame:
    """The (partner, export, month, revision) rows the facts hold now for a release's scope."""
    return (
        versions(con, list(months))
        .filter(pl.col("current") & pl.col("partner_id").is_in(sorted(partners)))
        .join(configured_attributes(config), on="partner_id", how="left")
        .select(list(INPUT_SCHEMA))
        .cast(INPUT_SCHEMA)
        .sort("partner_id", "export", "period")
    )


def _key(frame: pl.DataFrame) -> dict[tuple[str, str, str], int]:
    return {
        (p, e, m): r
        for p, e, m, r in frame.select("partner_id", "export", "period", "revision").iter_rows()
    }


def input_changes(
    con: duckdb.DuckDBPyConnection,
    before: pl.DataFrame,
    now: pl.DataFrame,
    aliases: dict[str, str],
) -> list[dict]:
    """What changed in a release's inputs since its previous version, a row per file.

    `change` is `resent` (a newer revision), `late` (a file that arrived after publication),
    `withdrawn` (the partner withdrew the month) or `left the audience` (the partner is no
    longer among the audience's partners). Confidential partners appear only by alias.
    """
    old, new = _key(before), _key(now)
    withdrawn = active_withdrawals(con)
    changes = []
    for key in sorted(old.keys() | new.keys()):
        partner, export, month = key
        if key in old and key in new:
            if old[key] == new[key]:
                continue
            change = "resent"
        elif key in new:
            change = "late"
        elif covers(withdrawn, partner, month):
            change = "withdrawn"
        else:
            change = "left the audience"
        changes.append(
            {
                "partner": aliases.get(partner, partner),
                "export": export,
                "period": month,
                "change": change,
                "revision_before": old.get(key),
                "revision_now": new.get(key),
            }
        )
    return changes


def cell_changes(before: pl.DataFrame, now: pl.DataFrame) -> dict[str, int]:
    """How many published cells changed value, became hidden, or were shown again.

    Both frames are ledger cells (key, `value`, `suppressed`); a cell a frame does not list
    is a zero, published as 0.
    """

    def shown(frame: pl.DataFrame, name: str) -> pl.DataFrame:
        return frame.select(
            *CELL_KEY, pl.col("value").alias(name), pl.col("suppressed").alias(f"h_{name}")
        )

    both = (
        shown(before, "was")
        .join(shown(now, "is"), on=CELL_KEY, how="full", coalesce=True, nulls_equal=True)
        .with_columns(pl.col("was", "is").fill_null(0), pl.col("h_was", "h_is").fill_null(False))
    )
    visible = ~pl.col("h_was") & ~pl.col("h_is")
    return {
        "values_changed": both.filter(visible & (pl.col("was") != pl.col("is"))).height,
        "newly_suppressed": both.filter(~pl.col("h_was") & pl.col("h_is")).height,
        "no_longer_suppressed": both.filter(pl.col("h_was") & ~pl.col("h_is")).height,
    }


def note(version: int, previous_created: str, changes: list[dict], cells: dict[str, int]) -> str:
    """One sentence for readers: which version this is, what it replaces, and why."""
    counts: dict[str, int] = {}
    for change in changes:
        counts[change["change"]] = counts.get(change["change"], 0) + 1
    why = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no file changed"
    return (
        f"Version {version} replaces version {version - 1} (published {previous_created}): "
        f"files changed since: {why}; {cells['values_changed']} published values changed, "
        f"{cells['newly_suppressed']} cells newly suppressed, "
        f"{cells['no_longer_suppressed']} shown again."
    )
