"""Build, protect, audit and publish one release: `reports/<audience>/<period>/`.

Order matters for safety: the release is protected and audited first (fail closed: nothing is
written when the audit finds a leak), then recorded in the ledger, then its files are written
to a temporary folder and renamed into place. A crash after the ledger commit leaves a ledger
that protects more than was published, never the other way round.
"""

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from collab.config import Collaborative
from collab.files import write_atomically
from collab.periods import parse_period
from sdc.audit import audit_pattern
from sdc.suppress import ProtectionError, protect
from transforms.release import ledger
from transforms.release.assemble import LedgerMismatch, assemble
from transforms.release.atoms import load_atoms
from transforms.release.cells import CELL_KEY, row_months
from transforms.release.grid import grid, published_table
from transforms.release.membership import TooManyReleases, membership, partner_attributes
from transforms.release.regions import by_region
from transforms.release.spec import ALL, REGIONAL, TABLES, period_rows
from transforms.release.submission_ids import submission_id, submission_key
from transforms.release.versions import cell_changes, current_inputs, input_changes, note
from transforms.schema import create_schema
from transforms.status import submission_status

VERSIONS = "versions"  # earlier versions of a release, kept inside its folder
MISSING = ("quarantined", "missing", "not_due")  # statuses with no accepted file


class ReleaseError(Exception):
    """A release can't be built or proven safe; the message says why. Nothing was written."""


@dataclass(frozen=True)
class Published:
    """Where a release went and what protecting it cost."""

    folder: Path
    cells: int
    suppressed: int
    primary: int
    secondary: int
    value_suppressed: int
    rebuilt: bool  # unchanged since published: rewritten from the ledger
    version: int = 1
    note: str | None = None  # what a version after the first corrected


def audience_partners(config: Collaborative, audience: str) -> frozenset[str]:
    """`collaborative` is every partner; `funder:<id>` that funder's partners."""
    if audience == "collaborative":
        return config.partner_ids
    if audience.startswith("funder:"):
        funder = next((f for f in config.funders if f.id == audience.split(":", 1)[1]), None)
        if funder is not None:
            return frozenset(funder.partners)
    known = ", ".join(["collaborative", *[f"funder:{f.id}" for f in config.funders]])
    raise ReleaseError(f"unknown audience {audience!r}; use one of: {known}")


def _aliases(config: Collaborative) -> dict[str, str]:
    """Confidential-location partners appear in manifests only as CONFIDENTIAL-<n>."""
    confidential = sorted(config.confidential_ids)
    return {p: f"CONFIDENTIAL-{i}" for i, p in enumerate(confidential, start=1)}


def _missing(con, config: Collaborative, partners, months, today) -> list[dict]:
    """The audience's exports and months that no accepted file covers: the release says so.

    Only whether a file is missing is published, never why (a quarantined file's findings are
    partner-level quality findings, internal to the evaluators).
    """
    status = submission_status(con, config, today)
    rows = status.filter(
        pl.col("partner_id").is_in(sorted(partners))
        & pl.col("period").is_in(list(months))
        & pl.col("status").is_in(MISSING)
    ).sort("partner_id", "export", "period")
    alias = _aliases(config)
    return [
        {"partner": alias.get(p, p), "export": e, "period": m}
        for p, e, m in rows.select("partner_id", "export", "period").iter_rows()
    ]


def _inputs(con, config: Collaborative, partners, months) -> list[dict]:
    """The submissions a release was made from, each by an opaque id, never a file digest."""
    rows = con.execute(
        "SELECT partner_id, export, period, revision, sha256 FROM submissions "
        "WHERE is_current AND period IN (SELECT unnest($1)) "
        "AND partner_id IN (SELECT unnest($2)) ORDER BY partner_id, export, period",
        [list(months), sorted(partners)],
    ).fetchall()
    alias = _aliases(config)
    key = submission_key(con)
    return [
        {
            "partner": alias.get(p, p),
            "export": e,
            "period": m,
            "revision": r,
            "submission": submission_id(key, p, e, m, r, s),
        }
        for p, e, m, r, s in rows
    ]


