import json

from dashboards.report.release import load_release

SERVICES = (
    "period,region,need,outcome,value,flag\n"
    "2026-07,ALL,ALL,requests,40,\n"
    "2026-07,ALL,ALL,served,,suppressed\n"
    "2026-07,ALL,ALL,partially_served,0,\n"
)


def _release(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "services.csv").write_text(SERVICES)
    manifest = {"audience": "collaborative", "period": "2026-07", "tables": []}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return load_release(tmp_path)


def test_suppressed_cells_read_as_null_never_zero(tmp_path):
    release = _release(tmp_path)
    services = release.table("services")
    assert services["value"].to_list() == [40, None, 0]
    assert services["flag"].to_list() == ["", "suppressed", ""]
    assert release.cell("services", outcome="served") is None
    assert release.cell("services", outcome="partially_served") == 0


def test_cells_default_to_the_total_members_and_release_period(tmp_path):
    release = _release(tmp_path)
    assert release.cell("services", outcome="requests") == 40
    assert release.cell("services", outcome="requests", need="LEGAL") is None


def test_tables_a_release_lacks_are_absent_not_empty(tmp_path):
    release = _release(tmp_path)
    assert release.table("referral_loop") is None
    assert release.cell("referral_loop", loop="accepted") is None
