import dagster as dg

from collab.workspace import Workspace
from pipelines.definitions import build_definitions, defs


def test_definitions_load_and_resolve_every_job():
    repository = defs.get_repository_def()
    assert {j.name for j in defs.resolve_all_job_defs()} >= {"monthly_intake_job", "reference_job"}
    assert repository.has_sensor_def("inbox_sensor")
    keys = {k.to_user_string() for k in defs.resolve_all_asset_keys()}
    assert {
        "warehouse/submissions",
        "warehouse/services",
        "warehouse/partners",
        "warehouse/misfiled_submissions",
    } <= keys


def test_blocking_checks_sit_on_every_fact_table(tmp_path):
    definitions = build_definitions(Workspace(tmp_path))
    checks = definitions.resolve_asset_graph().asset_check_keys
    assert {c.asset_key.to_user_string() for c in checks} == {
        "warehouse/services",
        "warehouse/referrals",
        "warehouse/capacity",
        "warehouse/demographics",
        "warehouse/feedback",
    }
    specs = [
        s for a in definitions.assets if isinstance(a, dg.AssetsDefinition) for s in a.check_specs
    ]
    assert specs and all(s.blocking for s in specs)