def _manifest(release, inputs, missing, tables, created_at, threshold) -> dict:
    """What a release is: every number in it is a cell count or derivable from the tables.

    No sum over hidden cells (value suppressed, value total) and no split of the hidden
    cells into primary and secondary (it would say how many hidden cells are below k): both
    stay in the ledger.
    """
    return {
        "audience": release.audience,
        "period": release.period,
        "months": list(release.months),
        "release_id": release.release_id,
        "version": release.version,
        "created_at": created_at.isoformat(timespec="seconds"),
        "threshold": threshold,
        "inputs": inputs,
        "missing": missing,
        "tables": [
            {
                "file": f"tables/{name}.csv",
                "dimensions": [TABLES[name].published_name(c) for c in TABLES[name].columns],
                "total_members": {
                    "period": release.period,
                    **{TABLES[name].published_name(c): ALL for c in TABLES[name].totals},
                    **(
                        {TABLES[name].leaf_name: TABLES[name].leaf_total}
                        if TABLES[name].leaf_total
                        else {}
                    ),
                },
                **(
                    {"broken_down_by_region": name in release.by_region} if name in REGIONAL else {}
                ),
                "cells": frame.height,
                "suppressed": int((frame["flag"] == "suppressed").sum()),
            }
            for name, frame in tables.items()
        ],
        "suppressed_cells": sum(int((f["flag"] == "suppressed").sum()) for f in tables.values()),
        "confidential_partners_named": False,
    }


def _version_of(folder: Path) -> int | None:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("version", 1)
    except (OSError, ValueError):
        return None


def _keep_versions(folder: Path, staging: Path, version: int) -> None:
    """Carry `versions/` over, and file the folder's own release there if it is older."""
    if not folder.is_dir():
        return
    if (folder / VERSIONS).is_dir():
        shutil.copytree(folder / VERSIONS, staging / VERSIONS)
    shown = _version_of(folder)
    if shown is not None and shown < version:
        shutil.copytree(
            folder, staging / VERSIONS / f"v{shown}", ignore=shutil.ignore_patterns(VERSIONS)
        )


