import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from expectations.catalogue import RULES_BY_ID
from expectations.gate import check_file, check_files

SERVICES_HEADER = (
    "partner_id,period,need,requests,served,partially_served,unmet_capacity,"
    "unmet_eligibility,unmet_declined,unmet_other\n"
)
TODAY = date(2026, 11, 25)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def rules(checked) -> set[str]:
    return {f.rule for f in checked.findings}


def test_spec_examples_are_accepted_and_typed(examples, example_config):
    results = check_files(
        [(p, None) for p in sorted(examples.glob("*.csv"))], example_config, TODAY
    )
    assert [r.name.export for r in results if r.accepted] == [
        "capacity",
        "demographics",
        "feedback",
        "referrals",
        "services",
    ]
    services = next(r for r in results if r.name.export == "services").frame
    assert services.schema["requests"] == pl.Int64
    assert services.filter(pl.col("need") == "SAFETY_PLANNING")["requests"].item() == 42
    demographics = next(r for r in results if r.name.export == "demographics").frame
    assert demographics.height == 13


def test_every_finding_uses_a_catalogued_rule(tmp_path, example_config):
    bad = write(
        tmp_path,
        "OSE_services_2026-07.csv",
        SERVICES_HEADER
        + "OSE,2026-06,Jane Doe,5,,3.5,-1,0,1,0\n"
        + "OSE,2026-07,LEGAL,10,1,1,1,1,1,1\n",
    )
    checked = check_file(bad, example_config, TODAY)
    assert not checked.accepted and checked.frame is None
    assert rules(checked) == {
        "risk.person_name",
        "row.period_mismatch",
        "value.unknown_code",
        "value.count_blank",
        "value.count_not_integer",
        "value.count_negative",
        "sum.requests",
    }
    assert all(f.rule in RULES_BY_ID for f in checked.findings)
    by_rule = {f.rule: f for f in checked.findings}
    assert (by_rule["value.unknown_code"].column, by_rule["value.unknown_code"].row) == ("need", 2)
    assert by_rule["sum.requests"].row == 3


def test_findings_never_echo_a_cell_value(tmp_path, example_config):
    planted = ["Jane Doe", "555-867-5309", "jane@example.org", "12 Elm Street"]
    bad = write(
        tmp_path,
        "OSE_services_2026-07.csv",
        SERVICES_HEADER
        + f"OSE,2026-07,{planted[0]},1,1,0,0,0,0,0\n"
        + f"OSE,2026-07,LEGAL,{planted[1]},1,0,0,0,0,0\n"
        + f"{planted[2]},2026-07,MEDICAL,1,1,0,0,0,0,{planted[3]}\n",
    )
    checked = check_file(bad, example_config, TODAY)
    text = json.dumps([f.to_json() for f in checked.findings])
    assert not checked.accepted
    for value in planted:
        assert value not in text


def test_identifier_columns_are_named_by_position_only(tmp_path, example_config):
    bad = write(
        tmp_path,
        "OSE_services_2026-07.csv",
        "partner_id,period,Client Name,DOB,Jane Roe\nOSE,2026-07,A B,2001-01-01,x\n",
    )
    checked = check_file(bad, example_config, TODAY)
    findings = [f for f in checked.findings if f.rule == "risk.identifier_column"]
    assert [f.column for f in findings] == ["column 3", "column 4"]
    unknown = [f for f in checked.findings if f.rule == "header.unknown_column"]
    assert [f.column for f in unknown] == ["column 5"]
    assert "Jane Roe" not in json.dumps([f.to_json() for f in checked.findings])


