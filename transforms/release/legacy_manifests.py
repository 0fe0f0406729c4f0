"""Manifests published before spec v2, brought up to date where they lie.

Before spec v2 a release's `manifest.json` named each input by the sha256 of the partner file
(an unsalted digest of a small aggregate file can be brute-forced back to its counts), held
`information_loss` (sums over hidden cells, and the primary/secondary split) and `quarantined`
(partner-level quality findings, internal to the evaluators). Such a manifest, in a release
folder or in one of its `versions/v<n>/` copies, is rewritten without them: each digest becomes
the opaque id a publish writes now, the other two keys go, and `missing` stays absent (an old
release did not record it, and the reports say so). The reports in the folder are drawn again
from the rewritten manifest by the caller's `render` (this package does not know the
renderers), or deleted when they can't be.

Safe to cut short: the reports are drawn in a staging folder beside the release and renamed
over the old ones, and the manifest is rewritten last, each file atomically. Until the manifest
is rewritten the next call starts again; once it is, there is nothing left to do.
"""

import json
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from collab.config import Collaborative
from collab.files import write_atomically
from transforms.release.publish import VERSIONS, _aliases
from transforms.release.submission_ids import submission_id, submission_key

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
DROPPED = ("information_loss", "quarantined")
REPORTS = {"html": "report.html", "pdf": "report.pdf", "xlsx": "report.xlsx"}
# An earlier version's comparison was with the previous period as published then: not kept.
EARLIER_VERSION = (
    "this is an earlier version of the release, drawn again without its comparison; "
    "the current version has one"
)

# render(folder, formats, comparison_note): writes folder/report.<format> for each format.
Render = Callable[[Path, set[str], str | None], object]


def is_legacy(manifest: dict) -> bool:
    """True when a manifest still holds a file digest, information loss or quarantined files."""
    inputs = manifest.get("inputs") or []
    return any(key in manifest for key in DROPPED) or any(
        isinstance(entry, dict) and "sha256" in entry for entry in inputs
    )


def _read(path: Path) -> dict | None:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("%s: not a readable manifest, left as it is", path)
        return None
    return manifest if isinstance(manifest, dict) else None


def legacy_manifests(reports: Path) -> list[Path]:
    """Every manifest under `reports/` (releases and their `versions/` copies) still to rewrite.

    Hidden folders (a publish's or this module's staging) and links are not releases.
    """
    reports = Path(reports)
    found = []
    for path in sorted(reports.rglob(MANIFEST)):
        hidden = any(part.startswith(".") for part in path.relative_to(reports).parts)
        if hidden or path.is_symlink() or not path.is_file():
            continue
        manifest = _read(path)
        if manifest is not None and is_legacy(manifest):
            found.append(path)
    return found


