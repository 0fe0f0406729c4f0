"""Each export type's module holds its rules: catalogued, with their severity and a GX twin."""

from collab import contract
from expectations import exports
from expectations.catalogue import RULES_BY_ID
from expectations.exports import row_rules, warning_rules


def test_every_export_type_has_its_module():
    assert set(exports.BY_EXPORT) == set(contract.EXPORTS)
    for name, module in exports.BY_EXPORT.items():
        assert module.EXPORT is contract.EXPORTS[name]


def test_row_rules_are_catalogued_with_their_severity(example_config):
    for export in contract.EXPORTS.values():
        errors = {RULES_BY_ID[r.rule].severity for r in row_rules(export, example_config)}
        assert errors == {"error"}
        assert {RULES_BY_ID[r.rule].severity for r in warning_rules(export)} <= {"warning"}


def test_every_error_row_rule_has_a_gx_twin(example_config):
    # Checked without GX here; `suites.build_suite` refuses a rule without a twin at ingest.
    for export in contract.EXPORTS.values():
        rules = row_rules(export, example_config)
        assert [(r.rule, r.column) for r in rules if not r.gx] == []
        assert len({(r.rule, r.column) for r in rules}) == len(rules)