@pytest.mark.parametrize(
    ("name", "content", "rule"),
    [
        ("OSE_services_2026-07.csv", b"", "file.empty"),
        ("OSE_services_2026-07.csv", b"\xff\xfe\x00a", "file.encoding"),
        ("OSE_services_2026-07.csv", "partner_id,period\nOSE,2026-07,x\n", "file.unreadable"),
        ("OSE_services_2026-07.csv", "partner_id,,period\n", "header.blank"),
        ("OSE_services_2026-07.csv", "partner_id,Period,period\n", "header.duplicate"),
        ("OSE_services_2026-07.csv", "partner_id,period\n", "header.missing_column"),
        ("clients.csv", SERVICES_HEADER, "file.name"),
        ("NOBODY_services_2026-07.csv", SERVICES_HEADER, "file.partner_unknown"),
        ("OSE_services_2019-07.csv", SERVICES_HEADER, "file.period_range"),
        ("OSE_services_2027-01.csv", SERVICES_HEADER, "file.period_range"),
    ],
)
def test_file_level_rules(tmp_path, example_config, name, content, rule):
    checked = check_file(write(tmp_path, name, content), example_config, TODAY)
    assert not checked.accepted
    assert rule in rules(checked)


def test_header_only_file_is_a_valid_empty_month(tmp_path, example_config):
    checked = check_file(
        write(tmp_path, "OSE_services_2026-07.csv", SERVICES_HEADER), example_config, TODAY
    )
    assert checked.accepted and checked.frame.height == 0


def test_bom_case_and_spacing_of_headers_are_tolerated(tmp_path, example_config, examples):
    text = (examples / "OSE_capacity_2026-07.csv").read_text()
    header, rest = text.split("\n", 1)
    messy = "\ufeff" + ", ".join(c.upper() for c in header.split(",")) + "\n" + rest
    checked = check_file(write(tmp_path, "OSE_capacity_2026-07.csv", messy), example_config, TODAY)
    assert checked.accepted, checked.findings


def test_referral_rules(tmp_path, example_config, examples):
    lines = (examples / "OSE_referrals_2026-07.csv").read_text().splitlines()
    header = lines[0]
    cells = lines[1].split(",")
    # got_help (col 13) above accepted (col 7), and response times no longer add up.
    cells[13] = "9"
    cells[14] = "0"
    self_referral = lines[2].replace(",DSS,", ",OSE,")
    bad = write(
        tmp_path,
        "OSE_referrals_2026-07.csv",
        "\n".join([header, ",".join(cells), self_referral]) + "\n",
    )
    checked = check_file(bad, example_config, TODAY)
    assert {"sum.got_help", "sum.responded", "value.unknown_code"} <= rules(checked)
    unknown = [f for f in checked.findings if f.rule == "value.unknown_code"]
    assert [(f.column, f.row) for f in unknown] == [("counterpart", 3)]


def test_demographics_blocks_must_match_the_total(tmp_path, example_config, examples):
    text = (examples / "OSE_demographics_2026-07.csv").read_text()
    broken = text.replace("gender,female,27", "gender,female,26").replace(
        "stalking,11", "stalking,40"
    )
    checked = check_file(
        write(tmp_path, "OSE_demographics_2026-07.csv", broken), example_config, TODAY
    )
    findings = [f for f in checked.findings if f.rule == "sum.demographics_total"]
    assert not checked.accepted
    assert {f.row for f in findings} == {None, 11}
    assert any("`gender`" in f.message for f in findings)


FEEDBACK_HEADER = "partner_id,period,question,responses,yes,no,not_applicable\n"


def test_feedback_example_is_accepted_and_typed(examples, example_config):
    checked = check_file(examples / "OSE_feedback_2026-07.csv", example_config, TODAY)
    assert checked.accepted and checked.findings == []
    assert checked.frame.columns == [
        "partner_id",
        "period",
        "question",
        "responses",
        "yes",
        "no",
        "not_applicable",
        "source_row",
    ]
    assert checked.frame["question"].to_list() == [
        "safety_strategies",
        "community_resources",
        "felt_respected",
        "would_recommend",
    ]
    assert checked.frame.filter(pl.col("question") == "felt_respected").row(0)[3:7] == (
        13,
        13,
        0,
        0,
    )


