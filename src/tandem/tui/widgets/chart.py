"""Provides the small charts of the stats screen: a titled Sparkline and a zero-based bar chart.

Textual's own ``Sparkline`` draws a year of reviews per day (it buckets the days into the
width it has); ``BarChart`` draws the 30-day forecast, one bar a day from zero, so a day
with few cards does not look empty. Both take their colours from the theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Sparkline, Static

_EIGHTHS = " ▁▂▃▄▅▆▇█"


def bar_column(value: float, biggest: float, rows: int) -> list[str]:
    """One bar, top row first: eighths of a cell, at least one eighth for any value above 0."""
    if biggest <= 0 or value <= 0:
        return [" "] * rows
    filled = max(1, round(value / biggest * rows * 8))
    return [_EIGHTHS[max(0, min(8, filled - 8 * (rows - 1 - row)))] for row in range(rows)]


class BarChart(Widget):
    """Vertical bars from zero, one per value, as wide as the width allows (the first marked)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"barchart--bar", "barchart--first"}
    """
    | Class | Description |
    | :- | :- |
    | `barchart--bar` | The bars. |
    | `barchart--first` | The first bar (today, in the forecast). |
    """

    DEFAULT_CSS = """
    BarChart {
        height: 4;
        width: 1fr;
    }
    BarChart > .barchart--bar { color: $primary; }
    BarChart > .barchart--first { color: $accent; }
    """

    values: reactive[tuple[float, ...]] = reactive(())
    """The heights, left to right."""

    def render(self) -> RenderResult:
        rows = max(1, self.size.height)
        if not self.values:
            return Content("")
        slot = max(1, self.size.width // len(self.values))
        bar = slot - 1 if slot > 1 else 1
        shown = self.values[: max(1, self.size.width // slot)]
        biggest = max(shown)
        columns = [bar_column(value, biggest, rows) for value in shown]
        first = self.get_visual_style("barchart--first")
        rest = self.get_visual_style("barchart--bar")
        lines = []
        for row in range(rows):
            parts = [
                Content.styled((column[row] * bar).ljust(slot), first if index == 0 else rest)
                for index, column in enumerate(columns)
            ]
            lines.append(Content.assemble(*parts))
        return Content("\n").join(lines)


class Chart(Vertical):
    """A chart with a caption above and labels for its first and last values below."""

    DEFAULT_CSS = """
    Chart {
        height: auto;
    }
    Chart > .chart-caption {
        height: auto;
    }
    Chart > .chart-axis {
        height: 1;
        color: $text-muted;
    }
    Chart > .chart-axis > Static {
        width: 1fr;
    }
    Chart > .chart-axis > .chart-axis-end {
        width: auto;
    }
    """

    def __init__(
        self,
        graph: Sparkline | BarChart,
        *,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.graph = graph

    def compose(self) -> ComposeResult:
        yield Static(classes="chart-caption", markup=False)
        yield self.graph
        with Horizontal(classes="chart-axis"):
            yield Static(classes="chart-axis-start", markup=False)
            yield Static(classes="chart-axis-end", markup=False)

    def show(
        self, values: Sequence[float], caption: Content, start: str = "", end: str = ""
    ) -> None:
        """Draws ``values`` under ``caption``; ``start`` and ``end`` label the two ends."""
        if isinstance(self.graph, Sparkline):
            self.graph.data = list(values)
        else:
            self.graph.values = tuple(values)
        self.query_one(".chart-caption", Static).update(caption)
        self.query_one(".chart-axis-start", Static).update(Content(start))
        self.query_one(".chart-axis-end", Static).update(Content(end))
