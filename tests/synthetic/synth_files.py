"""Readers for synthetic workspaces that check files independently of the project's gate
(plain polars on the contract's column lists)."""

import json
from pathlib import Path

import polars as pl

from collab.contract import EXPORTS, parse_file_name


def fault_paths(root: Path) -> set[str]:
    """Files listed in faults.json, relative to the workspace (empty without faults)."""
    listing = root / "faults.json"
    if not listing.exists():
        return set()
    return {entry["file"] for entry in json.loads(listing.read_text(encoding="utf-8"))}


def partner_files(root: Path) -> list[Path]:
    """Every file in the inbox that is not a fault file, in a stable order."""
    faults = fault_paths(root)
    return sorted(
        path
        for path in (root / "inbox").rglob("*")
        if path.is_file() and path.relative_to(root).as_posix() not in faults
    )


def read_strings(path: Path) -> pl.DataFrame:
    """A CSV with every cell as text, so that integer formatting itself can be checked."""
    return pl.read_csv(path, infer_schema=False)


def load_export(root: Path, export: str) -> pl.DataFrame:
    """All normal files of one export, counts as integers, with the file they came from."""
    frames = []
    for path in partner_files(root):
        name = parse_file_name(path.name)
        if name is not None and name.export == export:
            frames.append(read_strings(path).with_columns(pl.lit(path.name).alias("file")))
    frame = pl.concat(frames)
    return frame.with_columns(pl.col(c).cast(pl.Int64) for c in EXPORTS[export].counts)
