"""The GX suites of the ingest find exactly the cells that the Polars row rules of the gate find."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collab import contract
from expectations import suites
from expectations.columns import check_header
from expectations.exports import row_rules
from expectations.gate import batch_frame
from expectations.read import read_raw_table
from expectations.rows import MAX_ROWS_PER_RULE, failing_cells, failing_rows
from expectations.suites import build_suite, run_suite, suite_cells, validate

PERIOD = "2026-07"


def csv_text(export: contract.Export, records: list[dict]) -> str:
    out = io.StringIO()
    # With "\r\n" as line end the writer quotes every cell holding a "\r" or "\n".
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(export.columns)
    writer.writerows([["" if r[c] is None else r[c] for c in export.columns] for r in records])
    return out.getvalue()


def batch(export: contract.Export, files: list[tuple[str, str]], folder: Path | None = None):
    """The gate's batch frame of `files` (name, CSV text), read as the gate reads them."""
    staged = []
    for index, (name, text) in enumerate(files):
        path = Path(name) if folder is None else folder / name
        data = text.encode()
        if folder is not None:
            path.write_bytes(data)
        table = read_raw_table(path, data)
        assert not check_header(name, table.header, export)
        staged.append((index, contract.parse_file_name(name), table))
    return batch_frame(export, staged)


def both_paths(export: contract.Export, config, rows: pl.DataFrame) -> set:
    """The failing cells, after asserting that GX and Polars agree on them."""
    polars_cells = failing_cells(rows, row_rules(export, config))
    assert suite_cells(export, config, rows) == polars_cells
    return polars_cells


