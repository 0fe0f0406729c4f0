"""Chart builders that never draw a suppressed count as 0.

A suppressed bar is left out and its place is marked "suppressed"; a lower bound ("at least N")
is drawn hatched and labelled as such. Every chart gets the shared palette and axis titles.
"""

import plotly.graph_objects as go

from dashboards.counts import Count
from dashboards.style import PALETTE, SUPPRESSED_COLOUR, apply_layout

_MARK = {"font": {"color": SUPPRESSED_COLOUR, "size": 11}, "showarrow": False}


def published(*series: list[Count]) -> int:
    """How many non-zero published values a chart would draw."""
    return sum(1 for counts in series for c in counts if c.value)


def _row_height(n: int) -> int:
    return max(320, 130 + 28 * n)


def horizontal_bars(
    title: str, x_title: str, labels: list[str], counts: list[Count], colour: str = PALETTE[0]
) -> go.Figure:
    """One bar per label, largest on top; suppressed rows marked, lower bounds hatched."""
    order = list(reversed(labels)), list(reversed(counts))
    fig = go.Figure(
        go.Bar(
            y=order[0],
            x=[c.value for c in order[1]],
            orientation="h",
            marker={
                "color": colour,
                "pattern": {"shape": ["/" if c.at_least else "" for c in order[1]]},
            },
            text=[c.text if c.value is not None else "" for c in order[1]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    for label, value in zip(*order, strict=True):
        if value.value is None:
            fig.add_annotation(x=0, y=label, text=value.text, xanchor="left", **_MARK)
    apply_layout(fig, title, x_title, "")
    fig.update_layout(height=_row_height(len(labels)), showlegend=False)
    fig.update_layout(margin={"r": 110, "t": 60})  # room for "at least N" beside the bars
    fig.update_xaxes(rangemode="tozero")
    return fig


def stacked_bars(
    title: str, x_title: str, labels: list[str], series: dict[str, list[Count]]
) -> go.Figure:
    """Horizontal stacked bars (one trace per series); rows with suppressed parts say so."""
    rows = list(reversed(labels))
    fig = go.Figure()
    for name, counts in series.items():
        values = list(reversed(counts))
        fig.add_trace(
            go.Bar(
                y=rows,
                x=[c.value for c in values],
                name=name,
                orientation="h",
                hovertemplate=f"{name}: %{{x:,}}<extra>%{{y}}</extra>",
            )
        )
    for i, label in enumerate(rows):
        parts = [list(reversed(c))[i] for c in series.values()]
        hidden = sum(1 for c in parts if c.value is None)
        if hidden:
            shown = sum(c.value for c in parts if c.value is not None)
            fig.add_annotation(
                x=shown, y=label, text=f" +{hidden} suppressed", xanchor="left", **_MARK
            )
    apply_layout(fig, title, x_title, "")
    fig.update_layout(barmode="stack", height=_row_height(len(labels)) + 40)
    return fig


def grouped_columns(
    title: str, x_title: str, y_title: str, labels: list[str], series: dict[str, list[Count]]
) -> go.Figure:
    """Vertical grouped columns per label; suppressed columns marked above the axis."""
    fig = go.Figure()
    for name, counts in series.items():
        fig.add_trace(
            go.Bar(
                x=labels,
                y=[c.value for c in counts],
                name=name,
                text=[c.text if c.value is not None else "" for c in counts],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"{name}: %{{y:,}}<extra>%{{x}}</extra>",
            )
        )
    hidden = [
        label
        for i, label in enumerate(labels)
        if any(counts[i].value is None for counts in series.values())
    ]
    for label in hidden:
        fig.add_annotation(x=label, y=0, yanchor="bottom", text="suppressed", **_MARK)
    apply_layout(fig, title, x_title, y_title)
    fig.update_layout(barmode="group", height=380, showlegend=len(series) > 1)
    return fig


def trend(
    title: str, months: list[str], series: dict[str, list[Count]], unit: str = "Month"
) -> go.Figure:
    """Lines by month (or quarter) with gaps where one is suppressed (never a dip to 0)."""
    fig = go.Figure()
    for name, counts in series.items():
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[c.value for c in counts],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                hovertemplate=f"{name}: %{{y:,}}<extra>%{{x}}</extra>",
            )
        )
    ticks = []  # a month's suppressed series are named under its tick, clear of the lines
    for i, month in enumerate(months):
        hidden = [name for name, counts in series.items() if counts[i].value is None]
        style = f"font-size:10px;color:{SUPPRESSED_COLOUR}"
        note = "".join(f'<br><span style="{style}">{name}<br>suppressed</span>' for name in hidden)
        ticks.append(month + note)
    apply_layout(fig, title, unit, "Count")
    fig.update_xaxes(
        type="category", tickmode="array", tickvals=months, ticktext=ticks, tickangle=0
    )
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(height=360)
    return fig


def matrix(
    title: str, x_title: str, y_title: str, rows: list[str], columns: list[str], cells
) -> go.Figure:
    """A heatmap of counts (`cells[r][c]` are Counts); suppressed cells are blank and marked."""
    z = [[c.value for c in row] for row in cells]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            colorscale=[[0, "#F2F7FB"], [1, PALETTE[0]]],
            hoverongaps=False,
            colorbar={"title": {"text": "Referrals"}},
            hovertemplate="%{y} → %{x}: %{z:,}<extra></extra>",
        )
    )
    peak = max((v for row in z for v in row if v is not None), default=0)
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            dark = value.value is not None and peak and value.value > peak / 2
            style = dict(_MARK) if value.value is None else {"showarrow": False}
            style = {**style, "font": {"color": "white" if dark else "#222222", "size": 11}}
            if value.value is None:
                style["font"]["color"] = SUPPRESSED_COLOUR
            fig.add_annotation(x=columns[c], y=rows[r], text=value.text, **style)
    apply_layout(fig, title, x_title, y_title)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=False)
    fig.update_layout(height=220 + 45 * len(rows))
    return fig
