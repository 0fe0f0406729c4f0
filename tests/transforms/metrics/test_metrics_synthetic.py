"""Invariants of every metric on a synthetic collaborative run through the whole pipeline."""

import duckdb
import polars as pl
import pytest

from collab.workspace import Workspace
from pipelines.runner import run_pipeline
from synthetic import generate
from transforms.metrics import Scope, funder_scope, home_regions
from transforms.metrics.completeness import funder_completeness, submission_completeness
from transforms.metrics.gap_ranking import gap_ranking
from transforms.metrics.gaps import capacity_status, provider_coverage, unmet_by_reason, waitlists
from transforms.metrics.needs import individuals_by_category, requests_by, requests_trend
from transforms.metrics.network import category_flows, hubs, network_summary
from transforms.metrics.referrals import (
    decline_reasons,
    referral_funnel,
    sent_received_reconciliation,
)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("metrics") / "ws"
    summary = generate(root, partners=8, months=4, seed=2)
    workspace = Workspace(root)
    with pytest.MonkeyPatch.context() as env:  # prepare() sets DAGSTER_HOME for the process
        env.setenv("DAGSTER_HOME", str(workspace.dagster_home))
        run_pipeline(workspace)
    config = workspace.require()
    con = duckdb.connect(str(workspace.warehouse), read_only=True)
    scopes = [Scope(("2026-07", "2026-08", "2026-09", "2026-10"), None, "LAST-4")]
    assert (summary.first_month, summary.last_month) == ("2026-07", "2026-10")
    scopes += [funder_scope(con, f.id, "2026-Q3") for f in config.funders]
    scopes.append(Scope.of_period("2026-10"))
    yield con, home_regions(config), scopes
    con.close()


def between_0_and_1(frame: pl.DataFrame, *columns: str) -> bool:
    return frame.select(pl.col(columns).is_between(0, 1).or_(pl.col(columns).is_null()).all()).row(
        0
    ) == (True,) * len(columns)


def test_funnel_is_monotone_and_its_rates_are_shares(synthetic):
    con, _, scopes = synthetic
    for scope in scopes:
        funnel = referral_funnel(con, scope)
        assert funnel.height > 0
        for upper, lower in [("sent", "answered"), ("answered", "accepted")] + [
            ("accepted", "got_help"),
            ("answered", "responded_2d"),
        ]:
            assert (funnel[upper] >= funnel[lower]).all(), (scope, upper, lower)
        rates = ("acceptance_rate", "closed_loop_rate", "answered_within_2d_rate")
        assert between_0_and_1(funnel, *rates)
        assert between_0_and_1(decline_reasons(con, scope), "share")


def test_totals_agree_across_breakdowns(synthetic):
    con, home, scopes = synthetic
    whole = scopes[0]
    by_need = requests_by(con, whole).filter(period="LAST-4")["requests"].sum()
    by_region = requests_by(con, whole, ["region"], home).filter(period="LAST-4")
    by_category = requests_by(con, whole, ["category"]).filter(period="LAST-4")
    loaded = con.execute(
        "SELECT sum(requests)::BIGINT FROM services WHERE period BETWEEN '2026-07' AND '2026-10'"
    ).fetchone()[0]
    assert by_need == by_region["requests"].sum() == by_category["requests"].sum() == loaded
    assert by_region["region"].null_count() == 0
    monthly = requests_by(con, whole).filter(pl.col("period") != "LAST-4")["requests"].sum()
    assert monthly == loaded
    funnel = referral_funnel(con, whole).filter(period="LAST-4")
    sent = funnel.filter(need="ALL")["sent"].item()
    assert funnel.filter(pl.col("need") != "ALL")["sent"].sum() == sent
    assert category_flows(con, whole)["referrals"].sum() == sent


def test_gap_measures_and_the_ranked_list(synthetic):
    con, home, scopes = synthetic
    for scope in scopes:
        unmet = unmet_by_reason(con, scope, home)
        assert (unmet["unmet"] <= unmet["requests"]).all()
        assert between_0_and_1(unmet, "unmet_rate")
        stock = waitlists(con, scope)
        last = stock.filter(period=scope.last_month).drop("period")
        assert last.equals(stock.filter(period=scope.total_period).drop("period"))
        status = capacity_status(con, scope).filter(period=scope.total_period)
        assert status["providers"].sum() == last["providers"].sum()
        coverage = provider_coverage(con, scope)
        assert set(coverage["coverage"]) <= {"no_provider", "only_full_or_waitlist", "open"}
        ranked = gap_ranking(con, scope, home)
        assert ranked.height > 0
        assert ranked["score"].is_sorted(descending=True)
        assert ranked["rank"].to_list() == list(range(1, ranked.height + 1))
        assert (ranked["score"] > 0).all()
        assert between_0_and_1(ranked, "unmet_rate", "waitlist_share")
        assert ranked["explanation"].str.len_chars().min() > 0


def test_network_and_hubs(synthetic):
    con, _, scopes = synthetic
    partners = con.execute("SELECT partner_id, confidential_location FROM partners").pl()
    for scope in scopes:
        summary = network_summary(con, scope)
        assert between_0_and_1(summary, "density", "reciprocity")
        ranked = hubs(con, scope)
        assert ranked["degree"].is_sorted(descending=True)
        assert (ranked["degree"] >= ranked["sent_to"]).all()
        assert (ranked["degree"] <= ranked["sent_to"] + ranked["received_from"]).all()
        flags = ranked.select("partner_id", "confidential_location").join(
            partners, on="partner_id", suffix="_dim"
        )
        assert flags["confidential_location"].equals(
            flags["confidential_location_dim"].alias("confidential_location")
        )


def test_needs_demographics_reconciliation_and_completeness(synthetic):
    con, _, scopes = synthetic
    for scope in scopes:
        trend = requests_trend(con, scope)
        assert set(trend["period"]) <= set(scope.months)
        people = individuals_by_category(con, scope)
        for dimension in ("age_band", "gender"):
            parts = (
                people.filter(dimension=dimension)
                .group_by("period")
                .agg(pl.col("individuals").sum())
            )
            totals = people.filter(dimension="total").select("period", "individuals")
            assert (
                parts.join(totals, on="period")
                .filter(pl.col("individuals") != pl.col("individuals_right"))
                .is_empty()
            )
        pairs = sent_received_reconciliation(con, scope)
        assert (pairs["difference"] == pairs["sent"] - pairs["received"]).all()
        for files in (submission_completeness(con, scope), funder_completeness(con, scope)):
            assert (files["accepted"] <= files["expected"]).all()
            assert (files["late"] <= files["accepted"]).all()
            assert between_0_and_1(files, "completeness")