def example_records(examples: Path, export: str) -> list[dict]:
    with open(examples / f"OSE_{export}_{PERIOD}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def unused_needs(records: list[dict]) -> list[str]:
    return [n for n in contract.NEEDS if n not in {r.get("need") for r in records}]


def count_breaks(base: dict, counts: tuple[str, ...], keys: list[dict]) -> list[dict]:
    """One row per count: that count blank, the next negative, the one after a decimal."""
    return [
        {
            **base,
            **key,
            column: None,
            counts[(i + 1) % len(counts)]: "-3",
            counts[(i + 2) % len(counts)]: "2.5",
        }
        for i, (column, key) in enumerate(zip(counts, keys, strict=False))
    ]


def bad_services(examples: Path) -> list[dict]:
    good = example_records(examples, "services")
    base = good[0]
    spare = unused_needs(good)
    export = contract.EXPORTS["services"]
    return good + [
        {**base, "need": spare[0], "partner_id": "DSS"},
        {**base, "need": spare[1], "partner_id": None},
        {**base, "need": spare[2], "period": "2026-06"},
        {**base, "need": "Jane Doe"},
        {**base, "need": None},
        {**base, "need": "legal"},
        good[1],
        {**base, "need": spare[3], "requests": "43"},
        # Sums are compared only where every count parses.
        {**base, "need": spare[4], "requests": "43", "served": "38.0"},
        {**base, "need": spare[5], "requests": "1234567890", "served": "-0", "unmet_other": "+1"},
        *count_breaks(base, export.counts, [{"need": n} for n in spare[6:]]),
    ]


def bad_referrals(examples: Path) -> list[dict]:
    good = example_records(examples, "referrals")
    base = good[0]
    export = contract.EXPORTS["referrals"]
    keys = [{"direction": "received", "counterpart": "DSS", "need": n} for n in contract.NEEDS]
    return good + [
        {**base, **keys[0], "partner_id": "SHELTER-N"},
        {**base, **keys[1], "period": None},
        {**base, **keys[2], "direction": "both"},
        {**base, **keys[3], "direction": None},
        {**base, **keys[4], "counterpart": "OSE"},  # the file's own partner
        {**base, **keys[5], "counterpart": "EXT-church"},
        {**base, **keys[6], "counterpart": None},
        {**base, **keys[7], "need": "SHELTER"},
        good[2],
        {**base, **keys[8], "referrals": "7"},
        {**base, **keys[9], "got_help": "3"},
        {**base, **keys[10], "responded_2d": "5"},
        # Not compared: a count of the rule does not parse (its own finding says so).
        {**base, **keys[11], "got_help": "3", "accepted": "two"},
        {**base, **keys[12], "responded_2d": "5", "declined_other": None},
        *count_breaks(
            base,
            export.counts,
            [{"direction": "sent", "counterpart": "FAITH-1", "need": n} for n in contract.NEEDS],
        ),
    ]


def bad_capacity(examples: Path) -> list[dict]:
    good = example_records(examples, "capacity")
    base = good[0]
    spare = unused_needs(good)
    export = contract.EXPORTS["capacity"]
    return good + [
        {**base, "need": spare[0], "partner_id": "ose"},
        {**base, "need": spare[1], "period": "2026-7"},
        {**base, "need": "MEDICAL CARE"},
        {**base, "need": spare[2], "status": "open"},
        {**base, "need": spare[3], "status": None},
        {**base, "need": spare[4], "region": "ELM_STREET"},
        {**base, "need": spare[5], "region": None},
        good[2],
        *count_breaks(base, export.counts, [{"need": n} for n in spare[6:8]]),
        # With two counts, the decimal of `count_breaks` overwrites its blank.
        {**base, "need": spare[8], "slots": None, "waitlist": None},
    ]


def bad_demographics(examples: Path) -> list[dict]:
    good = example_records(examples, "demographics")
    base = good[0]
    return good + [
        {**base, "dimension": "age_band", "category": "0-12", "partner_id": None},
        {**base, "dimension": "age_band", "category": "13-17", "period": "July"},
        {**base, "dimension": "ethnicity", "category": "other"},  # only `dimension` fails
        {**base, "dimension": None, "category": "all"},
        {**base, "dimension": "gender", "category": "60+"},  # a category of another dimension
        {**base, "dimension": "victimization", "category": None},
        good[3],
        {**base, "dimension": "special_population", "category": "rural", "individuals": None},
        {**base, "dimension": "special_population", "category": "tribal", "individuals": "-1"},
        {**base, "dimension": "special_population", "category": "student", "individuals": "1.5"},
    ]


def bad_feedback(examples: Path) -> list[dict]:
    good = example_records(examples, "feedback")
    base = good[0]
    export = contract.EXPORTS["feedback"]
    # Four questions only: most bad rows repeat a key, which both paths must flag alike.
    return good + [
        {**base, "partner_id": "DSS"},
        {**base, "period": None},
        {**base, "question": "felt_safe"},
        {**base, "question": None},
        {**base, "question": "would_recommend", "responses": "15"},
        # Not compared: a count of the rule does not parse (its own finding says so).
        {**base, "question": "felt_respected", "responses": "15", "yes": "11.0"},
        *count_breaks(base, export.counts, [{"question": q} for q in contract.FEEDBACK_QUESTIONS]),
    ]


BAD = {
    "services": bad_services,
    "referrals": bad_referrals,
    "capacity": bad_capacity,
    "demographics": bad_demographics,
    "feedback": bad_feedback,
}


@pytest.mark.parametrize("export_name", list(contract.EXPORTS))
def test_every_row_rule_breaks_alike_on_both_paths(export_name, tmp_path, examples, example_config):
    export = contract.EXPORTS[export_name]
    good = example_records(examples, export_name)
    other = [{**r, "partner_id": "DSS"} for r in good]
    files = [
        (f"OSE_{export_name}_{PERIOD}.csv", csv_text(export, BAD[export_name](examples))),
        # Another file with the same keys: a key is unique per file, not per batch.
        (f"DSS_{export_name}_{PERIOD}.csv", csv_text(export, other + other[:1])),
    ]
    cells = both_paths(export, example_config, batch(export, files, tmp_path))
    broken = {(rule, column) for _, rule, column, _ in cells}
    assert broken == {(r.rule, r.column) for r in row_rules(export, example_config)}
    assert {file for file, rule, _, _ in cells if rule == "row.duplicate_key"} == {0, 1}
    assert {file for file, *_ in cells} == {0, 1}


def test_valid_files_give_no_failures(tmp_path, examples, example_config):
    for export_name, export in contract.EXPORTS.items():
        text = (examples / f"OSE_{export_name}_{PERIOD}.csv").read_text(encoding="utf-8")
        files = [(f"OSE_{export_name}_{PERIOD}.csv", text)]
        assert both_paths(export, example_config, batch(export, files, tmp_path)) == set()


def test_a_header_only_batch_gives_no_failures(example_config):
    export = contract.EXPORTS["services"]
    rows = batch(export, [(f"OSE_services_{PERIOD}.csv", csv_text(export, []))])
    assert rows.height == 0
    assert run_suite(export, example_config, rows) == []
    assert both_paths(export, example_config, rows) == set()


def test_failures_read_like_the_gates_but_uncapped(examples, example_config):
    export = contract.EXPORTS["services"]
    base = example_records(examples, "services")[0]
    many = [{**base, "need": n, "period": "2026-06"} for n in contract.NEEDS]
    files = [
        (f"OSE_services_{PERIOD}.csv", csv_text(export, bad_services(examples))),
        (f"DSS_services_{PERIOD}.csv", csv_text(export, many)),
    ]
    rows = batch(export, files)
    gate = failing_rows(rows, row_rules(export, example_config))
    suite = run_suite(export, example_config, rows)
    assert [(f.file, f.rule.rule, f.rule.column, f.rule.message) for f in suite] == [
        (f.file, f.rule.rule, f.rule.column, f.rule.message) for f in gate
    ]
    assert [(f.rows[:MAX_ROWS_PER_RULE], f.count) for f in suite] == [
        (f.rows, f.count) for f in gate
    ]
    assert max(len(f.rows) for f in suite) == len(contract.NEEDS) > MAX_ROWS_PER_RULE


def test_validation_results_hold_no_cell_value(examples, example_config):
    export = contract.EXPORTS["services"]
    planted = ["Jane Doe", "555-867-5309", "jane@example.org", "12 Elm Street"]
    base = example_records(examples, "services")[0]
    records = [
        {**base, "need": planted[0]},
        {**base, "need": "LEGAL", "requests": planted[1]},
        {**base, "need": "MEDICAL", "partner_id": planted[2], "unmet_other": planted[3]},
    ]
    result = validate(
        export,
        example_config,
        batch(export, [(f"OSE_services_{PERIOD}.csv", csv_text(export, records))]),
    )
    assert not result.success
    text = json.dumps(result.to_json_dict())
    for value in planted:
        assert value not in text


def test_an_expectation_gx_cannot_evaluate_blocks(monkeypatch, examples, example_config):
    export = contract.EXPORTS["services"]
    build = suites._validation_frame
    monkeypatch.setattr(
        suites, "_validation_frame", lambda *args: build(*args).drop(columns="__requests_parts")
    )
    text = (examples / f"OSE_services_{PERIOD}.csv").read_text(encoding="utf-8")
    rows = batch(export, [(f"OSE_services_{PERIOD}.csv", text)])
    with pytest.raises(RuntimeError, match="sum.requests"):
        run_suite(export, example_config, rows)


@pytest.mark.parametrize("export_name", list(contract.EXPORTS))
def test_each_expectation_names_its_rule_and_message(export_name, example_config):
    export = contract.EXPORTS[export_name]
    messages = {(r.rule, r.column): r.message for r in row_rules(export, example_config)}
    suite = build_suite(export, example_config)
    named = {(e.meta["rule"], e.meta["column"]): e.description for e in suite.expectations}
    assert named == messages


def test_great_expectations_stays_off_the_check_path():
    code = (
        "import sys, cli.main, cli.commands.check, expectations.gate;"
        "assert 'expectations.suites' not in sys.modules;"
        "import expectations.suites;"
        "assert 'great_expectations' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# Random partner files: cells are valid codes, counts, or anything a spreadsheet may hold.
# Non-ASCII decimal digits are left out: `rows.count_value` raises on them (Polars' `\d` is
# Unicode, its cast is strict), so the paths can't be compared on them yet.
TEXT = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Nd"),
        include_characters="0123456789",
        exclude_characters="\x00",
    ),
    max_size=12,
)
COUNT = st.one_of(
    st.integers(0, 60).map(str),
    st.integers(-20, -1).map(str),
    st.sampled_from(["-0", "2.5", "1,000", "+3", "1e3", "1234567890", "999999999", "007", " 4 "]),
    st.none(),
    TEXT,
)
PARTNERS = ["OSE", "DSS", "NOPE"]


