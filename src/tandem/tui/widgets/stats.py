"""Provides the texts and tables of the stats screen: retention, counts, hardest cards, a pair.

The figures come from ``svc.stats`` as frozen dataclasses. Card prompts, deck titles and
names are user text: they go into ``Content`` or ``rich.text.Text``, never into markup.
Retention is coloured with theme variables (``$text-success`` at or above the target).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from tandem.models.wording import counted
from tandem.render.card_line import card_line
from tandem.render.figures import calibration_text, duration
from tandem.render.terminal import shown
from tandem.services.stats.models import (
    Activity,
    Calibration,
    CardFigure,
    CardGroup,
    DayCount,
    PairStats,
    Retention,
    StateCounts,
    Streak,
    Tally,
)

_LABEL = "dim"


def rate_text(tally: Tally, target: float) -> Content:
    """A retention as ``93.3%``, green at or above the target, amber below; a dash without data."""
    if tally.rate is None:
        return Content.styled("    –", _LABEL)
    style = "$text-success" if tally.rate >= target else "$text-warning"
    return Content.styled(f"{tally.rate * 100:5.1f}%", style)


def retention_text(windows: Iterable[Retention]) -> Content:
    """True retention per window, young / mature / all, against the target in the title."""
    rows = list(windows)
    target = rows[0].target if rows else 0.9
    lines = [
        Content.assemble(("True retention", "bold"), (f"  target {target * 100:.0f}%", _LABEL)),
        Content.styled(f"{'':9}{'young':>7}{'mature':>8}{'all':>7}  reviews", _LABEL),
    ]
    for r in rows:
        lines.append(
            Content.assemble(
                (f"{r.days:>3} days ", _LABEL),
                "  ",
                rate_text(r.young, r.target),
                "  ",
                rate_text(r.mature, r.target),
                " ",
                rate_text(r.total, r.target),
                f"  {r.total.reviews:>7,}",
            )
        )
    return Content("\n").join(lines)


def counts_text(counts: StateCounts, streak: Streak) -> Content:
    """Cards by state, the flags, and the streak."""
    days = "day" if streak.days == 1 else "days"
    later = "" if streak.studied_today or not streak.days else " (not yet today)"
    return Content.assemble(
        ("Cards ", "bold"),
        (f"{counts.total:,}", "bold"),
        "\n",
        ("new ", _LABEL),
        (str(counts.new), "$text-primary"),
        ("  learning ", _LABEL),
        (str(counts.learning), "$text-error"),
        ("  review ", _LABEL),
        (str(counts.review), "$text-success"),
        ("  relearning ", _LABEL),
        str(counts.relearning),
        "\n",
        ("suspended ", _LABEL),
        str(counts.suspended),
        ("  buried ", _LABEL),
        str(counts.buried),
        ("  leeches ", _LABEL),
        (str(counts.leech), "$text-warning" if counts.leech else ""),
        "\n",
        ("Streak ", "bold"),
        (f"{streak.days} {days}", "bold $text-success" if streak.days else ""),
        (later, _LABEL),
    )


def activity_text(activity: Activity) -> Content:
    """The year in one line: reviews, days studied, per study day, time spent."""
    per_day = activity.reviews_per_study_day
    return Content.assemble(
        (f"{activity.reviews:,}", "bold"),
        " review " if activity.reviews == 1 else " reviews ",
        "on ",
        (f"{activity.days_studied:,}", "bold"),
        " day" if activity.days_studied == 1 else " days",
        ("  ·  ", _LABEL),
        (f"{per_day:.1f}" if per_day else "0", "bold"),
        " per study day",
        ("  ·  ", _LABEL),
        (duration(activity.duration_ms), "bold"),
        " spent",
    )


def forecast_caption(forecast: tuple[DayCount, ...]) -> Content:
    """``Due, next 30 days  143 · today 12 · busiest 03-12 (20)``."""
    total = sum(d.cards for d in forecast)
    today = forecast[0].cards if forecast else 0
    busiest = max(forecast, key=lambda d: d.cards, default=None)
    parts: list[Content | str | tuple[str, str]] = [
        (f"Due, next {len(forecast)} days  ", "bold"),
        (f"{total:,}", "bold"),
        (" · today ", _LABEL),
        (str(today), "bold $text-accent"),
    ]
    if busiest is not None and busiest.cards:
        parts += [(" · busiest ", _LABEL), f"{busiest.day:%m-%d} ({busiest.cards})"]
    return Content.assemble(*parts)


def calibration_content(calibration: Calibration) -> Content:
    """The grading sentence (self against partner grades), under its title."""
    return Content.assemble(
        ("Self vs partner grading", "bold"), "\n", calibration_text(calibration)
    )


def axis_dates(activity: Activity) -> tuple[str, str]:
    """The labels under a chart of the activity: its first day and today."""
    return f"{activity.start:%Y-%m-%d}", "today"


def forecast_axis(forecast: tuple[DayCount, ...]) -> tuple[str, str]:
    """The labels under the forecast: today and how many days ahead the last bar is."""
    if not forecast:
        return "", ""
    return "today", f"+{(forecast[-1].day - forecast[0].day).days} d"


Widths = tuple[int, int]
"""How many cells a card's prompt and its deck title may take in a table."""


