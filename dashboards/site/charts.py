"""The charts' base layouts, from the shared style so dashboards look like the reports.

The page fills in the data and redraws with Plotly.react when the selection changes; titles and
axis labels are set here, once.
"""

import plotly.graph_objects as go

from dashboards.style import PALETTE, SUPPRESSED_COLOUR, apply_layout

CHARTS = {
    "unmet": ("Unmet need rate by need and region", "Region", "Need"),
    "gaps": ("Largest service gaps", "Gap score (unmet × unmet rate + waitlist)", "Need"),
    "capacity": ("Waitlists and open slots", "Month", "Open slots"),
    "flows": ("Referrals between partner categories", "", ""),
    "answers": (
        "Referrals answered within 2 business days",
        "Month",
        "Share of answered referrals",
    ),
    "loops": (
        "Closed loop: accepted referrals where the survivor got help",
        "Month",
        "Share of accepted referrals",
    ),
    "safety": (
        "\u201cI have more ways to plan for my safety\u201d: share answering yes",
        "Month",
        "Share of those answering yes or no",
    ),
    "resources": (
        "\u201cI know more about community resources\u201d: share answering yes",
        "Month",
        "Share of those answering yes or no",
    ),
    "submissions": ("Partner submissions and data quality", "Month", "Files"),
}


def base_layouts() -> dict[str, dict]:
    """Each chart's layout (title, axis titles, palette, fonts) without Plotly's template."""
    layouts = {}
    for chart, (title, x_title, y_title) in CHARTS.items():
        layout = apply_layout(go.Figure(), title, x_title, y_title).layout.to_plotly_json()
        layout.pop("template", None)
        layouts[chart] = layout
    return layouts


def style() -> dict:
    """Colours the page needs beyond the layouts: the palette and the suppressed grey."""
    return {"palette": list(PALETTE), "suppressed": SUPPRESSED_COLOUR}
