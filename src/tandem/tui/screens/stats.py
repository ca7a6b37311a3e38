"""Provides the stats screen: one person's year of reviews and figures, and a partnership's.

Charts are Textual's own widgets (``Sparkline``, ``DataTable``) and two small ones drawn
here (the heatmap, a zero-based bar chart) rather than textual-plotext: no extra dependency,
the theme's colours apply, and they draw in a few milliseconds. The figures load in a thread
worker on services of its own, behind a loading indicator (a long log takes a moment).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from tandem.models import TandemError
from tandem.services import Services
from tandem.services.stats.models import PairStats, PersonStats
from tandem.tui.widgets.chart import BarChart, Chart
from tandem.tui.widgets.heatmap import ReviewHeatmap
from tandem.tui.widgets.stats import (
    HardestTable,
    PairView,
    Widths,
    activity_text,
    axis_dates,
    calibration_content,
    counts_text,
    forecast_axis,
    forecast_caption,
    retention_text,
)

NO_REVIEWS = "No reviews yet: review some cards first."
NO_LAPSES = "No lapses yet: no card in review was forgotten."
NO_PARTNER = "No partner to compare with: add another person on the home screen."


@dataclass(frozen=True)
class Figures:
    """What the worker read: the person's figures, and the pair's when a partner is chosen."""

    person: PersonStats | None
    pair: PairStats | None
    error: str | None = None
    notices: tuple[str, ...] = ()
    """What the figures leave out (the database was busy: ``Stats.notices``)."""


class StatsLoaded(Message):
    """Posted by the stats worker (from its thread) with the figures it read."""

    def __init__(self, figures: Figures) -> None:
        super().__init__()
        self.figures = figures


class StatsScreen(Screen[None]):
    """A person's figures; ``p`` adds a partner's (cycling through the others, then none)."""

    CSS_PATH = "../stats.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "partner", "Partner", id="stats.partner"),
        Binding("comma", "settings", "Settings", id="stats.settings"),
        Binding("escape,q", "back", "Back", id="stats.back"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, services: Services, person: str, partner: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.person = person
        self.partner = partner
        self.figures: PersonStats | None = None
        self.pair: PairStats | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="stats-header", markup=False)
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-empty", classes="empty", markup=False)
            yield PairView(id="stats-pair")
            with Vertical(id="stats-figures"):
                yield Static("Reviews, last 365 days", classes="section-title", markup=False)
                yield ReviewHeatmap(id="heatmap")
                yield Static(id="stats-activity", markup=False)
                with Horizontal(classes="stats-row"):
                    yield Chart(Sparkline(id="reviews-sparkline"), id="chart-reviews")
                    yield Chart(Sparkline(id="time-sparkline"), id="chart-time")
                with Horizontal(classes="stats-row"):
                    yield Chart(BarChart(id="forecast-bars"), id="chart-forecast")
                    yield Static(id="stats-retention", markup=False)
                with Horizontal(classes="stats-row"):
                    yield Static(id="stats-counts", markup=False)
                    yield Static(id="stats-calibration", markup=False)
                yield Static("Hardest cards", classes="section-title", markup=False)
                yield HardestTable(id="stats-hardest")
                yield Static(NO_LAPSES, id="stats-no-hardest", classes="empty", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_header()
        self.load()

    # loading ---------------------------------------------------------------------------------
    def load(self, *, person_too: bool = True) -> None:
        """Reads the figures in a thread; the body shows a loading indicator meanwhile."""
        self.query_one("#stats-body").loading = True
        self._read(self.partner, person_too)

    @work(thread=True, exclusive=True, group="stats")
    def _read(self, partner: str | None, person_too: bool) -> None:
        figures: Figures
        try:
            other = self.services.open_another()
            try:
                person = other.stats.for_person(self.person) if person_too else None
                pair = other.stats.pair(self.person, partner) if partner else None
                notices = tuple(other.stats.notices)
            finally:
                other.close()
            figures = Figures(person, pair, notices=notices)
        except TandemError as error:
            figures = Figures(None, None, error.message)
        self.post_message(StatsLoaded(figures))

    def on_stats_loaded(self, message: StatsLoaded) -> None:
        self.query_one("#stats-body").loading = False
        loaded = message.figures
        for notice in loaded.notices:
            self.notify(notice, severity="warning", markup=False)
        if loaded.error is not None:
            self._show_empty(loaded.error)
            return
        if loaded.person is not None:
            self.figures = loaded.person
            self._show_person(loaded.person)
        if loaded.pair is None or loaded.pair.b == self.partner:  # not one cycled past
            self._show_pair(loaded.pair)

    # showing ---------------------------------------------------------------------------------
    def _show_header(self) -> None:
        header = Content.assemble(("Statistics  ", "bold"), (self.person, "bold $text-accent"))
        if self.partner:
            header = Content.assemble(header, ("  with ", "dim"), (self.partner, "bold"))
        if self.figures is not None:
            header = Content.assemble(header, (f"   study day {self.figures.today}", "dim"))
        self.query_one("#stats-header", Static).update(header)

    def _show_empty(self, text: str | None) -> None:
        self.query_one("#stats-empty", Static).update(Content(text or ""))
        self.set_class(text is not None, "-empty")

    def _show_person(self, s: PersonStats) -> None:
        self._show_header()
        never = s.activity.reviews == 0 and s.counts.new == s.counts.total
        self._show_empty(NO_REVIEWS if never else None)
        self.query_one(ReviewHeatmap).activity = s.activity
        self.query_one("#stats-activity", Static).update(activity_text(s.activity))
        start, end = axis_dates(s.activity)
        days = s.activity.days
        self.query_one("#chart-reviews", Chart).show(
            [d.reviews for d in days], Content.styled("Reviews per day", "bold"), start, end
        )
        self.query_one("#chart-time", Chart).show(
            [d.duration_ms / 60000 for d in days],
            Content.styled("Minutes per day", "bold"),
            start,
            end,
        )
        self.query_one("#chart-forecast", Chart).show(
            [d.cards for d in s.forecast], forecast_caption(s.forecast), *forecast_axis(s.forecast)
        )
        self.query_one("#stats-retention", Static).update(retention_text(s.retention))
        self.query_one("#stats-counts", Static).update(counts_text(s.counts, s.streak))
        self.query_one("#stats-calibration", Static).update(calibration_content(s.calibration))
        self.query_one(HardestTable).fill(s.hardest, self.widths)
        self.set_class(not s.hardest, "-no-hardest")

    def _show_pair(self, pair: PairStats | None) -> None:
        self.pair = pair
        self.set_class(pair is not None, "-pair")
        if pair is not None:
            self.query_one(PairView).show(pair, self.widths)
            self.query_one("#stats-body", VerticalScroll).scroll_home(animate=False)

    @property
    def widths(self) -> Widths:
        """How much of a card's prompt and deck title fits the tables at this width."""
        return (24, 14) if self.has_class("-narrow") else (56, 24)

    def on_resize(self) -> None:
        if self.figures is not None:  # the tables cut their texts to the width
            self.query_one(HardestTable).fill(self.figures.hardest, self.widths)
        if self.pair is not None:
            self.query_one(PairView).show(self.pair, self.widths)

    # actions ---------------------------------------------------------------------------------
    def action_partner(self) -> None:
        """Cycles the partner: the next other person by name, then none."""
        others = [name for name in self.services.people.names() if name != self.person]
        if not others:
            self.notify(NO_PARTNER, markup=False)
            return
        cycle = [*others, None]
        at = cycle.index(self.partner) if self.partner in cycle else -1
        self.partner = cycle[(at + 1) % len(cycle)]
        self._show_header()
        if self.partner is None:
            self._show_pair(None)
        else:
            self.load(person_too=self.figures is None)

    def action_settings(self) -> None:
        from tandem.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen(self.services, self.person), self._settings_closed)

    def _settings_closed(self, _result: None) -> None:
        self.load()  # the target retention or the day boundary may have changed

    def action_back(self) -> None:
        self.dismiss(None)
