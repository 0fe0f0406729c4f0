"""A confidential shelter is never located: not by a region's figures, nor by their pattern."""

import csv
import io
from datetime import datetime

import yaml

from collab.config import load_config
from tests.transforms.conftest import SOUTH_PARTNER, covering
from transforms.release.publish import publish
from transforms.withdrawal import withdraw

# SHELTER-N's 24 legal requests beside OSE's 30, both at home in NORTH; every region covered.
SHARED_NORTH = [
    ("SHELTER-N", "2026-07", "LEGAL", [24, 0, 0, 0, 0, 0]),
    ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
    *covering("2026-07"),
]
# SHELTER-N (confidential, NORTH) alone gives emergency housing in NORTH.
SHELTER = ("SHELTER-N", "2026-07", "EMERGENCY_HOUSING", [24, 0, 0, 0, 0, 0])


def _config(examples, tmp_path, funders):
    raw = yaml.safe_load((examples / "collaborative.yaml").read_text(encoding="utf-8"))
    raw["partners"].append(SOUTH_PARTNER)
    raw["funders"] += funders
    path = tmp_path / "collaborative.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return load_config(path)


def _funder(fid, partners):
    return {
        "id": fid,
        "label": fid,
        "program": "private",
        "calendar": "monthly",
        "partners": partners,
        "partner_detail": False,
    }


def _capacity(con, rows):
    for i, (partner, month, region, need, slots, waitlist) in enumerate(rows):
        con.execute(
            "INSERT INTO capacity VALUES (?, ?, ?, 'available', ?, ?, ?, ?, 1)",
            [partner, month, need, region, slots, waitlist, i + 2],
        )


def _table(folder, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO((folder / "tables" / f"{name}.csv").read_text())))


