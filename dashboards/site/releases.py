"""The collaborative's monthly releases, as lookups from a cell's dimensions to its count.

Only published release folders are read (tables/*.csv and manifest.json); a suppressed cell
reads as None, so every later step has to deal with it on purpose instead of seeing a 0.
"""

from dataclasses import dataclass
from pathlib import Path

from collab.periods import parse_period
from dashboards.report.release import Release, load_release

Cells = dict[tuple[str, ...], int | None]


@dataclass(frozen=True)
class Month:
    """One monthly release: its manifest and each published table as a cell lookup."""

    period: str
    manifest: dict
    tables: dict[str, Cells]

    def table(self, name: str) -> Cells | None:
        """The table's cells keyed by their dimensions after `period`; None when unpublished."""
        return self.tables.get(name)


def _cells(release: Release, name: str) -> Cells:
    frame = release.tables[name]
    dimensions = [c for c in frame.columns if c not in ("period", "value", "flag")]
    rows = frame.filter(frame["period"] == release.period).select(*dimensions, "value").rows()
    return {tuple(row[:-1]): row[-1] for row in rows}


def _is_month(name: str) -> bool:
    try:
        return parse_period(name).kind == "month"
    except ValueError:
        return False


def monthly_releases(reports: Path) -> list[Month]:
    """Every final monthly release of the collaborative (not provisional ones), oldest first."""
    folder = Path(reports) / "collaborative"
    if not folder.is_dir():
        return []
    months = []
    for path in sorted(folder.iterdir()):
        if not (_is_month(path.name) and (path / "manifest.json").is_file()):
            continue
        release = load_release(path)
        if release.manifest.get("provisional"):
            continue  # made before its deadline: the trends show final months only
        tables = {name: _cells(release, name) for name in release.tables}
        months.append(Month(release.period, release.manifest, tables))
    return months