def test_feedback_responses_must_add_up(tmp_path, example_config, examples):
    text = (examples / "OSE_feedback_2026-07.csv").read_text()
    broken = text.replace("felt_respected,13,13,0,0", "felt_respected,13,12,0,0")
    checked = check_file(write(tmp_path, "OSE_feedback_2026-07.csv", broken), example_config, TODAY)
    assert not checked.accepted and checked.frame is None
    (found,) = checked.findings
    assert (found.file, found.rule, found.severity) == (
        "OSE_feedback_2026-07.csv",
        "sum.responses",
        "error",
    )
    assert (found.column, found.row) == ("responses", 4)
    assert found.message == "`responses` is not the sum of yes, no, not_applicable"
    assert "13" not in found.message and "12" not in found.message


def test_feedback_questions_counts_and_columns_are_the_contracts(tmp_path, example_config):
    bad = write(
        tmp_path,
        "OSE_feedback_2026-07.csv",
        FEEDBACK_HEADER
        + "OSE,2026-07,felt_safe,5,4,1,0\n"  # not a question of the contract
        + "OSE,2026-07,would_recommend,3,4,-1,0\n"
        + "OSE,2026-07,felt_respected,2,,1,1\n"
        + "OSE,2026-07,felt_respected,2,1,1,0\n",
    )
    checked = check_file(bad, example_config, TODAY)
    assert not checked.accepted
    assert {(f.rule, f.column, f.row) for f in checked.findings} == {
        ("value.unknown_code", "question", 2),
        ("value.count_negative", "no", 3),
        ("value.count_blank", "yes", 4),
        ("row.duplicate_key", "question", 4),
        ("row.duplicate_key", "question", 5),
    }
    assert "felt_safe" not in json.dumps([f.to_json() for f in checked.findings])
    extra = write(
        tmp_path,
        "DSS_feedback_2026-07.csv",
        "partner_id,period,question,responses,yes,no,not_applicable,comments,survey_wave\n",
    )
    header = check_file(extra, example_config, TODAY)
    assert not header.accepted
    assert {(f.rule, f.column) for f in header.findings} == {
        ("risk.identifier_column", "column 8"),
        ("header.unknown_column", "column 9"),
    }


def test_many_bad_rows_are_summarised(tmp_path, example_config):
    rows = "".join(f"OSE,2026-07,LEGAL{i},1,1,0,0,0,0,0\n" for i in range(25))
    checked = check_file(
        write(tmp_path, "OSE_services_2026-07.csv", SERVICES_HEADER + rows), example_config, TODAY
    )
    unknown = [f for f in checked.findings if f.rule == "value.unknown_code"]
    assert len(unknown) == 11
    assert unknown[-1].row is None and unknown[-1].message.startswith("15 more rows")


def test_xlsx_reads_like_csv(tmp_path, example_config, examples):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    source = pl.read_csv(examples / "OSE_services_2026-07.csv")
    path = tmp_path / "OSE_services_2026-07.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, source.columns)
        for i, row in enumerate(source.iter_rows(), start=1):
            sheet.write_row(i, 0, row)
    checked = check_file(path, example_config, TODAY)
    assert checked.accepted, checked.findings
    assert checked.frame.drop("partner_id", "period").equals(
        check_file(examples / "OSE_services_2026-07.csv", example_config, TODAY).frame.drop(
            "partner_id", "period"
        )
    )


def test_batch_and_single_file_findings_are_identical(tmp_path, example_config, examples):
    bad = write(
        tmp_path,
        "OSE_services_2026-07.csv",
        SERVICES_HEADER + "OSE,2026-07,LEGAL,3,1,1,0,0,0,0\nOSE,2026-07,LEGAL,1,1,0,0,0,0,0\n",
    )
    files = [bad, *sorted(examples.glob("*.csv"))]
    batch = check_files([(p, None) for p in files], example_config, TODAY)
    single = [check_file(p, example_config, TODAY) for p in files]
    assert [b.findings for b in batch] == [s.findings for s in single]


def test_unicode_digits_are_not_counts(tmp_path, example_config):
    path = write(
        tmp_path,
        "OSE_services_2026-07.csv",
        SERVICES_HEADER + "OSE,2026-07,LEGAL,\uff11\uff12,12,0,0,0,0,0\n",
    )
    checked = check_file(path, example_config, TODAY)
    assert ("value.count_not_integer", "requests", 2) in [
        (f.rule, f.column, f.row) for f in checked.findings
    ]
