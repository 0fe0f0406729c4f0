"""Shared fixtures: the spec's example files, and small workspaces built from them."""

import shutil
from pathlib import Path

import pytest

from collab.config import load_config

SPEC_EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "examples"
# A copy, so a clone anywhere can run the tests; test_spec_copy keeps it equal to the spec.
EXAMPLES_COPY = Path(__file__).resolve().parent / "fixtures" / "spec_examples"


@pytest.fixture(scope="session")
def examples() -> Path:
    """The contract's own example files (`../shared/spec/examples`, or the repo's copy)."""
    return SPEC_EXAMPLES if SPEC_EXAMPLES.is_dir() else EXAMPLES_COPY


@pytest.fixture(scope="session")
def example_config(examples):
    return load_config(examples / "collaborative.yaml")


@pytest.fixture
def example_workspace(tmp_path, examples) -> Path:
    """A workspace with the example config and the four example files in `inbox/2026-07/`."""
    root = tmp_path / "ws"
    (root / "inbox" / "2026-07").mkdir(parents=True)
    shutil.copy(examples / "collaborative.yaml", root / "collaborative.yaml")
    for csv in sorted(examples.glob("*.csv")):
        shutil.copy(csv, root / "inbox" / "2026-07" / csv.name)
    return root


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    """Each test gets its own DAGSTER_HOME and no inherited workspace."""
    monkeypatch.delenv("COLLAB_WORKSPACE", raising=False)
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("DAGSTER_DISABLE_TELEMETRY", "1")


@pytest.fixture(scope="session")
def page_check():
    """Check a local page in one headless Chromium per session (tests/browser_harness.py).

    `page_check(path, wait_for_js=None)` returns a PageReport; `with page_check.open(path) as
    page:` keeps the tab open to run JavaScript on it (`page.evaluate`, `page.wait_for`).
    """
    # Imported here: only browser tests pay for choreographer and Pillow.
    from tests.browser_harness import HeadlessChromium, find_chromium

    chromium_path = find_chromium()
    if chromium_path is None:
        pytest.skip(
            "Chromium is not installed: run `make system-deps` (Debian: apt-get install -y "
            "--no-install-recommends chromium)"
        )
    chromium = HeadlessChromium(chromium_path)
    yield chromium
    chromium.close()


# Markers by what a test needs: `browser` (a headless Chromium), `integration` (a workspace
# run through the CLI or Dagster), `slow` (tens of seconds or more), `unit` (the rest).
# `make test-fast` runs unit tests that are not slow; `make test` runs everything.
INTEGRATION = ("pipelines", "cli", "expected")
# Session fixtures that synthesise a workspace and `collab run` it: tests that use them are
# integration tests wherever they live.
WORKSPACE_RUNS = ("report_workspace", "site_workspace")
SLOW = (  # files, or single tests, that take several seconds (pytest --durations)
    "tests/expected/",
    "tests/pipelines/test_kill_and_resume.py",
    "tests/transforms/release/test_protection_properties.py",
    "tests/transforms/release/test_publish_orders.py",
    "tests/transforms/release/test_legacy_manifests.py",
    "tests/expectations/test_gate_fuzz.py",
    "tests/expectations/test_suites.py::test_random_",
    "tests/expectations/test_hostile_input.py::test_labels_with_html_are_escaped",
    "tests/dashboards/report/test_command.py",
    "tests/dashboards/report/test_html.py::test_html_is_one_offline_file",
    "tests/dashboards/report/test_pdf.py",
    "tests/dashboards/site/test_build.py::test_collab_run_writes",
    "tests/synthetic/",
    "tests/transforms/release/test_demographics_totals.py",
    "tests/transforms/release/test_publishability.py",
    "tests/transforms/release/test_membership.py::test_a_release_with_more_than_31_audiences",
    "tests/transforms/release/test_eligibility.py::test_a_provisional_release_is_recorded",
    "tests/expectations/test_suites.py::test_every_row_rule_breaks_alike_on_both_paths",
)


def pytest_collection_modifyitems(config, items):
    root = Path(__file__).resolve().parent
    for item in items:
        relative = Path(item.path).resolve().relative_to(root.parent).as_posix()
        test_id = f"{relative}::{item.name}"
        if "page_check" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        elif relative.split("/")[1] in INTEGRATION or any(
            name in item.fixturenames for name in WORKSPACE_RUNS
        ):
            item.add_marker(pytest.mark.integration)
        else:
            item.add_marker(pytest.mark.unit)
        if test_id.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
