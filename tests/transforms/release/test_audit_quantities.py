"""The audit derives what must stay uncertain itself: what the protection forgets is caught."""

from dataclasses import replace

import numpy as np
import yaml

from collab.config import load_config
from sdc.audit import audit_pattern
from sdc.audit_quantities import derive_quantities
from sdc.suppress import protect
from tests.transforms.conftest import SOUTH_PARTNER, covering
from transforms.release.assemble import assemble
from transforms.release.ledger import LedgerRelease, linked, releases
from transforms.release.publish import publish

K = 11
JULY = ("2026-07",)


def _config(examples, tmp_path):
    raw = yaml.safe_load((examples / "collaborative.yaml").read_text(encoding="utf-8"))
    raw["partners"].append(SOUTH_PARTNER)
    raw["funders"].append(
        {
            "id": "NOSHELTER",
            "label": "No shelter",
            "program": "private",
            "calendar": "monthly",
            "partners": ["OSE", "LEGAL-S", "FAITH-1"],
            "partner_detail": False,
        }
    )
    path = tmp_path / "collaborative.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return load_config(path)


def _forget(problem, kind_prefix: str):
    """The problem as a protection that forgot every quantity of one kind would see it."""
    kept = ~np.char.startswith(problem.sensitive.kind.astype(str), kind_prefix)
    assert not kept.all(), "nothing of that kind to forget"
    return replace(problem, sensitive=problem.sensitive.take(kept))


def _collaborative(config):
    return LedgerRelease(
        "collaborative/2026-07/v1", "collaborative", "2026-07", JULY, config.partner_ids
    )


def test_a_forgotten_location_is_caught(warehouse, examples, tmp_path):
    config = _config(examples, tmp_path)
    con = warehouse(
        [
            ("SHELTER-N", "2026-07", "EMERGENCY_HOUSING", [24, 0, 0, 0, 0, 0]),
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    problem = assemble(con, config, _collaborative(config), [], K).problem
    assert not audit_pattern(problem, protect(problem).suppressed)
    careless = _forget(problem, "confidential location")
    leaks = audit_pattern(careless, protect(careless).suppressed)
    assert "confidential location" in {leak.kind for leak in leaks}


def test_a_forgotten_difference_of_audiences_is_caught(warehouse, examples, tmp_path):
    config = _config(examples, tmp_path)
    con = warehouse(
        [
            ("SHELTER-N", "2026-07", "LEGAL", [24, 0, 0, 0, 0, 0]),
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    publish(con, config, tmp_path / "reports", "funder:NOSHELTER", "2026-07")
    problem = assemble(con, config, _collaborative(config), linked(releases(con), JULY), K).problem
    assert not audit_pattern(problem, protect(problem).suppressed)
    careless = _forget(problem, "difference")
    leaks = audit_pattern(careless, protect(careless).suppressed)
    assert "difference" in {leak.kind for leak in leaks}


def test_the_audit_finds_every_small_and_locating_cell_itself(warehouse, examples, tmp_path):
    config = _config(examples, tmp_path)
    con = warehouse(
        [
            ("SHELTER-N", "2026-07", "EMERGENCY_HOUSING", [24, 0, 0, 0, 0, 0]),
            ("FAITH-1", "2026-07", "LEGAL", [3, 0, 0, 0, 0, 0]),  # METRO's 3: small
            ("DSS", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    problem = assemble(con, config, _collaborative(config), [], K).problem
    own = derive_quantities(problem.cells, problem.incidence, problem.atoms, K)
    sums = own.atoms @ problem.atoms.value
    confidential = own.atoms @ problem.atoms.confidential == own.atoms.getnnz(axis=1)
    small, located = own.kind == "small", own.kind == "confidential location"
    assert small.any() and ((sums[small] >= 1) & (sums[small] <= K - 1)).all()
    assert located.any() and confidential[located].all()
    assert set(sums[located]) == {24}
    # Every quantity the protection lists as small is among the audit's own.
    theirs = problem.sensitive.take(problem.sensitive.kind == "small").atoms
    as_sets = {tuple(theirs[q].indices) for q in range(theirs.shape[0])}
    assert as_sets <= {tuple(own.atoms[q].indices) for q in range(len(own))}