def code(values: list[str]) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(values), st.none(), TEXT)


def identity(partner: str) -> dict:
    return {
        "partner_id": code([partner, partner, "DSS"]),
        "period": code([PERIOD, PERIOD, "2026-06"]),
    }


def split(draw, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.integers(0, total)) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@st.composite
def services_record(draw, partner: str) -> dict:
    outcomes = [draw(st.integers(0, 9)) for _ in contract.SERVICE_OUTCOMES]
    record = {
        "partner_id": partner,
        "period": PERIOD,
        # Few needs, so that keys repeat.
        "need": draw(st.sampled_from(["LEGAL", "MEDICAL", "PET_CARE"])),
        "requests": str(sum(outcomes) + draw(st.sampled_from([0, 0, 0, 1]))),
        **{c: str(v) for c, v in zip(contract.SERVICE_OUTCOMES, outcomes, strict=True)},
    }
    return corrupt(draw, record, contract.EXPORTS["services"], {"need": code(["LEGAL"])}, partner)


@st.composite
def referrals_record(draw, partner: str) -> dict:
    total = draw(st.integers(0, 12))
    split_total = split(draw, total, len(contract.REFERRAL_STATUSES))
    statuses = dict(zip(contract.REFERRAL_STATUSES, split_total, strict=True))
    answered = sum(statuses[c] for c in contract.REFERRAL_ANSWERED)
    times = split(draw, answered + draw(st.sampled_from([0, 0, 0, 1])), 3)
    got_help = draw(st.integers(0, statuses["accepted"] + 1))
    record = {
        "partner_id": partner,
        "period": PERIOD,
        "direction": draw(st.sampled_from(contract.DIRECTIONS)),
        "counterpart": draw(st.sampled_from(["OSE", "DSS", "EXT-military"])),
        "need": draw(st.sampled_from(["LEGAL", "MEDICAL"])),
        "referrals": str(sum(statuses.values()) + draw(st.sampled_from([0, 0, 0, 1]))),
        **{c: str(v) for c, v in statuses.items()},
        "got_help": str(got_help),
        **{c: str(v) for c, v in zip(contract.REFERRAL_RESPONSE_TIMES, times, strict=True)},
    }
    codes = {
        "direction": code(list(contract.DIRECTIONS)),
        "counterpart": code(["OSE", "DSS", "SHELTER-N", "EXT-campus", "EXT-x"]),
        "need": code(["LEGAL"]),
    }
    return corrupt(draw, record, contract.EXPORTS["referrals"], codes, partner)


