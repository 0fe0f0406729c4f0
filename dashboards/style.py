"""One look for every chart: the Okabe–Ito palette and shared Plotly layout defaults.

Okabe–Ito stays distinguishable under the common colour-vision deficiencies and in greyscale
print, which matters for reports that funders photocopy. The order puts the strongest
contrasts first, so charts with two or three series stay readable.
"""

import plotly.graph_objects as go

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
SUPPRESSED_COLOUR = "#9E9E9E"
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def apply_layout(fig: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    """Give a figure the shared title, axis titles, palette and quiet background; returns it."""
    fig.update_layout(
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "y": 0.98,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 16},
        },
        colorway=list(PALETTE),
        font={"family": FONT_FAMILY, "size": 12, "color": "#222222"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 60, "r": 20, "t": 90, "b": 60},
        # between the title and the plot, so neither covers the other
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_xaxes(
        title={"text": x_title}, showline=True, linecolor="#444444", gridcolor="#E5E5E5"
    )
    fig.update_yaxes(
        title={"text": y_title}, showline=True, linecolor="#444444", gridcolor="#E5E5E5"
    )
    return fig
