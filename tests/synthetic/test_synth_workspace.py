"""generate(): arguments, the config it writes, and exact reproducibility."""

import hashlib
from pathlib import Path

import pytest

from collab.config import load_config
from synthetic import SynthSummary, generate
from tests.synthetic.synth_files import fault_paths


def tree(root: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under root: content hash and mtime."""
    return {
        path.relative_to(root).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir",
            path.stat().st_mtime_ns,
        )
        for path in sorted(root.rglob("*"))
    }


def test_same_seed_same_bytes_and_times(tmp_path):
    first = generate(tmp_path / "a", partners=6, months=4, seed=5, faults=True)
    second = generate(tmp_path / "b", partners=6, months=4, seed=5, faults=True)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert (first.files, first.faults) == (second.files, second.faults)


def test_other_seed_other_data(tmp_path):
    generate(tmp_path / "a", partners=6, months=4, seed=5)
    generate(tmp_path / "b", partners=6, months=4, seed=6)
    assert tree(tmp_path / "a") != tree(tmp_path / "b")


def test_faults_do_not_change_other_files(tmp_path):
    generate(tmp_path / "plain", partners=6, months=4, seed=5)
    generate(tmp_path / "faulty", partners=6, months=4, seed=5, faults=True)
    plain, faulty = tree(tmp_path / "plain"), tree(tmp_path / "faulty")
    faults = fault_paths(tmp_path / "faulty")
    shared = [name for name in faulty if name.endswith(".csv") and name not in faults]
    assert len(shared) > 50
    assert all(plain[name] == faulty[name] for name in shared)


def test_summary_and_config(small_workspace):
    config = load_config(small_workspace / "collaborative.yaml")
    assert len(config.partners) == 6
    assert 3 <= len(config.regions) <= 8
    assert 2 <= len(config.funders) <= 4
    assert config.disclosure.threshold == 11
    assert config.submissions.due_day == 15
    assert (config.retention.quarantine_months, config.retention.raw_months) == (3, 36)
    programs = {funder.program: funder for funder in config.funders}
    assert programs["VOCA"].calendar == "federal_quarter"
    assert programs["OVW"].calendar == "semiannual"
    assert not programs["VOCA"].partner_detail


def test_summary_counts_files(tmp_path):
    summary = generate(tmp_path / "ws", partners=5, months=2, seed=1, faults=True)
    assert isinstance(summary, SynthSummary)
    assert (summary.first_month, summary.last_month) == ("2026-09", "2026-10")
    files = [p for p in (tmp_path / "ws" / "inbox").rglob("*") if p.is_file()]
    assert len(files) == summary.files + summary.faults


@pytest.mark.parametrize(
    "arguments",
    [
        {"partners": 4},
        {"partners": 2001},
        {"months": 0},
        {"months": 121},
        {"partners": 5.5},
        {"end_month": "2026-13"},
        {"months": 100, "end_month": "2026-10"},
    ],
)
def test_bad_arguments(tmp_path, arguments):
    with pytest.raises(ValueError):
        generate(tmp_path / "ws", **arguments)


def test_refuses_non_empty_folder(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not an empty directory"):
        generate(tmp_path / "ws", partners=5, months=1)


def test_smallest_workspace_has_every_fault(tmp_path):
    for seed in range(5):
        summary = generate(tmp_path / str(seed), partners=5, months=1, seed=seed, faults=True)
        assert summary.faults >= 12