def test_a_region_only_the_shelter_serves_is_hidden_at_every_level(warehouse, examples, tmp_path):
    config = _config(examples, tmp_path, [])
    con = warehouse(
        [
            SHELTER,
            ("SHELTER-N", "2026-08", "EMERGENCY_HOUSING", [19, 0, 0, 0, 0, 0]),
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            ("OSE", "2026-08", "LEGAL", [31, 0, 0, 0, 0, 0]),
            ("OSE", "2026-09", "LEGAL", [32, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
            *covering("2026-08"),
            *covering("2026-09"),
        ]
    )
    _capacity(
        con,
        [
            (p, m, r, "LEGAL", 20, 0)
            for m in ("2026-07", "2026-08", "2026-09")
            for p, r in (("OSE", "NORTH"), ("LEGAL-S", "SOUTH"), ("FAITH-1", "METRO"))
        ]
        + [("SHELTER-N", "2026-09", "NORTH", "EMERGENCY_HOUSING", 19, 3)],
    )
    folder = publish(con, config, tmp_path / "reports", "collaborative", "2026-Q3").folder
    services = _table(folder, "services")
    assert {r["region"] for r in services} == {"NORTH", "SOUTH", "METRO", "ALL"}
    housing = [
        r
        for r in services
        if r["region"] == "NORTH" and r["need"] == "EMERGENCY_HOUSING" and r["value"] != "0"
    ]
    # Months, the quarter total, and the outcome total (`requests`): all hidden, though 24
    # and 19 are far above the threshold.
    assert {(r["period"], r["outcome"]) for r in housing} >= {
        ("2026-07", "requests"),
        ("2026-07", "served"),
        ("2026-08", "requests"),
        ("2026-Q3", "requests"),
    }
    assert all(r["flag"] == "suppressed" for r in housing)
    # SOUTH's and METRO's 0 beside NORTH's hidden figure would say where the shelter is:
    # the whole row of regions is hidden, zeros too.
    row = [
        r
        for r in services
        if r["region"] != "ALL"
        and (r["period"], r["need"], r["outcome"]) == ("2026-07", "EMERGENCY_HOUSING", "requests")
    ]
    assert len(row) == 3 and all(r["flag"] == "suppressed" for r in row)
    legal = [r for r in services if (r["period"], r["need"]) == ("2026-07", "LEGAL")]
    assert any(r["flag"] != "suppressed" for r in legal if r["region"] != "ALL")
    capacity = _table(folder, "capacity")
    shelter_stock = [
        r
        for r in capacity
        if r["region"] == "NORTH" and r["need"] == "EMERGENCY_HOUSING" and r["value"] != "0"
    ]
    assert shelter_stock and all(r["flag"] == "suppressed" for r in shelter_stock)


def test_a_funder_whose_shelter_is_alone_in_its_region_gets_no_regions(
    warehouse, examples, tmp_path
):
    # FAITH-1 (METRO) and SHELTER-N (NORTH): NORTH's figures would be the shelter's, and
    # even hidden they would say NORTH is where it is while SOUTH shows 0.
    config = _config(examples, tmp_path, [_funder("MIXED", ["FAITH-1", "SHELTER-N"])])
    con = warehouse([SHELTER, ("FAITH-1", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0])])
    _capacity(con, [("SHELTER-N", "2026-07", "NORTH", "EMERGENCY_HOUSING", 19, 0)])
    folder = publish(con, config, tmp_path / "reports", "funder:MIXED", "2026-07").folder
    for name in ("services", "capacity"):
        assert {r["region"] for r in _table(folder, name)} == {"ALL"}
    services = {(r["need"], r["outcome"]): r for r in _table(folder, "services")}
    # The shelter alone gives emergency housing: its own total, held against regions'
    # figures, would rule regions out, so it is hidden and not derivable from the rest.
    assert services["EMERGENCY_HOUSING", "requests"]["flag"] == "suppressed"
    published = {k: int(r["value"]) for k, r in services.items() if r["value"]}
    assert not (
        {("ALL", "requests"), ("LEGAL", "requests")} <= published.keys()
        and published["ALL", "requests"] - published["LEGAL", "requests"] == 24
    )
    # The funder's grantees' total work, located nowhere, stays.
    assert published["ALL", "requests"] == 54
    text = (folder / "manifest.json").read_text()
    assert '"broken_down_by_region": false' in text and "SHELTER-N" not in text


def test_a_single_shelter_funder_publishes_no_region(warehouse, examples, tmp_path):
    config = _config(examples, tmp_path, [_funder("ONLY", ["SHELTER-N"])])
    con = warehouse([SHELTER, ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0])])
    _capacity(con, [("SHELTER-N", "2026-07", "NORTH", "EMERGENCY_HOUSING", 19, 4)])
    folder = publish(con, config, tmp_path / "reports", "funder:ONLY", "2026-07").folder
    for name in ("services", "capacity"):
        rows = _table(folder, name)
        assert rows and {r["region"] for r in rows} == {"ALL"}


def test_regions_are_kept_when_the_audience_has_no_shelter(warehouse, examples, tmp_path):
    # COMMFDN funds FAITH-1, CAMPUS-U and OSE, none confidential: zeros locate nobody.
    config = _config(examples, tmp_path, [])
    con = warehouse([("FAITH-1", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0])])
    folder = publish(con, config, tmp_path / "reports", "funder:COMMFDN", "2026-07").folder
    assert {r["region"] for r in _table(folder, "services")} == {"NORTH", "SOUTH", "METRO", "ALL"}


def test_a_difference_of_audiences_that_is_the_shelter_alone_is_hidden(
    warehouse, examples, tmp_path
):
    # NOSHELTER funds OSE: the collaborative's NORTH minus the funder's NORTH would be the
    # shelter's own figures, in its region.
    config = _config(examples, tmp_path, [_funder("NOSHELTER", ["OSE", "LEGAL-S", "FAITH-1"])])
    con = warehouse(SHARED_NORTH)
    reports = tmp_path / "reports"
    funder = publish(con, config, reports, "funder:NOSHELTER", "2026-07").folder
    collaborative = publish(con, config, reports, "collaborative", "2026-07").folder

    def north_legal(folder):
        rows = _table(folder, "services")
        return {
            r["outcome"]: r["value"] for r in rows if (r["region"], r["need"]) == ("NORTH", "LEGAL")
        }

    theirs, ours = north_legal(funder), north_legal(collaborative)
    assert theirs["requests"] == "30"
    # Whatever both publish, their difference never gives the shelter's 24.
    for outcome, value in ours.items():
        if value and theirs.get(outcome):
            assert int(value) - int(theirs[outcome]) == 0


