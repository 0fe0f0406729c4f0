"""What a printed report says about itself: page size, the period's dates, no config artefacts."""

import pytest
import yaml

from collab.config import ConfigError, load_config
from collab.periods import period_dates
from dashboards.report.document import Report
from dashboards.report.pdf import pdf_css


def test_periods_in_words():
    assert period_dates("FY2026-Q4") == "July 1 \u2013 September 30, 2026"
    assert period_dates("FY2026") == "October 1, 2025 \u2013 September 30, 2026"
    assert period_dates("2026-H1") == "January 1 \u2013 June 30, 2026"
    assert period_dates("2024-02") == "February 1 \u2013 February 29, 2024"


def test_letter_unless_a4_and_every_page_headed_by_the_title():
    report = Report('Fund "A" \\ B: report for FY2026-Q4', "x", [])
    letter, a4 = pdf_css(report, "letter"), pdf_css(report, "a4")
    assert "size: Letter;" in letter and "A4" not in letter
    assert "size: A4;" in a4 and "Letter" not in a4
    # A label can't close the CSS string it is printed in.
    assert 'content: "Fund \\"A\\" \\\\ B: report for FY2026-Q4"' in letter


def test_page_size_is_checked_in_the_config(examples, tmp_path):
    raw = yaml.safe_load((examples / "collaborative.yaml").read_text(encoding="utf-8"))
    assert load_config(examples / "collaborative.yaml").reports.page_size == "letter"
    raw["reports"] = {"page_size": "legal"}
    path = tmp_path / "collaborative.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ConfigError, match="reports.page_size"):
        load_config(path)
