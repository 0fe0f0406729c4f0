import pytest
import yaml

from collab.config import ConfigError, load_config, parse_config


@pytest.fixture
def raw(examples) -> dict:
    return yaml.safe_load((examples / "collaborative.yaml").read_text())


def test_example_config_loads(example_config):
    assert example_config.name == "Riverbend Safe Escape Collaborative"
    assert example_config.partner("SHELTER-N").confidential_location is True
    assert example_config.disclosure.threshold == 11
    assert example_config.submissions.due_day == 15


def _error(data) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    return str(info.value)


def test_misspelt_key_is_named_with_a_suggestion(raw):
    raw["partners"][1]["confidental_location"] = True
    message = _error(raw)
    assert "partners[1].confidental_location: unknown key" in message
    assert "did you mean 'confidential_location'" in message


def test_bad_category_and_missing_name_are_both_reported(raw):
    del raw["name"]
    raw["partners"][2]["category"] = "police"
    message = _error(raw)
    assert "name: required key is missing" in message
    assert "partners[2].category" in message


def test_cross_references_are_checked(raw):
    raw["funders"][0]["partners"] = ["OSE", "NOBODY"]
    raw["partners"][0]["regions"] = ["NORTH", "MOON"]
    message = _error(raw)
    assert "funders[0].partners: 'NOBODY' is not a partner id" in message
    assert "partners[0].regions: 'MOON' is not a region code" in message


def test_duplicate_partner_ids(raw):
    raw["partners"].append(dict(raw["partners"][0]))
    assert "duplicate id 'OSE'" in _error(raw)


def test_unspecified_confidential_location_is_treated_as_confidential(raw):
    del raw["partners"][0]["confidential_location"]
    assert parse_config(raw).partners[0].confidential_location is True


def test_not_yaml_and_missing_file(tmp_path):
    bad = tmp_path / "collaborative.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match=r"not valid YAML \(line"):
        load_config(bad)
    with pytest.raises(ConfigError, match="no collaborative config"):
        load_config(tmp_path / "missing.yaml")
