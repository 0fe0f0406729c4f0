"""Signatures: which releases each version of a partner's data is in, as Int64 bit sets."""

import yaml

from collab.config import load_config
from sdc.audit import audit_pattern
from sdc.suppress import protect
from transforms.release.assemble import assemble
from transforms.release.cells import in_release
from transforms.release.ledger import LedgerRelease
from transforms.release.membership import membership

JULY = ["2026-07"]


def test_signatures_past_bit_31(warehouse, config):
    con = warehouse([("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0])])
    releases = [(None, config.partner_ids)] * 40
    sig = membership(con, JULY, releases)
    assert sig["sig"].to_list() == [2**40 - 1]
    assert sig.filter(in_release(35)).height == 1


def test_a_release_with_more_than_31_audiences_is_protected(warehouse, examples, tmp_path):
    raw = yaml.safe_load((examples / "collaborative.yaml").read_text())
    raw["funders"] += [
        {
            "id": f"F{i}",
            "label": f"Funder {i}",
            "program": "private",
            "calendar": "monthly",
            "partners": ["OSE", "DSS"] if i % 2 else ["DSS"],
            "partner_detail": False,
        }
        for i in range(34)
    ]
    path = tmp_path / "collaborative.yaml"
    path.write_text(yaml.safe_dump(raw))
    many = load_config(path)
    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "LEGAL", [4, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "MEDICAL", [40, 0, 0, 0, 0, 0]),
        ]
    )
    new = LedgerRelease(
        "collaborative/2026-07/v1", "collaborative", "2026-07", tuple(JULY), many.partner_ids
    )
    problem = assemble(con, many, new, [], 11).problem
    assert len(problem.sensitive) > 0
    assert not audit_pattern(problem, protect(problem).suppressed)
