"""OVW's served / partially served / not served, with the reasons survivors were not served."""

from dashboards.counts import count, total
from dashboards.report import figures
from dashboards.report.document import Chart, Section, Table
from dashboards.report.labels import OUTCOMES, UNMET, table_rows
from dashboards.report.release import Release


def ovw_section(release: Release) -> Section:
    """OVW's three service categories over all needs; not served is the four unmet reasons."""
    section = Section("ovw", "OVW: served, partially served, not served")
    served = count(release.cell("services", outcome="served"))
    partial = count(release.cell("services", outcome="partially_served"))
    reasons = [count(release.cell("services", outcome=o)) for o in UNMET]
    not_served = total(reasons)
    labels = ["Served", "Partially served", "Not served"]
    section.blocks.append(
        Chart(
            "ovw_served",
            figures.horizontal_bars(
                f"Requests by OVW service status, {release.period}",
                "Requests",
                labels,
                [served, partial, not_served],
            ),
            "Not served is the sum of its reasons; if a reason is suppressed it is shown as "
            "\u201cat least N\u201d (hatched).",
            Table(
                "Requests by OVW service status",
                ["Status", "Requests"],
                table_rows(labels, [served, partial, not_served]),
            ),
            published=figures.published([served, partial, not_served]),
        )
    )
    section.blocks.append(
        Table(
            "Reasons requests were not served",
            ["Reason", "Requests"],
            table_rows([OUTCOMES[o].removeprefix("Not served: ") for o in UNMET], reasons),
        )
    )
    return section