def _write_folder(folder: Path, tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.tmp-"))
    try:
        _keep_versions(folder, staging, manifest["version"])
        for name, frame in tables.items():
            write_atomically(staging / "tables" / f"{name}.csv", frame.write_csv(), mode=0o644)
        write_atomically(staging / "manifest.json", json.dumps(manifest, indent=2), mode=0o644)
        staging.chmod(0o755)
        if folder.exists():
            retired = folder.with_name(f".{folder.name}.old-{os.getpid()}")
            os.replace(folder, retired)
            os.replace(staging, folder)
            shutil.rmtree(retired)
        else:
            os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _stats(new_cells: pl.DataFrame) -> dict:
    hidden = new_cells.filter(pl.col("suppressed"))
    primary = int(new_cells["primary_suppressed"].sum())
    return {
        "cells": new_cells.height,
        "suppressed": hidden.height,
        "primary": primary,
        "secondary": hidden.height - primary,
        "value_suppressed": int(hidden["value"].sum()),
        "value_total": int(new_cells["value"].sum()),
    }


def _protect(con, config, release, everything, threshold) -> tuple[pl.DataFrame, dict]:
    """Protect a new release jointly with the linked ledger; audit; fail closed."""
    linked = ledger.linked(everything, release.months)
    try:
        assembly = assemble(con, config, release, linked, threshold)
    except (LedgerMismatch, TooManyReleases) as exc:
        raise ReleaseError(
            f"{release.audience} {release.period}: {exc}; nothing was written"
        ) from None
    problem = assembly.problem
    try:
        suppression = protect(problem)
    except ProtectionError as exc:
        raise ReleaseError(f"{release.audience} {release.period}: {exc}") from None
    final = assembly.cells.with_columns(pl.Series("suppressed", suppression.suppressed))
    # The audit checks each witness the protection offers against what is published.
    leaks = audit_pattern(problem, suppression.suppressed, suppression.witnesses)
    if leaks:
        kinds = sorted({leak.kind for leak in leaks})
        raise ReleaseError(
            f"{release.audience} {release.period}: the audit found {len(leaks)} small "
            f"quantities that could be derived ({', '.join(kinds)}); nothing was written"
        )
    is_new = problem.cells.is_new
    new_cells = final.filter(pl.col("is_new")).with_columns(
        pl.Series("primary_suppressed", suppression.primary[is_new])
    )
    # Earlier releases whose partners are all in this one: a 0 here is a 0 there.
    within = [r.release_id for r in linked if r.partners <= release.partners]
    new_cells = pl.concat(
        [new_cells, _vanished(assembly.cells, release, within)], how="diagonal_relaxed"
    )
    new_cells = pl.concat(
        [new_cells, _row_zeros(new_cells, config, release)], how="diagonal_relaxed"
    )
    new_cells = _hide_shelter_only_periods(con, config, release, new_cells)
    return new_cells.drop("hides_row"), _stats(new_cells)


def _hidden_zeros(keys: pl.DataFrame, release) -> pl.DataFrame:
    """Cells of the new release at these keys, each a 0 written as hidden (and so recorded)."""
    return keys.with_columns(
        pl.lit(0, pl.Int64).alias("value"),
        pl.lit(True).alias("suppressed"),
        pl.lit(False).alias("primary_suppressed"),
        pl.lit(True).alias("is_new"),
        pl.lit(release.release_id).alias("release_id"),
    )


def _shelter_only_periods(con, config: Collaborative, release) -> list[tuple[str, str]]:
    """(table, period) of the regional tables where every contributor is a confidential one.

    Zeros are published, so a hidden cell is known to be non-zero: in a period whose only
    contributors are shelters, the pattern of zeros and hidden cells is their own profile,
    which held against the collaborative's regional zeros says where they are (an outside
    attack placed a shelter so, from a VOCA quarter whose other grantee joined later).
    """
    sent = current_inputs(con, config, release.partners, release.months)
    periods = [(release.period, release.months), *row_months(release.months, release.period_rows)]
    found = []
    for table in REGIONAL:
        if table not in release.tables:
            continue
        rows = sent.filter(pl.col("export") == table)
        for label, months in periods:
            who = set(rows.filter(pl.col("period").is_in(months))["partner_id"])
            if who and who <= config.confidential_ids:
                # The cell key's `months`: a stock table's period row is its last month.
                covered = months[-1] if TABLES[table].stock else "|".join(months)
                found.append((table, label, covered))
    return found


def _hide_shelter_only_periods(con, config, release, new_cells: pl.DataFrame) -> pl.DataFrame:
    """Hide every cell of a shelter-only period of a regional table, zeros included."""
    found = _shelter_only_periods(con, config, release)
    if not found:
        return new_cells
    keys = pl.concat(
        [
            grid(table, config, release)
            .filter(pl.col("period") == label)
            .with_columns(pl.lit(covered).alias("months"))
            for table, label, covered in found
        ]
    )
    key = [c for c in CELL_KEY if c != "months"]
    zeros = _hidden_zeros(
        keys.join(new_cells.select(key), on=key, how="anti", nulls_equal=True), release
    )
    shelter_only = pl.struct("table", "period").is_in(
        [{"table": t, "period": p} for t, p, _ in found]
    )
    hidden = new_cells.with_columns((pl.col("suppressed") | shelter_only).alias("suppressed"))
    return pl.concat([hidden, zeros], how="diagonal_relaxed")


def _row_zeros(new_cells: pl.DataFrame, config: Collaborative, release) -> pl.DataFrame:
    """The zeros of a row of regions that hides a shelter's figure: hidden too, and recorded.

    `assemble` hides a whole row of regions when one region's cell locates a shelter; the
    regions no partner reported in have no cell, and the grid would show them as 0. Written as
    cells (value 0, hidden) so that the ledger keeps them and a rewrite shows the same.
    """
    rows = (
        new_cells.filter(pl.col("hides_row").fill_null(False))
        .select([c for c in CELL_KEY if c != "region"])
        .unique()
    )
    regions = pl.DataFrame({"region": [r.code for r in config.regions]})
    return (
        rows.join(regions, how="cross")
        .select(CELL_KEY)
        .join(new_cells.select(CELL_KEY), on=CELL_KEY, how="anti", nulls_equal=True)
        .pipe(_hidden_zeros, release)
    )


def _vanished(cells: pl.DataFrame, release, within: list[str]) -> pl.DataFrame:
    """Cells an earlier release hid (so non-zero) that are 0 now: hidden too.

    Zeros are published, so a hidden cell is known to be non-zero. When the earlier release's
    partners are all in this one (`within`: earlier versions, a funder's subset), showing 0
    would say the withdrawn or corrected partner was the cell's only contributor, and where.
    """
    periods = [release.period, *(p for p, _ in row_months(release.months, release.period_rows))]
    earlier = cells.filter(
        ~pl.col("is_new")
        & pl.col("suppressed")
        & (pl.col("value") > 0)
        & pl.col("release_id").is_in(within)
        & pl.col("period").is_in(periods)
        & pl.col("months").str.split("|").list.eval(pl.element().is_in(release.months)).list.all()
    )
    now = cells.filter(pl.col("is_new")).select(CELL_KEY)
    return (
        earlier.select(CELL_KEY)
        .unique()
        .join(now, on=CELL_KEY, how="anti", nulls_equal=True)
        .pipe(_hidden_zeros, release)
    )


def _by_region(con, config: Collaborative, release, everything) -> tuple[str, ...]:
    """Which regional tables the release may break down by region.

    From its current data (`regions.py`), and never where a confidential partner's data
    differ from what a linked release of the same months was made from (a withdrawal, a
    resend, a late file): the cells that a correction hides would all lie in the shelter's
    region, and so show where it is. Whether a confidential partner's inputs changed is in
    the manifests (by alias), so the decision tells nothing more.
    """
    months = list(release.months)
    atoms = load_atoms(
        con,
        months,
        membership(con, months, [(None, release.partners)]),
        partner_attributes(con, config, []),
    )
    regions = tuple(r.code for r in config.regions)
    confidential = config.confidential_ids
    shape = by_region(atoms, 0, release.months, regions, bool(release.partners & confidential))
    changed = _confidential_changes(con, config, release, everything, confidential)
    return tuple(t for t in shape if t not in changed)


def _confidential_changes(con, config, release, everything, confidential) -> set[str]:
    """Regional tables in which a confidential partner's versions differ from a linked release's."""
    linked = ledger.linked(everything, release.months)
    if not linked or not release.partners & confidential:
        return set()
    key = ["partner_id", "export", "period", "revision"]
    now = current_inputs(con, config, release.partners & confidential, release.months)
    recorded = ledger.inputs(con, [r.release_id for r in linked])
    changed = set()
    for earlier in linked:
        shared = sorted(set(release.months) & set(earlier.months))
        both = sorted(release.partners & earlier.partners & confidential)
        scope = (
            pl.col("partner_id").is_in(both)
            & pl.col("period").is_in(shared)
            & pl.col("export").is_in(REGIONAL)
        )
        mine = now.filter(scope).select(key).unique()
        theirs = (
            recorded.filter((pl.col("release_id") == earlier.release_id) & scope)
            .select(key)
            .unique()
            .cast(mine.schema)
        )
        differ = pl.concat(
            [mine.join(theirs, on=key, how="anti"), theirs.join(mine, on=key, how="anti")]
        )
        changed |= set(differ["export"])
    return changed


def _unchanged(con, config, latest, candidate, threshold) -> pl.DataFrame | None:
    """The ledger's cells of the latest version when the data behind it has not changed."""
    stored = ledger.cells(con, [latest.release_id])
    cells = assemble(con, config, candidate, [], threshold).cells

    # Zero cells are published as 0 whether or not the ledger lists them.
    def nonzero(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            frame.filter(pl.col("value") != 0)
            .select(*CELL_KEY, "value")
            .sort(CELL_KEY, nulls_last=True)
        )

    same_audience = (latest.partners, latest.by_region) == (candidate.partners, candidate.by_region)
    if same_audience and nonzero(cells).equals(nonzero(stored)):
        return stored
    return None


def _correction(con, config, previous, inputs_now, new_cells) -> dict:
    """The manifest's account of what a version changed since the one before it."""
    changes = input_changes(
        con, ledger.inputs(con, [previous.release_id]), inputs_now, _aliases(config)
    )
    cells = cell_changes(ledger.cells(con, [previous.release_id]), new_cells)
    created = con.execute(
        "SELECT created_at FROM ledger_releases WHERE release_id = ?", [previous.release_id]
    ).fetchone()[0]
    version = previous.version + 1
    return {
        "supersedes": previous.release_id,
        "changes": changes,
        **cells,
        "note": note(version, created.isoformat(timespec="seconds"), changes, cells),
    }


def publish(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    reports: Path,
    audience: str,
    period: str,
    now: datetime | None = None,
) -> Published:
    """Protect, audit, record and write one release.

    Rebuilding an unchanged release rewrites it from the ledger (same version); when its data
    changed since, it becomes the next version, protected against every earlier one, with a
    note of what changed (`docs/corrections.md`).
    """
    now = now or datetime.now(UTC).replace(tzinfo=None)
    try:
        months = parse_period(period).months
    except ValueError as exc:
        raise ReleaseError(str(exc)) from None
    partners = audience_partners(config, audience)
    threshold = config.disclosure.threshold
    create_schema(con)
    everything = ledger.releases(con)
    earlier = [r for r in everything if (r.audience, r.period) == (audience, period)]
    version = earlier[-1].version + 1 if earlier else 1
    release = ledger.LedgerRelease(
        f"{audience}/{period}/v{version}",
        audience,
        period,
        months,
        partners,
        period_rows=period_rows(audience, period),
    )
    release = replace(release, by_region=_by_region(con, config, release, everything))
    stored = None
    if earlier:  # compared table for table: an older release may have published fewer
        candidate = replace(release, tables=earlier[-1].tables, period_rows=earlier[-1].period_rows)
        stored = _unchanged(con, config, earlier[-1], candidate, threshold)
    correction = None
    if stored is not None:
        release, new_cells, stats = earlier[-1], stored, _stats(stored)
        if len(earlier) > 1:
            inputs = ledger.inputs(con, [release.release_id])
            correction = _correction(con, config, earlier[-2], inputs, stored)
    else:
        inputs_now = current_inputs(con, config, partners, months)
        new_cells, stats = _protect(con, config, release, everything, threshold)
        if earlier:
            correction = _correction(con, config, earlier[-1], inputs_now, new_cells)
        ledger.record_release(
            con,
            release,
            threshold,
            now,
            new_cells.select(*CELL_KEY, "value", "suppressed", "primary_suppressed"),
            inputs_now,
        )
    # A release is rewritten with the tables it was published with, never with more.
    tables = {name: published_table(name, config, release, new_cells) for name in release.tables}
    folder = reports / audience / period  # the spec's layout: reports/<audience>/<period>/
    manifest = _manifest(
        release,
        _inputs(con, config, release.partners, months),
        _missing(con, config, release.partners, months, now.date()),
        tables,
        now,
        threshold,
    )
    if correction is not None:
        manifest["correction"] = correction
    _write_folder(folder, tables, manifest)
    return Published(
        folder,
        new_cells.height,
        stats["suppressed"],
        stats["primary"],
        stats["secondary"],
        stats["value_suppressed"],
        stored is not None,
        release.version,
        None if correction is None else correction["note"],
    )