def _card_cells(card: CardFigure, widths: Widths) -> tuple[Text, Text]:
    prompt = Text(card_line(card.prompt, widths[0]) if card.prompt else card.key)
    prompt.truncate(widths[0], overflow="ellipsis")
    deck = Text(shown(card.deck), style="dim")
    deck.truncate(widths[1], overflow="ellipsis")
    return prompt, deck


class HardestTable(DataTable[Text]):
    """The cards forgotten most often: lapses, answers, leech, card, deck."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True

    def fill(self, cards: Iterable[CardFigure], widths: Widths = (48, 24)) -> None:
        self.clear(columns=True)
        self.add_column("Lapses", key="lapses")
        self.add_column("Reps", key="reps")
        self.add_column("Card", key="card")
        self.add_column("Deck", key="deck")
        for card in cards:
            prompt, deck = _card_cells(card, widths)
            if card.leech:
                prompt.append("  leech", style="bold")
            self.add_row(
                Text(str(card.lapses), justify="right"),
                Text(str(card.reps), justify="right", style="dim"),
                prompt,
                deck,
                key=card.key,
            )


class PairView(Vertical):
    """Two partners: who knows what (teaching material first), and how they grade each other."""

    def compose(self) -> ComposeResult:
        yield Static(id="pair-summary", markup=False)
        yield DataTable[Text](id="pair-cards", cursor_type="row", zebra_stripes=True)
        yield Static(id="pair-grading", markup=False)

    def show(self, pair: PairStats, widths: Widths = (48, 24)) -> None:
        groups = _groups(pair)
        self.border_title = Content(f"{pair.a} & {pair.b}")
        summary: list[Content] = []
        for index, (label, group) in enumerate(groups):
            separator = ("  ·  ", _LABEL) if index else ""
            summary.append(
                Content.assemble(separator, (label, _LABEL), " ", (str(group.count), "bold"))
            )
        self.query_one("#pair-summary", Static).update(Content.assemble(*summary))
        table = self.query_one("#pair-cards", DataTable)
        table.clear(columns=True)
        for label in ("Group", "Again", "Card", "Deck"):
            table.add_column(label, key=label.lower())
        for label, group in groups:
            for number, card in enumerate(group.cards):
                prompt, deck = _card_cells(card, widths)
                shown = Text(label if number == 0 else "", style="bold" if number == 0 else "")
                again = Text(str(card.again), justify="right")
                table.add_row(shown, again, prompt, deck, key=f"{label}:{card.key}")
        table.display = table.row_count > 0
        self.query_one("#pair-grading", Static).update(_grading(pair))


def _groups(pair: PairStats) -> list[tuple[str, CardGroup]]:
    """Teaching material first: what one knows and the other tried, then what both miss."""
    return [
        (f"only {pair.a} knows", pair.only_a_knows),
        (f"only {pair.b} knows", pair.only_b_knows),
        ("both keep missing", pair.both_missing),
        ("both know", pair.both_know),
    ]


def _grading(pair: PairStats) -> Content:
    return Content.assemble(
        (f"{pair.a} graded by {pair.b}", "bold"),
        f" ({counted(pair.a_graded_by_b, 'review')}): ",
        calibration_text(pair.calibration_a),
        "\n",
        (f"{pair.b} graded by {pair.a}", "bold"),
        f" ({counted(pair.b_graded_by_a, 'review')}): ",
        calibration_text(pair.calibration_b),
    )
