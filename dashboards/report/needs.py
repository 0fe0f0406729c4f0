"""Needs and service gaps: requests by need, unmet requests by reason, waitlists, the trend."""

from collab.periods import parse_period
from dashboards.counts import Count, count, share, total
from dashboards.report import figures
from dashboards.report.document import Cell, Chart, Paragraph, Section, Table
from dashboards.report.labels import OUTCOMES, UNMET, cell, need, table_rows
from dashboards.report.release import TOTAL, Release


def needs_of(release: Release, table: str) -> list[str]:
    """Need codes of a table, in the table's (contract) order, without the total."""
    frame = release.table(table)
    if frame is None:
        return []
    return [n for n in frame["need"].unique(maintain_order=True).to_list() if n != TOTAL]


def _bar_table(caption: str, heading: str, labels: list[str], counts: list[Count]) -> Table:
    return Table(caption, ["Need", heading], table_rows(labels, counts))


def needs_section(release: Release) -> Section:
    """Requests and outcomes per need for the whole period and every region together."""
    section = Section("needs", "Needs and service gaps")
    codes = needs_of(release, "services")
    if not codes:
        section.blocks.append(Paragraph("This release has no services table.", "note"))
        return section
    labels = [need(c) for c in codes]
    outcome = {
        (c, o): count(release.cell("services", need=c, outcome=o)) for c in codes for o in OUTCOMES
    }
    requests = [outcome[c, "requests"] for c in codes]
    section.blocks.append(
        Chart(
            "requests_by_need",
            figures.horizontal_bars(
                f"Requests for help by need, {release.period}", "Requests", labels, requests
            ),
            "Requests for help per need, all regions. Suppressed needs are marked, not drawn.",
            _bar_table("Requests by need", "Requests", labels, requests),
            published=figures.published(requests),
        )
    )
    unmet = {OUTCOMES[o]: [outcome[c, o] for c in codes] for o in UNMET}
    section.blocks.append(
        Chart(
            "unmet_by_reason",
            figures.stacked_bars(
                f"Requests not served, by reason and need, {release.period}",
                "Requests not served",
                labels,
                unmet,
            ),
            "Requests that could not be served, by reason. Where some reasons are suppressed "
            "the bar shows only the published reasons and says how many are hidden.",
            Table(
                "Requests not served by reason",
                ["Need", *unmet],
                table_rows(labels, *unmet.values()),
            ),
            published=figures.published(*unmet.values()),
        )
    )
    rows = []
    for code, label in zip(codes, labels, strict=True):
        met = total([outcome[code, "served"], outcome[code, "partially_served"]])
        not_served = total(outcome[code, o] for o in UNMET)
        rows.append(
            [
                Cell(label),
                cell(outcome[code, "requests"]),
                cell(outcome[code, "served"]),
                cell(outcome[code, "partially_served"]),
                cell(not_served),
                cell(share(met, outcome[code, "requests"])),
            ]
        )
    section.blocks.append(
        Table(
            "Outcomes of requests by need",
            ["Need", "Requests", "Served", "Partially served", "Not served", "Served or partly"],
            rows,
        )
    )
    section.blocks.extend(_waitlists(release))
    section.blocks.extend(_trend(release))
    return section


def _waitlists(release: Release) -> list:
    codes = needs_of(release, "capacity")
    if not codes:
        return [Paragraph("This release has no capacity table.", "note")]
    labels = [need(c) for c in codes]
    waitlist = [count(release.cell("capacity", need=c, measure="waitlist")) for c in codes]
    slots = [count(release.cell("capacity", need=c, measure="slots")) for c in codes]
    table = Table(
        "Waitlists and open slots at period end",
        ["Need", "Waiting", "Open slots"],
        table_rows(labels, waitlist, slots),
    )
    return [
        Chart(
            "waitlist_by_need",
            figures.horizontal_bars(
                f"Waiting for a service at the end of {release.period}",
                "People waiting",
                labels,
                waitlist,
                colour=figures.PALETTE[5],
            ),
            "Waitlists are a stock: the period's value is the last month's, not a sum.",
            table,
            published=figures.published(waitlist),
        )
    ]


def _trend(release: Release) -> list:
    rows = release.periods_below()
    if len(rows) < 2:
        return []
    unit = "month" if all(len(parse_period(p).months) == 1 for p in rows) else "quarter"
    series = {
        OUTCOMES[o]: [count(release.cell("services", period=p, outcome=o)) for p in rows]
        for o in ("requests", "served", "partially_served")
    }
    return [
        Chart(
            f"{unit}ly_trend",
            figures.trend(
                f"Requests and outcomes by {unit}, {release.period}",
                rows,
                series,
                unit.capitalize(),
            ),
            f"Requests and outcomes by {unit}, all needs and regions; a suppressed {unit} is a "
            "gap.",
            Table(
                f"Requests and outcomes by {unit}",
                [unit.capitalize(), *series],
                table_rows(rows, *series.values()),
            ),
            published=figures.published(*series.values()),
            height=360,
        )
    ]
