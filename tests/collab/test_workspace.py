import stat
from pathlib import Path

from collab.workspace import Workspace


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _v1_report(root: Path, names: list[str]) -> Path:
    """A data-quality report where spec v1 put it, readable by anyone."""
    old = root / "reports" / "data-quality"
    old.mkdir(parents=True)
    for name in names:
        (old / name).write_text(f"v1 {name}")
        (old / name).chmod(0o644)
    return old


def test_prepare_makes_quality_owner_only(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    workspace.quality.mkdir(parents=True, mode=0o755)
    workspace.prepare()
    assert _mode(workspace.quality) == 0o700


def test_a_v1_quality_report_moves_into_quality_owner_only(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    old = _v1_report(workspace.root, ["index.html", "files.csv"])
    workspace.move_old_quality_report()
    assert not old.exists() and workspace.reports.is_dir()
    assert _mode(workspace.quality) == 0o700
    assert {p.name: (p.read_text(), _mode(p)) for p in workspace.quality.iterdir()} == {
        "index.html": ("v1 index.html", 0o600),
        "files.csv": ("v1 files.csv", 0o600),
    }


def test_a_move_cut_short_is_finished_by_the_next_one(tmp_path):
    """Killed after some renames: what quality/ holds is kept, the rest moves, then no-op."""
    workspace = Workspace(tmp_path / "ws")
    workspace.quality.mkdir(parents=True, mode=0o700)
    (workspace.quality / "index.html").write_text("newer")
    old = _v1_report(workspace.root, ["index.html", "findings.csv"])
    workspace.move_old_quality_report()
    workspace.move_old_quality_report()
    assert not old.exists()
    assert {p.name: p.read_text() for p in workspace.quality.iterdir()} == {
        "index.html": "newer",
        "findings.csv": "v1 findings.csv",
    }


def test_without_a_v1_report_nothing_is_made(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    workspace.root.mkdir()
    workspace.move_old_quality_report()
    assert list(workspace.root.iterdir()) == []