def test_a_shelters_withdrawal_does_not_show_its_region(warehouse, examples, tmp_path):
    # v1 breaks NORTH down (OSE is there too); after SHELTER-N withdraws, the cells v2 would
    # have to hide to keep v1 - v2 uncertain would all be NORTH's: v2 shows no region.
    config = _config(examples, tmp_path, [])
    con = warehouse(SHARED_NORTH)
    reports = tmp_path / "reports"
    first = publish(con, config, reports, "collaborative", "2026-07").folder
    assert "NORTH" in {r["region"] for r in _table(first, "services")}
    withdraw(con, "SHELTER-N", ["2026-07"], "test", "test", datetime(2026, 9, 1))
    second = publish(con, config, reports, "collaborative", "2026-07")
    assert second.version == 2
    assert {r["region"] for r in _table(second.folder, "services")} == {"ALL"}
    # A release of another period linked to v1 through July is judged the same way.
    quarter = publish(con, config, reports, "collaborative", "2026-Q3").folder
    assert {r["region"] for r in _table(quarter, "services")} == {"ALL"}


def test_a_shelters_totals_do_not_rule_out_regions(warehouse, examples, tmp_path):
    config = _config(examples, tmp_path, [_funder("ONLY", ["SHELTER-N"])])
    con = warehouse(SHARED_NORTH)
    reports = tmp_path / "reports"
    only = publish(con, config, reports, "funder:ONLY", "2026-07").folder
    collaborative = publish(con, config, reports, "collaborative", "2026-07").folder
    # The shelter's own totals are location quantities: every non-zero one is hidden.
    assert all(r["flag"] == "suppressed" for r in _table(only, "services") if r["value"] != "0")
    shelter = {
        (r["need"], r["outcome"]): int(r["value"])
        for r in _table(only, "services")
        if r["value"] and int(r["value"]) > 0
    }
    regional = {
        (r["region"], r["need"], r["outcome"]): r["value"]
        for r in _table(collaborative, "services")
        if r["region"] != "ALL"
    }

    def could_hold(region: str) -> bool:
        # A published figure smaller than the shelter's own rules the region out.
        return all(
            not regional[region, need, outcome] or int(regional[region, need, outcome]) >= value
            for (need, outcome), value in shelter.items()
        )

    assert sum(could_hold(r.code) for r in config.regions) >= 2


def test_a_month_only_shelters_report_in_hides_its_zeros_too(warehouse, examples, tmp_path):
    # A funder whose only grantee reporting that month is the shelter: with zeros published,
    # its hidden cells would be the shelter's profile (2 declined safety plans), and the
    # collaborative's regions, 0 everywhere but NORTH, would then say where it is.
    config = _config(examples, tmp_path, [_funder("SOLO", ["SHELTER-N", "CAMPUS-U"])])
    con = warehouse(
        [
            ("SHELTER-N", "2026-07", "SAFETY_PLANNING", [0, 0, 0, 0, 2, 0]),
            ("OSE", "2026-07", "SAFETY_PLANNING", [0, 0, 0, 0, 1, 0]),
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    reports = tmp_path / "reports"
    solo = publish(con, config, reports, "funder:SOLO", "2026-07").folder
    services = _table(solo, "services")
    assert services and all(r["value"] == "" and r["flag"] == "suppressed" for r in services)
    # The ledger keeps them hidden: rebuilt unchanged, the release shows the same.
    again = publish(con, config, reports, "funder:SOLO", "2026-07")
    assert again.rebuilt and _table(again.folder, "services") == services
    # Where another grantee reports too, zeros are published as ever.
    collaborative = _table(
        publish(con, config, reports, "collaborative", "2026-07").folder, "services"
    )
    assert any(r["value"] == "0" for r in collaborative)
