"""The audit derives what must stay uncertain itself: what the protection forgets is caught."""

from dataclasses import replace

import polars as pl
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
    kept = problem.sensitive.filter(~pl.col("kind").str.starts_with(kind_prefix))
    assert kept.height < problem.sensitive.height, "nothing of that kind to forget"
    return replace(
        problem,
        sensitive=kept,
        quantity_atoms=problem.quantity_atoms.join(kept.select("quantity"), on="quantity"),
    )


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
    problem = assemble(con, config, _collaborative(config), [], K)
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
    problem = assemble(con, config, _collaborative(config), linked(releases(con), JULY), K)
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
    problem = assemble(con, config, _collaborative(config), [], K)
    quantities, quantity_atoms = derive_quantities(
        problem.cells, problem.incidence, problem.atoms, K
    )
    sums = (
        quantity_atoms.join(problem.atoms, on="atom")
        .group_by("quantity")
        .agg(pl.col("value").sum(), pl.col("confidential").all())
        .join(quantities, on="quantity")
    )
    small = sums.filter(pl.col("kind") == "small")
    assert small.height and small["value"].is_between(1, K - 1).all()
    located = sums.filter(pl.col("kind") == "confidential location")
    assert located.height and located["confidential"].all()
    assert set(located["value"]) == {24}
    # Every quantity the protection lists as small is among the audit's own.
    theirs = problem.quantity_atoms.join(
        problem.sensitive.filter(pl.col("kind") == "small"), on="quantity"
    )
    as_sets = {tuple(sorted(g["atom"].to_list())) for _, g in theirs.group_by("quantity")}
    own = {tuple(sorted(g["atom"].to_list())) for _, g in quantity_atoms.group_by("quantity")}
    assert as_sets <= own