class SubmissionIds:
    """The opaque id a publish writes now for an old manifest's input.

    A confidential-location partner appears in an old manifest as CONFIDENTIAL-<n>; the
    submission is found in the warehouse by its digest, export, month and revision, and only
    when that is not enough (no row, or the same bytes from several partners) by the config's
    aliases, which can have moved since if confidential partners were added.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, config: Collaborative):
        self._key = submission_key(con)
        self._confidential = {alias: partner for partner, alias in _aliases(config).items()}
        self._partners: dict[tuple, set[str]] = {}
        has_submissions = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'submissions'"
        ).fetchone()[0]
        if has_submissions:
            for sha256, export, period, revision, partner in con.execute(
                "SELECT DISTINCT sha256, export, period, revision, partner_id FROM submissions "
                "WHERE partner_id IS NOT NULL"
            ).fetchall():
                self._partners.setdefault((sha256, export, period, revision), set()).add(partner)

    def _partner(self, entry: dict) -> str | None:
        named = entry.get("partner")
        aliased = self._confidential.get(named)
        if aliased is None and not str(named).startswith("CONFIDENTIAL-"):
            return named
        key = (entry.get("sha256"), entry.get("export"), entry.get("period"), entry["revision"])
        found = self._partners.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        if aliased is not None and (not found or aliased in found):
            return aliased
        return None

    def __call__(self, entry: dict) -> str | None:
        """The id, or None when the input's partner can't be told (its digest goes anyway)."""
        if not all(isinstance(entry.get(k), str) for k in ("partner", "export", "period")):
            return None
        if not isinstance(entry.get("revision"), int) or not isinstance(entry["sha256"], str):
            return None
        partner = self._partner(entry)
        if partner is None:
            return None
        return submission_id(
            self._key, partner, entry["export"], entry["period"], entry["revision"], entry["sha256"]
        )


def _input(entry, ids: Callable[[dict], str | None]):
    if not isinstance(entry, dict) or "sha256" not in entry:
        return entry
    opaque = entry.get("submission") or ids(entry)
    clean = {}
    for key, value in entry.items():
        if key == "sha256":
            if opaque is not None:
                clean["submission"] = opaque
        elif key != "submission":
            clean[key] = value
    return clean


def scrubbed(manifest: dict, ids: Callable[[dict], str | None]) -> dict:
    """The manifest without digests, information loss or quarantined files, in its key order."""
    clean = {key: value for key, value in manifest.items() if key not in DROPPED}
    if isinstance(clean.get("inputs"), list):
        clean["inputs"] = [_input(entry, ids) for entry in clean["inputs"]]
    return clean


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _draw(staging: Path, folder: Path, manifest: dict, formats: set[str], render: Render) -> None:
    """Render the reports into `staging`: a copy of the release with the rewritten manifest."""
    if (folder / "tables").is_dir():
        shutil.copytree(folder / "tables", staging / "tables")
    write_atomically(staging / MANIFEST, json.dumps(manifest, indent=2), mode=0o644)
    earlier = folder.parent.name == VERSIONS
    # A staging folder beside a release finds the previous period's release as the release does.
    render(staging, formats, EARLIER_VERSION if earlier else None)


def _redraw_reports(folder: Path, manifest: dict, render: Render | None) -> None:
    """Replace each report of the folder by one drawn from `manifest`; delete it when that fails."""
    formats = {fmt for fmt, name in REPORTS.items() if (folder / name).is_file()}
    if not formats:
        return
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.tmp-"))
    try:
        if render is not None:
            try:
                _draw(staging, folder, manifest, formats, render)
            except Exception as exc:  # the old report must go either way
                log.warning(
                    "%s: reports could not be drawn again (%s); deleted", folder, type(exc).__name__
                )
        for fmt in sorted(formats):
            drawn, target = staging / REPORTS[fmt], folder / REPORTS[fmt]
            if drawn.is_file():
                drawn.chmod(_mode(target))
                os.replace(drawn, target)
            else:
                target.unlink()
                log.warning("%s: deleted %s (not drawn again)", folder, target.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def scrub_manifest(path: Path, ids: Callable[[dict], str | None], render: Render | None) -> bool:
    """Rewrite one old manifest (its reports first); False when it needed nothing."""
    manifest = _read(path)
    if manifest is None or not is_legacy(manifest):
        return False
    clean = scrubbed(manifest, ids)
    inputs = [entry for entry in clean.get("inputs") or [] if isinstance(entry, dict)]
    if unnamed := sum("submission" not in entry for entry in inputs):
        log.warning("%s: %d inputs (partner unknown) keep no submission id", path, unnamed)
    _redraw_reports(path.parent, clean, render)
    write_atomically(path, json.dumps(clean, indent=2), mode=_mode(path))
    return True


def scrub_manifests(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    paths: list[Path],
    render: Render | None = None,
) -> list[Path]:
    """Rewrite the old manifests `paths` (from `legacy_manifests`); returns those rewritten.

    `render` draws a folder's reports again; without it, or when it fails, they are deleted.
    """
    if not paths:
        return []
    ids = SubmissionIds(con, config)
    done = [path for path in paths if scrub_manifest(path, ids, render)]
    if done:
        log.info("%d published manifests rewritten without file digests", len(done))
    return done
