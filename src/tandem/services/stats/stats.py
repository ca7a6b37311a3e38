"""Provides ``svc.stats``: one person's figures and a partnership's, as plain dataclasses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cached_property

from tandem.decks.cloze import render_cloze
from tandem.services.context import Context, PersonContext
from tandem.services.stats import calc as calc
from tandem.services.stats.models import (
    Activity,
    Calibration,
    CardFigure,
    CardGroup,
    DayCount,
    PairStats,
    PersonStats,
    Retention,
    StateCounts,
    Streak,
)
from tandem.storage.stats import CardText, StatsQueries

HEATMAP_DAYS = 365
FORECAST_DAYS = 30
RETENTION_WINDOWS = (7, 30, 365)
PROMPT_SOURCE = 1000
"""How much of what a card asks a figure keeps (a 300-line listing is not carried whole)."""


class Stats:
    """Computes figures from the review log and the card states (reads only)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @cached_property
    def queries(self) -> StatsQueries:
        return self.ctx.stats

    def today(self, person: str) -> date:
        """The person's current study day (their time zone and day boundary)."""
        p = self.ctx.person(person)
        return p.days.study_date(self.ctx.clock.now())

    def for_person(self, person: str, *, hardest: int = 10) -> PersonStats:
        """Every figure of ``person`` (raises ``NotFoundError`` for an unknown name)."""
        p = self.ctx.person(person)
        today = self.today(person)
        first = today - timedelta(days=HEATMAP_DAYS - 1)
        start, end = p.days.start_of(first), p.days.start_of(today + timedelta(days=1))
        facts = self.queries.reviews_between(person, start - calc.CALIBRATION_WINDOW, end)
        year = [f for f in facts if f.at >= start]
        target = p.settings.desired_retention
        return PersonStats(
            person=person,
            today=today,
            activity=calc.activity(year, p.days, first, today),
            forecast=self.forecast(person),
            retention=tuple(
                calc.retention(year, p.days, today, window, target) for window in RETENTION_WINDOWS
            ),
            counts=self.counts(person),
            streak=self.streak(person),
            hardest=self.hardest(person, hardest),
            calibration=calc.calibration(person, facts, start, end),
        )

    def activity(self, person: str, first: date, last: date) -> Activity:
        """Reviews and time per study day from ``first`` to ``last`` (the heatmap's data)."""
        p = self.ctx.person(person)
        facts = self.queries.reviews_between(person, *self.span(p, first, last))
        return calc.activity(facts, p.days, first, last)

    def forecast(self, person: str, days: int = FORECAST_DAYS) -> tuple[DayCount, ...]:
        """Cards due on each of the next ``days`` study days (overdue ones today; no limits)."""
        p, today = self.ctx.person(person), self.today(person)
        dues = self.queries.due_times(person, p.days.start_of(today + timedelta(days=days)))
        return tuple(calc.forecast(dues, p.days, today, days))

    def retention(self, person: str, first: date, last: date) -> Retention:
        """True retention over the study days ``first`` to ``last``."""
        p = self.ctx.person(person)
        facts = self.queries.reviews_between(person, *self.span(p, first, last))
        young, mature = calc.tally(facts, p.days)
        window = (last - first).days + 1
        return Retention(window, young, mature, p.settings.desired_retention)

    def counts(self, person: str) -> StateCounts:
        """Active cards by state, with suspended, buried and leech counts."""
        self.ctx.person(person)
        return StateCounts(**self.queries.state_counts(person))

    def streak(self, person: str) -> Streak:
        """Consecutive study days with a review, up to today (or yesterday)."""
        p, today = self.ctx.person(person), self.today(person)
        studied: set[date] = set()
        first = today
        while True:
            last, first = first, first - timedelta(days=HEATMAP_DAYS)
            times = self.queries.review_times(person, *self.span(p, first, last))
            studied |= {p.days.study_date(at) for at in times}
            found = calc.streak(studied, today)
            # Look further back only when the streak reaches the start of what was read.
            if not found.days or found.last_day is None:
                return found
            if found.last_day - timedelta(days=found.days - 1) > first:
                return found

    def hardest(self, person: str, limit: int = 10) -> tuple[CardFigure, ...]:
        """The active cards ``person`` forgot most often (lapses), most first."""
        self.ctx.person(person)
        rows = self.queries.hardest(person, limit)
        texts = self.queries.card_texts(card for card, *_ in rows)
        return tuple(
            self.figure(texts, card, lapses=lapses, reps=reps, leech=leech)
            for card, lapses, reps, leech in rows
        )

    def calibration(
        self, person: str, first: date, last: date, grader: str | None = None
    ) -> Calibration:
        """Self-grades against partner grades of the same cards, for partner reviews in range."""
        p = self.ctx.person(person)
        start, end = self.span(p, first, last)
        window = calc.CALIBRATION_WINDOW
        facts = self.queries.reviews_between(person, start - window, end + window)
        return calc.calibration(person, facts, start, end, grader)

    def pair(self, a: str, b: str, *, limit: int = 20) -> PairStats:
        """What ``a`` and ``b`` know together (see :mod:`tandem.services.stats.pair`)."""
        from tandem.services.stats.pair import pair_stats

        return pair_stats(self, a, b, limit)

    @staticmethod
    def span(p: PersonContext, first: date, last: date) -> tuple[datetime, datetime]:
        """The UTC instants that begin study day ``first`` and end study day ``last``."""
        return p.days.start_of(first), p.days.start_of(last + timedelta(days=1))

    @staticmethod
    def figure(
        texts: dict[str, CardText],
        card: str,
        *,
        lapses: int = 0,
        reps: int = 0,
        again: int = 0,
        leech: bool = False,
    ) -> CardFigure:
        """A card figure with its prompt and deck title (empty when the card is unknown)."""
        text = texts.get(card)
        prompt, deck = (prompt_of(text), text.deck_title) if text else ("", "")
        return CardFigure(card, prompt, deck, lapses, reps, again, leech)

    def figures(self, cards: list[tuple[str, int]], limit: int) -> CardGroup:
        """A group of (card, Again count) pairs: all counted, the first ``limit`` listed."""
        shown = cards[:limit]
        texts = self.queries.card_texts(card for card, _ in shown)
        return CardGroup(
            len(cards), tuple(self.figure(texts, card, again=again) for card, again in shown)
        )


def prompt_of(text: CardText) -> str:
    """What the card asks (Markdown), at most ``PROMPT_SOURCE`` characters: shown on one
    line, its marks dropped (``tandem.render.card_line``)."""
    if text.kind == "cloze":
        asked = render_cloze(text.question, int(text.variant[1:]), reveal=False)
    else:
        asked = text.answer if text.variant == "r" else text.question
    asked = asked.strip()
    return asked if len(asked) <= PROMPT_SOURCE else asked[: PROMPT_SOURCE - 1] + "…"
