import plotly.graph_objects as go

from dashboards.report.build import SPARSE, _sparse_charts_as_tables
from dashboards.report.document import Cell, Chart, Paragraph, Section, Table

TABLE = Table("Waitlists", ["Need", "Waiting"], [[Cell("Legal"), Cell("suppressed", "suppressed")]])


def _chart(published: int) -> Chart:
    return Chart("waitlist", go.Figure(), "caption", TABLE, published=published)


def test_a_chart_of_mostly_suppressed_values_becomes_its_table_and_a_note():
    section = _sparse_charts_as_tables(Section("needs", "Needs", [_chart(published=1)]))
    assert section.blocks == [TABLE, Paragraph(SPARSE, "note")]


def test_a_chart_with_enough_published_values_stays():
    chart = _chart(published=2)
    assert _sparse_charts_as_tables(Section("needs", "Needs", [chart])).blocks == [chart]
