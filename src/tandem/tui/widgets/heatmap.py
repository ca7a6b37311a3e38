"""Provides the review heatmap: a year of study days, weeks as columns, weekdays as rows.

Drawn by hand rather than with a plotting library: a grid of ``■`` whose colour comes from
component classes (``$success`` at a few tints), so every theme applies and nothing is added
to the dependencies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tandem.services.stats.models import Activity

LEVELS = 4
"""Tints of the busiest days; 0 is a day without reviews."""
_CELL = "■"
_LABEL_WIDTH = 4
_DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "")


def level(reviews: int, busiest: int) -> int:
    """The tint of a day: 0 without reviews, else 1 to ``LEVELS`` by its share of the busiest."""
    if reviews <= 0 or busiest <= 0:
        return 0
    return max(1, min(LEVELS, -(-reviews * LEVELS // busiest)))


def week_grid(activity: Activity) -> list[list[int | None]]:
    """Reviews per day as weeks (Monday first): one list of 7 per week, None outside the range."""
    counts = {day.day: day.reviews for day in activity.days}
    monday = activity.start - timedelta(days=activity.start.weekday())
    weeks: list[list[int | None]] = []
    while monday <= activity.end:
        weeks.append(
            [
                counts.get(d, 0) if activity.start <= d <= activity.end else None
                for d in _week(monday)
            ]
        )
        monday += timedelta(days=7)
    return weeks


def month_row(first_monday: date, weeks: int, cell: int) -> str:
    """Month names above the week that holds each month's 1st, a space apart at least.

    The last name may run past the grid by two cells (the widget keeps room for it).
    """
    row = ""
    for column in range(weeks):
        start = first_monday + timedelta(days=7 * column)
        first = next((d for d in _week(start) if d.day == 1), None)
        at = column * cell
        if first is not None and (not row or len(row) < at):
            row = row.ljust(at) + first.strftime("%b")
    return row


def _week(monday: date) -> list[date]:
    return [monday + timedelta(days=offset) for offset in range(7)]


class ReviewHeatmap(Widget):
    """A calendar of reviews per study day; the newest weeks stay when the width is short."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--empty",
        "heatmap--label",
        *(f"heatmap--level-{n}" for n in range(1, LEVELS + 1)),
    }
    """
    | Class | Description |
    | :- | :- |
    | `heatmap--empty` | A day without reviews. |
    | `heatmap--level-1` … `heatmap--level-4` | Days by their share of the busiest day. |
    | `heatmap--label` | Month and weekday labels, the legend. |
    """

    DEFAULT_CSS = """
    ReviewHeatmap {
        height: 9;
        width: 1fr;
    }
    ReviewHeatmap > .heatmap--empty { color: $foreground 12%; }
    ReviewHeatmap > .heatmap--level-1 { color: $success 35%; }
    ReviewHeatmap > .heatmap--level-2 { color: $success 55%; }
    ReviewHeatmap > .heatmap--level-3 { color: $success 78%; }
    ReviewHeatmap > .heatmap--level-4 { color: $success; }
    ReviewHeatmap > .heatmap--label { color: $text-muted; }
    """

    activity: reactive[Activity | None] = reactive(None, layout=True)
    """The study days shown (a year up to today)."""

    def render(self) -> RenderResult:
        if self.activity is None:
            return Content("")
        weeks = week_grid(self.activity)
        room = max(1, self.size.width - _LABEL_WIDTH - 2)  # 2: a month name past the grid
        cell = 2 if room >= 2 * len(weeks) else 1
        shown = weeks[-(room // cell) :] if room // cell < len(weeks) else weeks
        first_monday = self.activity.start - timedelta(days=self.activity.start.weekday())
        first_monday += timedelta(days=7 * (len(weeks) - len(shown)))
        busiest = max((n for week in shown for n in week if n), default=0)
        label = self.get_visual_style("heatmap--label")
        lines = [
            Content.styled(" " * _LABEL_WIDTH + month_row(first_monday, len(shown), cell), label)
        ]
        for weekday in range(7):
            parts = [Content.styled(_DAY_LABELS[weekday].ljust(_LABEL_WIDTH), label)]
            parts += [self._cell(week[weekday], busiest, cell) for week in shown]
            lines.append(Content.assemble(*parts))
        lines.append(self._legend())
        return Content("\n").join(lines)

    def _cell(self, reviews: int | None, busiest: int, width: int) -> Content:
        if reviews is None:
            return Content(" " * width)
        tint = level(reviews, busiest)
        style = self.get_visual_style(f"heatmap--level-{tint}" if tint else "heatmap--empty")
        return Content.styled(_CELL.ljust(width), style)

    def _legend(self) -> Content:
        cells: Sequence[Content] = [
            Content.styled(_CELL + " ", self.get_visual_style(name))
            for name in ("heatmap--empty", *(f"heatmap--level-{n}" for n in range(1, LEVELS + 1)))
        ]
        muted = self.get_visual_style("heatmap--label")
        return Content.assemble(
            " " * _LABEL_WIDTH,
            Content.styled("less ", muted),
            *cells,
            Content.styled("more", muted),
        )
