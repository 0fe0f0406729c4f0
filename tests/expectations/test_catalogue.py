from pathlib import Path

from expectations.catalogue import RULES, RULES_BY_ID
from expectations.catalogue_page import render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rule_ids_are_unique_and_severities_known():
    assert len(RULES_BY_ID) == len(RULES)
    assert {r.severity for r in RULES} == {"error", "warning", "info"}


def test_docs_page_is_generated_from_the_code():
    assert DOCS.read_text() == render(), (
        "docs/rules.md is stale: python -m expectations.catalogue_page > docs/rules.md"
    )
