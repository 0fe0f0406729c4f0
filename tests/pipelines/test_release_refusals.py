"""The assets that publish refuse what `collab report` refuses; the monthly one skips it."""

import dagster as dg
import yaml

from collab.workspace import Workspace
from pipelines.defs.dashboards.assets import funder_report
from pipelines.defs.releases.assets import collaborative_release
from pipelines.defs.warehouse.resources import build_resources
from tests.pipelines.conftest import materialize_months


def _failure(result: dg.ExecuteInProcessResult) -> str:
    (event,) = result.get_step_failure_events()
    return event.step_failure_data.user_failure_data.description


def test_a_refused_month_is_skipped_and_the_other_months_published(example_workspace, examples):
    root = example_workspace
    (root / "inbox" / "2026-06").mkdir()
    services = (examples / "OSE_services_2026-07.csv").read_text()
    (root / "inbox" / "2026-06" / "DSS_services_2026-06.csv").write_text(
        services.replace("2026-07", "2026-06").replace("OSE", "DSS")
    )
    materialize_months(root, ["2026-06", "2026-07"])
    # OSE, July's only partner, leaves the config: a July release would be all zeros.
    config_file = root / "collaborative.yaml"
    config = yaml.safe_load(config_file.read_text())
    config["partners"] = [p for p in config["partners"] if p["id"] != "OSE"]
    for funder in config["funders"]:
        funder["partners"] = [p for p in funder["partners"] if p != "OSE"]
    config_file.write_text(yaml.safe_dump(config))

    workspace = Workspace(root)
    result = dg.materialize([collaborative_release], resources=build_resources(workspace))
    assert result.success
    assert sorted(p.name for p in (workspace.reports / "collaborative").iterdir()) == ["2026-06"]
    (materialization,) = result.asset_materializations_for_node("reports__collaborative_release")
    skipped = materialization.metadata["skipped"].value
    assert skipped.startswith("collaborative 2026-07: no partner of this audience")


def test_a_funder_report_off_its_calendar_fails_with_the_reason(example_workspace):
    materialize_months(example_workspace, ["2026-07"])
    workspace = Workspace(example_workspace)
    settings = {"funder": "VOCA", "period": "2026-07", "formats": ["html"]}
    result = dg.materialize(
        [funder_report],
        resources=build_resources(workspace),
        run_config={"ops": {"reports__funder_report": {"config": settings}}},
        raise_on_error=False,
    )
    assert not result.success
    assert _failure(result) == (
        "funder:VOCA reports on federal quarters (calendar federal_quarter), not 2026-07; "
        "the nearest is FY2026-Q4; nothing was written"
    )
    assert not (workspace.reports / "funder:VOCA").exists()
