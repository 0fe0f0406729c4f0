import json
from datetime import date
from pathlib import Path

import pytest

from expectations.gate import check_file
from expectations.names import contract_words, person_names

TODAY = date(2026, 11, 25)
SERVICES_HEADER = (
    "partner_id,period,need,requests,served,partially_served,unmet_capacity,"
    "unmet_eligibility,unmet_declined,unmet_other\n"
)


def _services_with(tmp_path: Path, column: str, value: str) -> Path:
    cells = {
        "partner_id": "OSE",
        "period": "2026-07",
        "need": "LEGAL",
        "requests": "1",
        "served": "1",
        "partially_served": "0",
        "unmet_capacity": "0",
        "unmet_eligibility": "0",
        "unmet_declined": "0",
        "unmet_other": "0",
    }
    cells[column] = f'"{value}"'
    good = "OSE,2026-07,MEDICAL,2,2,0,0,0,0,0\n"
    path = tmp_path / "OSE_services_2026-07.csv"
    path.write_text(SERVICES_HEADER + good + ",".join(cells.values()) + "\n")
    return path


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("123-45-6789", "risk.ssn"),
        ("maria.lopez@example.org", "risk.email"),
        ("(555) 867-5309", "risk.phone"),
        ("+1 555 867 5309", "risk.phone"),
        ("1985-03-14", "risk.date"),
        ("3/14/1985", "risk.date"),
        ("2026-07-14 10:30", "risk.date"),
        ("March 14, 1985", "risk.date"),
        ("02134", "risk.zip"),
        ("90210-1234", "risk.zip"),
        ("40.712776", "risk.lat_long"),
        ("40.7128, -74.0060", "risk.lat_long"),
        ("1600 Pennsylvania Avenue", "risk.street_address"),
        ("PO Box 12", "risk.street_address"),
        ("Maria Lopez", "risk.person_name"),
        ("Nguyen", "risk.person_name"),
        ("called back twice, needs follow up", "risk.free_text"),
    ],
)
@pytest.mark.parametrize("column", ["need", "served", "period", "partner_id"])
def test_personal_data_in_any_column_is_flagged_and_never_echoed(
    tmp_path, example_config, value, rule, column
):
    checked = check_file(_services_with(tmp_path, column, value), example_config, TODAY)
    assert not checked.accepted
    flagged = [(f.rule, f.column, f.row) for f in checked.findings if f.rule.startswith("risk.")]
    assert flagged == [(rule, column, 3)]
    assert value not in json.dumps([f.to_json() for f in checked.findings])


def test_valid_codes_and_counts_raise_no_risk(examples, example_config):
    for path in sorted(examples.glob("*.csv")):
        checked = check_file(path, example_config, TODAY)
        assert not [f for f in checked.findings if f.rule.startswith("risk.")]


def test_counts_of_five_digits_are_counts_unless_they_start_with_zero(tmp_path, example_config):
    path = _services_with(tmp_path, "requests", "12345")
    path.write_text(path.read_text().replace('"12345",1,', '"12345",12345,'))
    assert check_file(path, example_config, TODAY).accepted


def test_region_finer_than_configured_is_a_fine_place(tmp_path, example_config, examples):
    text = (examples / "OSE_capacity_2026-07.csv").read_text()
    path = tmp_path / "OSE_capacity_2026-07.csv"
    path.write_text(text.replace("available,12,0,METRO", "available,12,0,Elm Heights"))
    checked = check_file(path, example_config, TODAY)
    assert ("risk.fine_place", "region", 2) in [(f.rule, f.column, f.row) for f in checked.findings]


def test_one_row_per_person_shape(tmp_path, example_config):
    counterparts = ["DSS", "SHELTER-N", "FAITH-1", "CAMPUS-U"]
    needs = [
        "LEGAL",
        "MEDICAL",
        "FINANCIAL",
        "PET_CARE",
        "SAFETY_PLANNING",
        "MENTAL_HEALTH",
        "SECURE_COMMS",
    ]
    header = (
        "partner_id,period,direction,counterpart,need,referrals,pending,accepted,"
        "declined_capacity,declined_ineligible,declined_other,withdrawn,no_response,"
        "got_help,responded_2d,responded_3_14d,responded_over_14d\n"
    )
    rows = "".join(
        f"OSE,2026-07,sent,{c},{n},1,0,1,0,0,0,0,0,1,1,0,0\n" for c in counterparts for n in needs
    )
    path = tmp_path / "OSE_referrals_2026-07.csv"
    path.write_text(header + rows)
    checked = check_file(path, example_config, TODAY)
    assert [f.rule for f in checked.findings] == ["risk.person_rows"]


def test_name_lists_keep_contract_words_out():
    names = person_names()
    assert {"maria", "lopez", "nguyen", "smith"} <= names
    assert not names & contract_words()
