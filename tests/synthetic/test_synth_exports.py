"""Every normal partner file meets the export contract exactly (checked here with plain polars,
independently of the project's gate)."""

import polars as pl

from collab.config import load_config
from collab.contract import (
    CAPACITY_STATUSES,
    DEMOGRAPHIC_CATEGORIES,
    DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL,
    DIRECTIONS,
    EXPORTS,
    EXTERNAL_COUNTERPARTS,
    FEEDBACK_ANSWERS,
    FEEDBACK_QUESTIONS,
    NEEDS,
    REFERRAL_ANSWERED,
    REFERRAL_RESPONSE_TIMES,
    REFERRAL_STATUSES,
    REQUIRED_EXPORTS,
    SERVICE_OUTCOMES,
    parse_file_name,
)
from tests.synthetic.synth_files import load_export, partner_files, read_strings


def test_names_columns_identity_and_integers(workspace):
    config = load_config(workspace / "collaborative.yaml")
    files = partner_files(workspace)
    assert files
    for path in files:
        name = parse_file_name(path.name)
        assert name is not None, path
        assert name.suffix == "csv"
        assert name.partner_id in config.partner_ids
        assert path.parent.name == name.period
        raw = path.read_bytes()
        raw.decode("utf-8")
        assert raw.endswith(b"\n") and b"\r" not in raw
        frame = read_strings(path)
        assert tuple(frame.columns) == EXPORTS[name.export].columns, path
        assert frame["partner_id"].eq(name.partner_id).all(), path
        assert frame["period"].eq(name.period).all(), path
        for column in EXPORTS[name.export].counts:
            assert frame[column].str.contains(r"^(0|[1-9][0-9]*)$").all(), (path, column)


def test_codes_are_from_the_contract_and_config(workspace):
    config = load_config(workspace / "collaborative.yaml")
    needs = set(NEEDS)
    services = load_export(workspace, "services")
    capacity = load_export(workspace, "capacity")
    referrals = load_export(workspace, "referrals")
    assert set(services["need"]) <= needs
    assert set(capacity["need"]) <= needs
    assert set(referrals["need"]) <= needs
    assert set(capacity["status"]) <= set(CAPACITY_STATUSES)
    assert set(referrals["direction"]) <= set(DIRECTIONS)
    assert set(referrals["counterpart"]) <= config.partner_ids | set(EXTERNAL_COUNTERPARTS)
    assert not (referrals["counterpart"] == referrals["partner_id"]).any()
    regions = {p.id: set(p.regions) for p in config.partners}
    for row in capacity.select("partner_id", "region").unique().iter_rows():
        assert row[1] in regions[row[0]]


def test_keys_are_unique(workspace):
    for export in map(EXPORTS.get, REQUIRED_EXPORTS):
        frame = load_export(workspace, export.name)
        assert not frame.select("file", *export.key).is_duplicated().any(), export.name


def test_every_export_is_sent_and_feedback_by_the_partners_that_survey(workspace):
    files = [parse_file_name(path.name) for path in partner_files(workspace)]
    assert {f.export for f in files} == set(EXPORTS)
    partners = {f.partner_id for f in files}
    surveying = {f.partner_id for f in files if f.export == "feedback"}
    # Optional: some partners run a survey, others never send one.
    assert surveying and surveying < partners
    required = {(f.partner_id, f.period) for f in files if f.export in REQUIRED_EXPORTS}
    assert {(f.partner_id, f.period) for f in files if f.export == "feedback"} <= required


def test_feedback_sums_and_questions(workspace):
    feedback = load_export(workspace, "feedback")
    assert set(feedback["question"]) <= set(FEEDBACK_QUESTIONS)
    answers = feedback.select(pl.sum_horizontal(FEEDBACK_ANSWERS)).to_series()
    assert (feedback["responses"] == answers).all()
    assert (feedback["responses"] > 0).all()
    # Few survivors return a survey: most of a partner's months are small counts.
    assert (feedback["responses"] < 11).mean() > 0.5


def test_services_sums(workspace):
    services = load_export(workspace, "services")
    assert services.height > 0
    assert (services["requests"] > 0).all()
    outcomes = services.select(pl.sum_horizontal(SERVICE_OUTCOMES)).to_series()
    assert (services["requests"] == outcomes).all()


def test_referral_rules(workspace):
    referrals = load_export(workspace, "referrals")
    assert referrals.height > 0
    statuses = referrals.select(pl.sum_horizontal(REFERRAL_STATUSES)).to_series()
    answered = referrals.select(pl.sum_horizontal(REFERRAL_ANSWERED)).to_series()
    timed = referrals.select(pl.sum_horizontal(REFERRAL_RESPONSE_TIMES)).to_series()
    assert (referrals["referrals"] == statuses).all()
    assert (referrals["got_help"] <= referrals["accepted"]).all()
    assert (answered == timed).all()
    assert (referrals["referrals"] > 0).all()


def test_capacity_status_agrees_with_slots(workspace):
    capacity = load_export(workspace, "capacity")
    closed = capacity.filter(pl.col("status").is_in(["full", "waitlist"]))
    assert (closed["slots"] == 0).all()
    assert (capacity.filter(pl.col("status") == "waitlist")["waitlist"] > 0).all()
    assert (capacity.filter(pl.col("status") != "waitlist")["waitlist"] == 0).all()
    assert (capacity.filter(pl.col("status").is_in(["available", "limited"]))["slots"] > 0).all()


def test_demographics_rules(workspace):
    demographics = load_export(workspace, "demographics")
    for dimension, categories in DEMOGRAPHIC_CATEGORIES.items():
        found = set(demographics.filter(pl.col("dimension") == dimension)["category"])
        assert found <= set(categories), dimension
    totals = demographics.filter(pl.col("dimension") == "total").select("file", total="individuals")
    assert totals["file"].n_unique() == totals.height == demographics["file"].n_unique()
    joined = demographics.join(totals, on="file")
    for dimension in DEMOGRAPHIC_DIMENSIONS_SUMMING_TO_TOTAL:
        sums = (
            joined.filter(pl.col("dimension") == dimension)
            .group_by("file")
            .agg(pl.col("individuals").sum(), pl.col("total").first())
        )
        assert (sums["individuals"] == sums["total"]).all(), dimension
        with_people = totals.filter(pl.col("total") > 0)["file"]
        assert set(with_people) <= set(sums["file"]), dimension
    capped = joined.filter(pl.col("dimension").is_in(["victimization", "special_population"]))
    assert (capped["individuals"] <= capped["total"]).all()
    assert (joined.filter(pl.col("dimension") != "total")["individuals"] > 0).all()


def test_demographics_scale_with_requests(year_workspace):
    requests = (
        load_export(year_workspace, "services").group_by("partner_id").agg(pl.col("requests").sum())
    )
    people = (
        load_export(year_workspace, "demographics")
        .filter(pl.col("dimension") == "total")
        .group_by("partner_id")
        .agg(pl.col("individuals").sum())
    )
    ratio = requests.join(people, on="partner_id").select(
        pl.col("individuals") / pl.col("requests")
    )
    assert ratio.to_series().is_between(0.15, 0.6).all()
