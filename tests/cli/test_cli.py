import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cli.main import main

COLLAB = str(Path(sys.executable).with_name("collab"))


def test_missing_workspace_is_a_clear_usage_error(tmp_path, capsys):
    assert main(["status", "--workspace", str(tmp_path / "nowhere")]) == 2
    assert "workspace directory does not exist" in capsys.readouterr().err
    assert main(["run", "--workspace", str(tmp_path)]) == 2
    assert "collaborative.yaml is missing" in capsys.readouterr().err


def test_bad_config_names_the_key_without_a_trace(example_workspace):
    config = example_workspace / "collaborative.yaml"
    data = yaml.safe_load(config.read_text())
    data["disclosure"]["threshold"] = "eleven"
    config.write_text(yaml.safe_dump(data))
    result = subprocess.run(
        [COLLAB, "run", "--workspace", str(example_workspace)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "disclosure.threshold" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_exit_codes_and_json(example_workspace, examples, tmp_path, capsys):
    good = [str(p) for p in sorted(examples.glob("*.csv"))]
    assert main(["check", *good, "--workspace", str(example_workspace)]) == 0
    capsys.readouterr()
    bad = tmp_path / "OSE_services_2026-07.csv"
    bad.write_text((examples / "OSE_services_2026-07.csv").read_text().replace(",42,", ",41,"))
    assert main(["check", str(bad), good[0], "--json", "--workspace", str(example_workspace)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["accepted"] for f in report["files"]] == [False, True]
    assert report["files"][0]["findings"][0] == {
        "rule": "sum.requests",
        "severity": "error",
        "column": "requests",
        "row": 2,
        "message": "`requests` is not the sum of served, partially_served, unmet_capacity, "
        "unmet_eligibility, unmet_declined, unmet_other",
    }
    assert (
        main(["check", str(tmp_path / "missing.csv"), "--workspace", str(example_workspace)]) == 2
    )


def test_check_stays_light(example_workspace, examples):
    code = (
        "import sys; from cli.main import main; "
        f"rc = main(['check', {str(examples / 'OSE_services_2026-07.csv')!r}, "
        f"'--workspace', {str(example_workspace)!r}]); "
        "heavy = [m for m in ('dagster', 'great_expectations', 'duckdb') if m in sys.modules]; "
        "assert rc == 0 and not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_usage_errors_exit_2():
    for argv in (["check"], ["synth"], ["nonsense"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2


def test_synth_never_overwrites_a_workspace(example_workspace, capsys):
    assert main(["synth", "--out", str(example_workspace)]) == 2
    assert "not empty" in capsys.readouterr().err


def test_run_then_status_shows_every_partner(example_workspace, capsys):
    assert main(["run", "--workspace", str(example_workspace)]) == 0
    assert "5 accepted" in capsys.readouterr().out
    assert main(["run", "--workspace", str(example_workspace)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert main(["status", "--workspace", str(example_workspace), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    partners = {row["partner_id"] for row in status["submissions"]}
    assert partners == {"OSE", "SHELTER-N", "DSS", "FAITH-1", "CAMPUS-U"}
    assert status["counts"]["missing"] == 16  # 4 partners without files x 4 required exports
    feedback = [row for row in status["submissions"] if row["export"] == "feedback"]
    assert [(r["partner_id"], r["status"]) for r in feedback] == [("OSE", "late")]
