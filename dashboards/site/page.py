"""The dashboard page: an HTML shell with the selector, one figure per chart, and the data.

Every text from the config is escaped here (html.escape) or travels inside the JSON data with
`<`, `>` and `&` written as unicode escapes, so a label can never close a tag or open a script. The
page script draws charts, captions and tables from that JSON with textContent only.
"""

import json
from datetime import datetime
from html import escape

# (section id, heading, [(chart, data key that must be present or None)]).
SECTIONS = (
    ("gaps", "Where needs go unmet", (("unmet", None), ("gaps", None))),
    ("capacity", "Waitlists and capacity", (("capacity", None),)),
    (
        "referrals",
        "Referrals between partners",
        (("flows", "flows"), ("answers", "answers"), ("loops", "loops")),
    ),
    (
        "survey",
        "What survivors said (FVPSA outcome measures)",
        (("safety", "survey"), ("resources", "survey")),
    ),
    ("submissions", "Partner submissions and data quality", (("submissions", None),)),
)
ABSENT = {
    "flows": "referral_flows.csv",
    "answers": "referral_answers.csv",
    "loops": "referral_loop.csv",
    "safety": "feedback.csv",
    "resources": "feedback.csv",
}
# No network, ever: nothing may be fetched, and only the bundled scripts may run.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'none'; "
    "form-action 'none'; base-uri 'none'"
)


def json_for_script(value) -> str:
    """JSON that is safe inside <script type="application/json">: no <, > or & at all."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _options(items: list[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{escape(code)}"{" selected" if code == selected else ""}>'
        f"{escape(label)}</option>"
        for code, label in items
    )


def _selector(data: dict) -> str:
    periods = [(p, p) for p in reversed(data["periods"])]
    regions = [(r["code"], r["label"]) for r in data["regions"]]
    needs = [(n["code"], n["full"]) for n in data["needs"]]
    latest = data["periods"][-1]
    return (
        '<form id="selector" class="selector" aria-label="Choose what the charts show">'
        f'<label>Month <select id="period">{_options(periods, latest)}</select></label>'
        f'<label>Region <select id="region">{_options(regions, "ALL")}</select></label>'
        f'<label>Need <select id="need">{_options(needs, "ALL")}</select></label>'
        "</form>"
    )


def _figure(chart: str) -> str:
    return (
        f'<figure id="figure-{chart}">'
        f'<div class="chart" id="chart-{chart}" role="img" aria-describedby="caption-{chart}">'
        "</div>"
        f'<figcaption id="caption-{chart}"></figcaption>'
        f'<details><summary>Data table</summary><div id="table-{chart}"></div></details>'
        "</figure>"
    )


def _absent(chart: str) -> str:
    return (
        f'<p class="absent" id="absent-{chart}">Not shown: these releases do not publish '
        f"{escape(ABSENT[chart])} yet.</p>"
    )


def _sections(data: dict) -> str:
    parts = []
    for section, heading, charts in SECTIONS:
        body = "".join(
            _absent(chart) if needed and data.get(needed) is None else _figure(chart)
            for chart, needed in charts
        )
        parts.append(f'<section id="{section}"><h2>{escape(heading)}</h2>{body}</section>')
    return "".join(parts)


def _intro(data: dict, built: datetime) -> str:
    periods = data["periods"]
    threshold = data["threshold"]
    return (
        f"<p>From {len(periods)} protected monthly release{'s' if len(periods) != 1 else ''} "
        f"of the collaborative, {escape(periods[0])} to {escape(periods[-1])}; built "
        f"{built:%Y-%m-%d %H:%M} UTC. Counts from 1 to {threshold - 1} are suppressed, and "
        "some other cells with them so that they can't be worked out. A suppressed count "
        "is a gap marked <em>suppressed</em>, never a 0; rates use published counts only.</p>"
    )


def render_page(data: dict, layouts: dict, style: dict, built: datetime) -> str:
    """The whole page; with no release yet, a page that says so."""
    name = escape(data["name"])
    nav = ""
    if data["periods"]:
        nav = "".join(f'<a href="#{s}">{escape(h)}</a>' for s, h, _ in SECTIONS)
        main = _intro(data, built) + _selector(data) + _sections(data)
    else:
        main = "<p>No monthly release of the collaborative has been published yet.</p>"
    scripts = (
        f'<script type="application/json" id="dashboard-data">{json_for_script(data)}</script>'
        f'<script type="application/json" id="dashboard-layouts">{json_for_script(layouts)}'
        "</script>"
        f'<script type="application/json" id="dashboard-style">{json_for_script(style)}</script>'
        '<script src="assets/plotly.min.js"></script>'
        '<script src="assets/dashboard.js"></script>'
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Gap dashboards: {name}</title>"
        '<link rel="stylesheet" href="assets/dashboard.css"></head><body>'
        f'<header><h1>Gap dashboards</h1><p class="collaborative">{name}</p>'
        f"<nav>{nav}</nav></header><main>{main}"
        "<noscript><p>The charts are drawn by the bundled plotly.js and need JavaScript; the "
        "published tables are in reports/collaborative/.</p></noscript></main>"
        f"{scripts if data['periods'] else ''}</body></html>"
    )
