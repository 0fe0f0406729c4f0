"""What a report says, independent of its format: sections of paragraphs, tables and charts.

The HTML, PDF and Excel writers all render this one model, so a figure shown in one format is
the same figure in the others.
"""

from dataclasses import dataclass, field

import plotly.graph_objects as go


@dataclass(frozen=True)
class Cell:
    """A table cell's text and how to show it: `num`, `text`, `suppressed` or `at_least`."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    """A small table of display cells, with a caption that says what it counts."""

    caption: str
    columns: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "text"  # `text`, `note` (a caveat) or `warning`


@dataclass(frozen=True)
class Chart:
    """A chart with its text alternative: the caption and the data table behind it."""

    key: str
    figure: go.Figure
    caption: str
    table: Table
    published: int  # non-zero published values drawn; too few and the table stands alone
    height: int = 420


@dataclass(frozen=True)
class BulletList:
    items: list[str]


Block = Paragraph | Table | Chart | BulletList


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: list[Section]

    @property
    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]
