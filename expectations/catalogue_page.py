"""Render the rule catalogue as the readable page `docs/rules.md`.

Run `python -m expectations.catalogue_page > docs/rules.md`; a test fails when the committed
page differs from the code, so the page never drifts from the rules.
"""

import sys

from expectations.catalogue import RULES

INTRO = """\
# Rule catalogue

Generated from `expectations/catalogue.py` by `python -m expectations.catalogue_page`; do not
edit by hand. Every finding carries one of these stable rule ids.

- `error`: the file is rejected into quarantine and not loaded.
- `warning`: the file is loaded; evaluators see it and need a reason or a resend.
- `info`: loaded, noted.

Findings name the file, rule, column and row, never the value in the cell. Rows are counted as
in a spreadsheet: the header is row 1.
"""


def render() -> str:
    """The whole page as Markdown."""
    lines = [INTRO]
    for severity in ("error", "warning", "info"):
        rules = [r for r in RULES if r.severity == severity]
        lines += [
            f"## {severity} ({len(rules)} rules)",
            "",
            "| rule | checks | how to fix |",
            "|---|---|---|",
        ]
        lines += [f"| `{r.id}` | {r.checks} | {r.fix} |" for r in rules]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render())
