"""Packages import one way: no two packages, at any depth, import each other.

`.importlinter` holds the intended order (`make lint`); this test also catches a two-way pair
between packages the contracts don't name (two sub-packages of `pipelines.defs`, say).
"""

import subprocess
import sys
from pathlib import Path

import grimp

OURS = (
    "collab",
    "cli",
    "sdc",
    "expectations",
    "transforms",
    "dashboards",
    "synthetic",
    "pipelines",
)
ROOT = Path(__file__).resolve().parents[1]


def _two_way(depth: int) -> list[tuple[str, str]]:
    graph = grimp.build_graph(*OURS)
    edges = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = (".".join(m.split(".")[:depth]) for m in (module, imported))
            if a != b:
                edges.add((a, b))
    return sorted((a, b) for a, b in edges if (b, a) in edges and a < b)


def test_no_two_packages_import_each_other():
    assert {depth: _two_way(depth) for depth in (1, 2, 3, 4)} == {1: [], 2: [], 3: [], 4: []}


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:]
