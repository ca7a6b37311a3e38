"""Provides ``svc.stats``: one person's figures and a partnership's, as plain dataclasses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cached_property, partial

from tandem.decks.cloze import render_cloze
from tandem.models import DatabaseBusyError, format_utc, parse_utc
from tandem.models.wording import counted
from tandem.scheduling.days import DayBoundary
from tandem.services.context import Context, PersonContext
from tandem.services.stats import calc as calc
from tandem.services.stats.models import (
    YOUNG_MATURE_DAYS,
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
from tandem.storage.study_days import StudyDays

HEATMAP_DAYS = 365
FORECAST_DAYS = 30
RETENTION_WINDOWS = (7, 30, 365)
PROMPT_SOURCE = 1000
"""How much of what a card asks a figure keeps (a 300-line listing is not carried whole)."""


class Stats:
    """Computes figures from the review log and the card states (reads only)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.notices: list[str] = []
        """What the figures read so far could not take in, for the user (``person``)."""
        self._busy: set[str] = set()
        """People whose study days waited out the busy timeout once already (not twice)."""

    @cached_property
    def queries(self) -> StatsQueries:
        return self.ctx.stats

    def today(self, person: str) -> date:
        """The person's current study day (their time zone and day boundary)."""
        p = self.ctx.person(person)
        return p.days.study_date(self.ctx.clock.now())

    def person(self, person: str) -> PersonContext:
        """``person``'s context, with the study days of their log worked out (``study_days``:
        new reviews since the last figures, or all when their day boundary changed).

        Working them out writes. When another tandem keeps the database busy past the
        busy timeout, the figures are read from what is stored and ``notices`` says what
        they leave out (once: this ``Stats`` does not wait for them again); a next ``Stats``
        works them out."""
        p = self.ctx.person(person)
        days = self.ctx.store.repo(StudyDays)
        key = p.days.key
        if person in self._busy or (days.boundary(person) == key and not days.stale(person)):
            return p
        try:
            with self.ctx.store.write():
                days.refresh(person, key, partial(day_offsets, p.days))
                days.sum_changed_days(person)
        except DatabaseBusyError:
            self._busy.add(person)
            same = days.boundary(person) in (None, key)  # None: never worked out
            self.notices.append(busy_notice(person, days.pending(person), same))
        return p

    def for_person(self, person: str, *, hardest: int = 10) -> PersonStats:
        """Every figure of ``person`` (raises ``NotFoundError`` for an unknown name)."""
        p = self.person(person)
        today = self.today(person)
        first = today - timedelta(days=HEATMAP_DAYS - 1)
        year = self.queries.day_figures(
            person, first.toordinal(), today.toordinal(), YOUNG_MATURE_DAYS
        )
        graded = self.queries.grade_differences(person, first.toordinal(), today.toordinal())
        target = p.settings.desired_retention
        return PersonStats(
            person=person,
            today=today,
            activity=calc.activity(year, first, today),
            forecast=self.forecast(person),
            retention=tuple(
                calc.retention(year, today, window, target) for window in RETENTION_WINDOWS
            ),
            counts=self.counts(person),
            streak=self.streak(person),
            hardest=self.hardest(person, hardest),
            calibration=calc.calibration(person, graded),
        )

    def activity(self, person: str, first: date, last: date) -> Activity:
        """Reviews and time per study day from ``first`` to ``last`` (the heatmap's data)."""
        self.person(person)
        figures = self.queries.day_figures(
            person, first.toordinal(), last.toordinal(), YOUNG_MATURE_DAYS
        )
        return calc.activity(figures, first, last)

    def forecast(self, person: str, days: int = FORECAST_DAYS) -> tuple[DayCount, ...]:
        """Cards due on each of the next ``days`` study days (overdue ones today; no limits)."""
        p, today = self.ctx.person(person), self.today(person)
        ends = [format_utc(p.days.start_of(today + timedelta(days=n + 1))) for n in range(days)]
        dues = self.queries.due_texts(person, p.days.start_of(today + timedelta(days=days)))
        return tuple(calc.forecast(dues, ends, today))

    def retention(self, person: str, first: date, last: date) -> Retention:
        """True retention over the study days ``first`` to ``last``."""
        p = self.person(person)
        figures = self.queries.day_figures(
            person, first.toordinal(), last.toordinal(), YOUNG_MATURE_DAYS
        )
        young, mature = calc.tally(figures)
        window = (last - first).days + 1
        return Retention(window, young, mature, p.settings.desired_retention)

    def counts(self, person: str) -> StateCounts:
        """Active cards by state, with suspended, buried and leech counts."""
        self.ctx.person(person)
        return StateCounts(**self.queries.state_counts(person))

    def streak(self, person: str) -> Streak:
        """Consecutive study days with a review, up to today (or yesterday)."""
        self.person(person)
        today = self.today(person)
        studied = {today} if self.queries.studied_on(person, today.toordinal()) else set()
        day = today - timedelta(days=1)
        while self.queries.studied_on(person, day.toordinal()):
            studied.add(day)
            day -= timedelta(days=1)
        return calc.streak(studied, today)

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
        self.person(person)
        found = self.queries.grade_differences(person, first.toordinal(), last.toordinal(), grader)
        return calc.calibration(person, found, grader)

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


def busy_notice(person: str, pending: int, same_boundary: bool) -> str:
    """What figures read while the database was busy leave out."""
    why = "the database is busy (another tandem is writing):"
    if not same_boundary:
        return f"{why} {person}'s figures follow their previous day boundary until next time"
    verb = "is" if pending == 1 else "are"
    return f"{why} {counted(pending, 'review')} of {person} {verb} not in these figures yet"


def prompt_of(text: CardText) -> str:
    """What the card asks (Markdown), at most ``PROMPT_SOURCE`` characters: shown on one
    line, its marks dropped (``tandem.render.card_line``)."""
    if text.kind == "cloze":
        asked = render_cloze(text.question, int(text.variant[1:]), reveal=False)
    else:
        asked = text.answer if text.variant == "r" else text.question
    asked = asked.strip()
    return asked if len(asked) <= PROMPT_SOURCE else asked[: PROMPT_SOURCE - 1] + "…"


def day_offsets(days: DayBoundary, first: str, last: str) -> list[tuple[str, int]]:
    """``days.offsets`` between two UTC texts, as UTC texts (``StudyDays.refresh``)."""
    return [(format_utc(since), offset)
            for since, offset in days.offsets(parse_utc(first), parse_utc(last))]  # fmt: skip
