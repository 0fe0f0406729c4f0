"""A withdrawal or correction after publication: the new version is protected against the old."""

from datetime import datetime

from sdc.audit import audit_pattern
from sdc.suppress import primary, protect
from tests.transforms.conftest import covering
from transforms.release.assemble import assemble
from transforms.release.ledger import LedgerRelease, linked, releases
from transforms.release.publish import publish
from transforms.withdrawal import withdraw

K = 11
JULY = ("2026-07",)


def test_a_withdrawn_shelter_is_not_located_by_the_difference(warehouse, config, tmp_path):
    # SHELTER-N (confidential, home NORTH) sent 14 legal requests; OSE and DSS are in NORTH too,
    # so v1 can show NORTH's 44 without locating it. After SHELTER-N withdraws, v1 - v2 of
    # NORTH's legal requests would be the shelter's own figure, in its region.
    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            ("SHELTER-N", "2026-07", "LEGAL", [14, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "MEDICAL", [40, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "FINANCIAL", [25, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    first = publish(con, config, tmp_path / "reports", "collaborative", "2026-07")
    assert first.suppressed == 0
    taken = withdraw(con, "SHELTER-N", list(JULY), "test", "test", datetime(2026, 9, 1))
    assert (taken.fact_rows, taken.archived_rows) == (1, 1)
    assert taken.releases == [("collaborative", "2026-07")]
    v2 = LedgerRelease(
        "collaborative/2026-07/v2", "collaborative", "2026-07", JULY, config.partner_ids
    )
    problem = assemble(con, config, v2, linked(releases(con), JULY), K).problem
    kinds = set(problem.sensitive.kind)
    assert "difference" in kinds
    naive = problem.cells.suppressed | primary(problem)
    leaks = audit_pattern(problem, naive)
    assert leaks and all(leak.kind == "difference" for leak in leaks)
    # What leaks is the piece only v1 had: the withdrawn shelter's own atoms.
    for leak in leaks:
        leaked = problem.sensitive.atoms[leak.quantity].indices
        assert problem.atoms.confidential[leaked].all()
    assert not audit_pattern(problem, protect(problem).suppressed)


def test_a_correction_is_a_new_version_with_a_note(warehouse, config, tmp_path):
    rows = [
        ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
        ("DSS", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0]),
        ("DSS", "2026-07", "MEDICAL", [40, 0, 0, 0, 0, 0]),
        *covering("2026-07"),
    ]
    con = warehouse(rows)
    reports = tmp_path / "reports"
    assert publish(con, config, reports, "collaborative", "2026-07").version == 1
    # Rebuilding unchanged data is the same version, rewritten from the ledger.
    again = publish(con, config, reports, "collaborative", "2026-07")
    assert (again.version, again.rebuilt, again.note) == (1, True, None)
    # OSE resends July with 3 more legal requests: revision 2 replaces revision 1.
    con.execute(
        "INSERT INTO ledger_archive_services SELECT * FROM services WHERE partner_id = 'OSE'"
    )
    con.execute(
        "UPDATE services SET requests = 33, served = 33, revision = 2 WHERE partner_id = 'OSE'"
    )
    corrected = publish(con, config, reports, "collaborative", "2026-07")
    assert (corrected.version, corrected.rebuilt) == (2, False)
    assert "Version 2 replaces version 1" in corrected.note and "1 resent" in corrected.note
    folder = reports / "collaborative" / "2026-07"
    assert (folder / "versions" / "v1" / "manifest.json").is_file()
    v1 = (folder / "versions" / "v1" / "tables" / "services.csv").read_text()
    v2 = (folder / "tables" / "services.csv").read_text()
    assert "2026-07,NORTH,LEGAL,requests,50," in v1
    assert "2026-07,NORTH,LEGAL,requests,53," in v2
    assert [r.release_id for r in releases(con)] == [
        "collaborative/2026-07/v1",
        "collaborative/2026-07/v2",
    ]
    # Rebuilt again, v2 keeps its note and v1 stays filed.
    kept = publish(con, config, reports, "collaborative", "2026-07")
    assert (kept.version, kept.rebuilt, kept.note) == (2, True, corrected.note)
    assert (folder / "versions" / "v1" / "tables" / "services.csv").read_text() == v1


def test_a_cell_a_funder_hid_is_not_shown_as_0_after_a_withdrawal(warehouse, config, tmp_path):
    # VOCA funds OSE, SHELTER-N and DSS. Only SHELTER-N had legal requests (3): VOCA's
    # release hides them. After SHELTER-N withdraws, the collaborative's 0 there would say
    # whose they were. VOCA's partners are all at home in NORTH, so with a confidential one
    # among them VOCA's release has the ALL region only (no pattern can place the shelter).
    con = warehouse(
        [
            ("SHELTER-N", "2026-07", "LEGAL", [3, 0, 0, 0, 0, 0]),
            ("OSE", "2026-07", "MEDICAL", [30, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "MEDICAL", [40, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "FINANCIAL", [25, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    reports = tmp_path / "reports"
    publish(con, config, reports, "funder:VOCA", "2026-07")
    voca = (reports / "funder:VOCA" / "2026-07" / "tables" / "services.csv").read_text()
    assert "2026-07,ALL,LEGAL,requests,,suppressed" in voca and ",NORTH," not in voca
    withdraw(con, "SHELTER-N", list(JULY), "test", "test", datetime(2026, 9, 1))
    publish(con, config, reports, "collaborative", "2026-07")
    rows = (reports / "collaborative" / "2026-07" / "tables" / "services.csv").read_text()
    assert "2026-07,ALL,LEGAL,requests,,suppressed" in rows


def test_an_input_recorded_twice_keeps_each_release_on_its_own_bit(warehouse, config, tmp_path):
    # Signatures are sums of release bits: a version listed twice for release 0 would sum to
    # bit 1 and be read as part of the wrong release, so every earlier cell would "change".
    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0]),
        ]
    )
    publish(con, config, tmp_path / "reports", "collaborative", "2026-07")
    con.execute("INSERT INTO ledger_inputs SELECT * FROM ledger_inputs")
    v2 = LedgerRelease(
        "collaborative/2026-07/v2", "collaborative", "2026-07", JULY, config.partner_ids
    )
    problem = assemble(con, config, v2, linked(releases(con), JULY), K).problem
    assert (~problem.cells.is_new).any()
    assert not audit_pattern(problem, protect(problem).suppressed)
