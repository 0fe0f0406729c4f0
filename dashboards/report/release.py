"""Read one protected release folder into Polars frames: the only data a report may show.

A suppressed cell is read as a null `value` (never 0), so a sum or a rate over it has to be
handled on purpose. Tables the release does not have are simply absent from `tables`.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

TOTAL = "ALL"
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Release:
    """A release as published: its folder, manifest and tables by name (`services`, ...)."""

    folder: Path
    manifest: dict
    tables: dict[str, pl.DataFrame]

    @property
    def audience(self) -> str:
        return self.manifest["audience"]

    @property
    def period(self) -> str:
        return self.manifest["period"]

    def periods_below(self) -> list[str]:
        """The periods the release breaks its own period into (months, or a funder's quarters)."""
        frame = self.tables.get("services")
        if frame is None:
            return []
        found = frame["period"].unique(maintain_order=True).to_list()
        return [p for p in found if p != self.period]

    def table(self, name: str) -> pl.DataFrame | None:
        """The table, or None when this release does not publish it."""
        return self.tables.get(name)

    def cell(self, name: str, **members: str) -> int | None:
        """One published count (None when suppressed or absent); unnamed dimensions are ALL.

        The period defaults to the release period, the leaf dimension must be named.
        """
        frame = self.tables.get(name)
        if frame is None:
            return None
        wanted = {"period": self.period, **members}
        condition = pl.lit(True)
        for column in _dimensions(frame):
            condition &= pl.col(column) == wanted.get(column, TOTAL)
        values = frame.filter(condition)["value"]
        return values.item() if values.len() == 1 else None


def _dimensions(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in ("value", "flag")]


def read_table(path: Path) -> pl.DataFrame:
    """A published CSV with every dimension as text and `value` as a nullable integer."""
    header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    schema = {c: pl.String for c in header}
    schema["value"] = pl.Int64
    frame = pl.read_csv(path, schema=schema).with_columns(pl.col("flag").fill_null(""))
    return frame.with_columns(
        pl.when(pl.col("flag") == SUPPRESSED).then(None).otherwise(pl.col("value")).alias("value")
    )


def _order(listed: list[str], name: str) -> tuple[int, str]:
    return (listed.index(name) if name in listed else len(listed), name)


def load_release(folder: Path) -> Release:
    """Read `manifest.json` and every `tables/*.csv` of a release folder, in manifest order."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = [Path(t["file"]).stem for t in manifest.get("tables", [])]
    paths = sorted((folder / "tables").glob("*.csv"), key=lambda p: _order(listed, p.stem))
    tables = {path.stem: read_table(path) for path in paths}
    return Release(folder=folder, manifest=manifest, tables=tables)