@st.composite
def feedback_record(draw, partner: str) -> dict:
    answers = [draw(st.integers(0, 9)) for _ in contract.FEEDBACK_ANSWERS]
    record = {
        "partner_id": partner,
        "period": PERIOD,
        "question": draw(st.sampled_from(list(contract.FEEDBACK_QUESTIONS))),
        "responses": str(sum(answers) + draw(st.sampled_from([0, 0, 0, 1]))),
        **{c: str(v) for c, v in zip(contract.FEEDBACK_ANSWERS, answers, strict=True)},
    }
    codes = {"question": code(["felt_respected", "safety"])}
    return corrupt(draw, record, contract.EXPORTS["feedback"], codes, partner)


def corrupt(draw, record: dict, export: contract.Export, codes: dict, partner: str) -> dict:
    """Replace up to three cells of a consistent record with random ones."""
    cells = {**identity(partner), **codes, **dict.fromkeys(export.counts, COUNT)}
    for column in draw(st.sets(st.sampled_from(export.columns), max_size=3)):
        record[column] = draw(cells[column])
    return record


@st.composite
def batches(draw, export_name: str, record) -> tuple[contract.Export, pl.DataFrame]:
    export = contract.EXPORTS[export_name]
    partners = draw(st.lists(st.sampled_from(PARTNERS), min_size=1, max_size=2, unique=True))
    files = [
        (
            f"{p}_{export_name}_{PERIOD}.csv",
            csv_text(export, draw(st.lists(record(p), min_size=1, max_size=8))),
        )
        for p in partners
    ]
    return export, batch(export, files)


SLOW = settings(
    max_examples=25,
    deadline=None,
    # The autouse environment fixture needs no reset between examples.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@SLOW
@given(batches("services", services_record))
def test_random_services_files_fail_alike(example_config, export_and_rows):
    export, rows = export_and_rows
    both_paths(export, example_config, rows)


@SLOW
@given(batches("referrals", referrals_record))
def test_random_referrals_files_fail_alike(example_config, export_and_rows):
    export, rows = export_and_rows
    both_paths(export, example_config, rows)


@SLOW
@given(batches("feedback", feedback_record))
def test_random_feedback_files_fail_alike(example_config, export_and_rows):
    export, rows = export_and_rows
    both_paths(export, example_config, rows)
