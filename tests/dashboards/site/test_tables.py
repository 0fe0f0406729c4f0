"""Chart data from small releases written inline: referral tables, ranked gaps, submissions."""

import json
from pathlib import Path

import pytest

from collab.config import parse_config
from dashboards.site.cells import NOT_PUBLISHED, SUPPRESSED
from dashboards.site.gaps import ranked_gaps
from dashboards.site.referrals import answer_times, category_flows, closed_loops
from dashboards.site.releases import monthly_releases
from dashboards.site.submissions import submissions

CONFIG = parse_config(
    {
        "name": "Test collaborative",
        "regions": [{"code": "NORTH", "label": "North"}],
        "partners": [
            {"id": "DVC-N1", "label": "A", "category": "victim_service", "regions": ["NORTH"]},
            {
                "id": "PD-N1",
                "label": "B",
                "category": "system_based",
                "regions": ["NORTH"],
                "active_from": "2026-08",
            },
        ],
    }
)


def write_release(reports: Path, period: str, tables: dict[str, str], **manifest) -> None:
    """A release folder as `publish` writes it: tables/*.csv and manifest.json."""
    folder = reports / "collaborative" / period
    (folder / "tables").mkdir(parents=True)
    for name, text in tables.items():
        rows = [line.strip() for line in text.strip().splitlines()]
        (folder / "tables" / f"{name}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    manifest = {"audience": "collaborative", "period": period, "threshold": 11, **manifest}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def reports(tmp_path) -> Path:
    reports = tmp_path / "reports"
    write_release(
        reports,
        "2026-07",
        {
            "referral_flows": """period,from_category,to_category,value,flag
                2026-07,ALL,ALL,60,
                2026-07,ALL,system_based,60,
                2026-07,victim_service,ALL,60,
                2026-07,victim_service,system_based,40,
                2026-07,victim_service,campus,,suppressed
                2026-07,victim_service,military,0,""",
            "referral_answers": """period,need,answer,value,flag
                2026-07,ALL,answered,40,
                2026-07,ALL,responded_2d,30,
                2026-07,LEGAL,answered,,suppressed
                2026-07,LEGAL,responded_2d,12,
                2026-07,MEDICAL,answered,0,
                2026-07,MEDICAL,responded_2d,0,""",
        },
        inputs=[
            {"partner": "DVC-N1", "export": "services", "period": "2026-07", "revision": 1},
            {"partner": "DVC-N1", "export": "capacity", "period": "2026-07", "revision": 2},
        ],
    )
    write_release(
        reports,
        "2026-08",
        {
            "services": """period,region,need,outcome,value,flag
                2026-08,NORTH,LEGAL,requests,40,
                2026-08,NORTH,LEGAL,served,20,
                2026-08,NORTH,LEGAL,partially_served,,suppressed
                2026-08,NORTH,LEGAL,unmet_capacity,12,
                2026-08,NORTH,LEGAL,unmet_eligibility,0,
                2026-08,NORTH,LEGAL,unmet_declined,0,
                2026-08,NORTH,LEGAL,unmet_other,,suppressed
                2026-08,NORTH,MEDICAL,requests,50,
                2026-08,NORTH,MEDICAL,served,30,
                2026-08,NORTH,MEDICAL,partially_served,0,
                2026-08,NORTH,MEDICAL,unmet_capacity,,suppressed
                2026-08,NORTH,MEDICAL,unmet_eligibility,,suppressed
                2026-08,NORTH,MEDICAL,unmet_declined,0,
                2026-08,NORTH,MEDICAL,unmet_other,0,
                2026-08,NORTH,FINANCIAL,requests,30,
                2026-08,NORTH,FINANCIAL,served,15,
                2026-08,NORTH,FINANCIAL,partially_served,0,
                2026-08,NORTH,FINANCIAL,unmet_capacity,15,
                2026-08,NORTH,FINANCIAL,unmet_eligibility,0,
                2026-08,NORTH,FINANCIAL,unmet_declined,0,
                2026-08,NORTH,FINANCIAL,unmet_other,0,
                2026-08,NORTH,PET_CARE,requests,20,
                2026-08,NORTH,PET_CARE,served,,suppressed
                2026-08,NORTH,PET_CARE,partially_served,,suppressed
                2026-08,NORTH,PET_CARE,unmet_capacity,,suppressed
                2026-08,NORTH,PET_CARE,unmet_eligibility,0,
                2026-08,NORTH,PET_CARE,unmet_declined,0,
                2026-08,NORTH,PET_CARE,unmet_other,,suppressed
                2026-08,NORTH,SAFETY_PLANNING,requests,25,
                2026-08,NORTH,SAFETY_PLANNING,served,,suppressed
                2026-08,NORTH,SAFETY_PLANNING,partially_served,,suppressed
                2026-08,NORTH,SAFETY_PLANNING,unmet_capacity,,suppressed
                2026-08,NORTH,SAFETY_PLANNING,unmet_eligibility,,suppressed
                2026-08,NORTH,SAFETY_PLANNING,unmet_declined,0,
                2026-08,NORTH,SAFETY_PLANNING,unmet_other,0,""",
            "capacity": """period,region,need,measure,value,flag
                2026-08,NORTH,LEGAL,waitlist,30,
                2026-08,NORTH,MEDICAL,waitlist,,suppressed
                2026-08,NORTH,FINANCIAL,waitlist,0,
                2026-08,NORTH,SAFETY_PLANNING,waitlist,14,""",
        },
        inputs=[{"partner": "CONFIDENTIAL-1", "export": "services", "period": "2026-08"}],
        missing=[{"partner": "CONFIDENTIAL-1", "export": "referrals", "period": "2026-08"}],
    )
    return reports


def test_flows_leave_out_totals_zeros_and_suppressed_cells_and_count_the_hidden(reports):
    july, august = monthly_releases(reports)
    flows = category_flows(july)
    assert flows["links"] == [
        {"from": "victim_service", "to": "system_based", "value": 40, "text": "40"}
    ]
    assert flows["hidden"] == [{"from": "victim_service", "to": "campus"}]
    assert flows["total"] == 60 and flows["total_text"] == "60"
    assert category_flows(august) is None  # not published that month: no chart, no zeros


def test_answer_share_only_from_published_counts(reports):
    months = monthly_releases(reports)
    answers = answer_times(months, ["ALL", "LEGAL", "MEDICAL"])
    assert answers["ALL"]["share"] == {
        "v": [0.75, None],
        "why": ["", NOT_PUBLISHED],
        "text": ["75%", ""],
        "detail": ["75% (30 of 40)", ""],
    }
    assert answers["LEGAL"]["share"]["v"][0] is None
    assert answers["LEGAL"]["share"]["why"][0] == SUPPRESSED
    assert answers["LEGAL"]["answered"]["v"][0] is None  # never 0
    assert answers["LEGAL"]["answered"]["text"][0] == SUPPRESSED
    assert answers["MEDICAL"]["share"]["why"][0] == "no answered referrals"
    loops = closed_loops(months, ["ALL"])
    assert loops["ALL"]["share"]["v"] == [None, None]
    assert set(loops["ALL"]["share"]["why"]) == {NOT_PUBLISHED}


def test_ranked_gaps_explain_their_score_and_never_count_a_suppressed_cell(reports):
    """Each row carries the texts the page shows, so the page script computes nothing."""
    august = monthly_releases(reports)[1]
    needs = ["LEGAL", "MEDICAL", "FINANCIAL", "PET_CARE", "SAFETY_PLANNING"]
    ranked = ranked_gaps(august, ["NORTH"], needs)
    rows = {r["need"]: r for r in ranked}
    # MEDICAL: unmet = 50 - 30 - 0 = 20 exactly from published counts; waitlist suppressed.
    medical = rows["MEDICAL"]
    assert (medical["unmet"], medical["unmet_at_least"], medical["rate"]) == (20, False, 0.4)
    assert medical["score"] == 8.0 and medical["at_least"]
    assert medical["waitlist"] is None and medical["waitlist_why"] == SUPPRESSED
    assert medical["score_text"] == "at least 8.0"
    assert medical["explanation"] == f"20 of 50 requests unmet (40%), waitlist {SUPPRESSED}"
    # LEGAL: partially_served and a reason suppressed: the published reasons are a floor.
    legal = rows["LEGAL"]
    assert (legal["unmet"], legal["unmet_at_least"], legal["rate"]) == (12, True, 0.3)
    assert legal["score"] == 33.6 and legal["at_least"]
    assert (legal["unmet_text"], legal["rate_text"]) == ("at least 12", "at least 30%")
    financial = rows["FINANCIAL"]
    assert (financial["unmet"], financial["rate"], financial["score"]) == (15, 0.5, 7.5)
    assert not financial["at_least"] and financial["score_text"] == "7.5"
    # PET_CARE: every published reason is 0, the rest suppressed: nothing to score, not 0.
    pet_care = rows["PET_CARE"]
    assert pet_care["score"] is None and pet_care["unmet"] is None
    assert pet_care["why"] == SUPPRESSED and not pet_care["at_least"]
    assert pet_care["score_text"] == f"not scored: {SUPPRESSED}"
    assert pet_care["unmet_text"] == pet_care["rate_text"] == SUPPRESSED
    # SAFETY_PLANNING: unmet unknown (at least 0), but 14 are waiting: at least 14.
    planning = rows["SAFETY_PLANNING"]
    assert (planning["unmet"], planning["unmet_at_least"], planning["score"]) == (0, True, 14)
    assert planning["at_least"] and planning["score_text"] == "at least 14.0"
    assert planning["unmet_text"] == SUPPRESSED  # "at least 0" says nothing
    assert planning["explanation"].startswith("25 requests, unmet count suppressed")
    order = ["LEGAL", "SAFETY_PLANNING", "MEDICAL", "FINANCIAL", "PET_CARE"]
    assert [r["need"] for r in ranked] == order


def test_submissions_come_from_manifests_only(reports):
    july, august = submissions(monthly_releases(reports), CONFIG)
    assert (july["active"], july["partners"], july["files"], july["resent"]) == (1, 1, 2, 1)
    assert july["missing"] is None  # an older manifest: not recorded, not 0
    assert (august["active"], august["partners"], august["missing"]) == (2, 1, 1)
    assert august["missing_files"] == [
        {"partner": "CONFIDENTIAL-1", "export": "referrals", "period": "2026-08"}
    ]
