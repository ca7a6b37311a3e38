"""Provides one person's FSRS scheduler: Anki's memory model, steps and interval rules.

Memory states come from fsrs-rs (:mod:`tandem.scheduling.model`) given the elapsed time in
study days; (re)learning steps and review intervals follow Anki's v3 scheduler
(:mod:`tandem.scheduling.steps`, :mod:`tandem.scheduling.intervals`). Due times count from the
real answer time. docs/scheduling.md says where this is Anki's and where it is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from tandem.config.settings import PersonSettings
from tandem.models import CardState, FsrsState, Rating
from tandem.scheduling.days import DayBoundary
from tandem.scheduling.fuzz import fuzz_factor
from tandem.scheduling.intervals import (
    anki_round,
    graduating_easy,
    graduating_interval,
    review_interval,
)
from tandem.scheduling.model import FSRS_DEFAULTS, MemoryModel, Outcome
from tandem.scheduling.steps import Steps

_DAY_SECONDS = 86_400


class Plan(NamedTuple):
    """Where an answer sends the card: its state, step and how long until it is due."""

    state: FsrsState
    step: int | None
    wait: timedelta


class PersonScheduler:
    """Schedules one person's cards with their own FSRS parameters and limits.

    The result of :meth:`review` depends only on the previous state, the rating, the time,
    the card key and the settings, so replaying a review log gives the stored state back.
    """

    def __init__(self, settings: PersonSettings, days: DayBoundary | None = None) -> None:
        self.settings = settings
        self.days = days or DayBoundary(settings.day_starts_at_hour, settings.timezone)
        self.model = MemoryModel(settings.parameters or FSRS_DEFAULTS, settings.desired_retention)
        self.learning = Steps(settings.learning_steps)
        self.relearning = Steps(settings.relearning_steps)
        self.maximum = settings.maximum_interval_days
        self._days_seen: dict[int, int] = {}

    def elapsed_days(self, state: CardState, at: datetime) -> int:
        """Study days from the card's last answer to ``at`` (0: the same study day)."""
        if state.last_review is None:
            return 0
        return max(self._day_number(at) - self._day_number(state.last_review), 0)

    def _day_number(self, at: datetime) -> int:
        # Every day boundary is a whole number of quarter hours from UTC (as every zone's
        # offset is): one study date per UTC quarter hour, read once (replays ask often).
        slot = int(at.timestamp()) // 900
        found = self._days_seen.get(slot)
        if found is None:
            found = self._days_seen[slot] = self.days.study_date(at).toordinal()
        return found

    def review(self, card_key: str, state: CardState, rating: Rating, at: datetime) -> CardState:
        """Returns the state after answering ``rating`` at ``at``."""
        outcomes = self._outcomes(state, at)
        return self._after(card_key, state, rating, outcomes, at)

    def answers(self, card_key: str, state: CardState, at: datetime) -> tuple[CardState, ...]:
        """The state after each rating (Again, Hard, Good, Easy) at ``at``."""
        outcomes = self._outcomes(state, at)
        return tuple(self._after(card_key, state, rating, outcomes, at) for rating in Rating)

    def preview(self, card_key: str, state: CardState, at: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give now (for the rating buttons)."""
        after = self.answers(card_key, state, at)
        return {rating: _due(new) - at for rating, new in zip(Rating, after, strict=True)}

    def replay(self, card_key: str, history: Iterable[tuple[Rating, datetime]]) -> CardState:
        """Folds a card's reviews, oldest first, into its state."""
        state = CardState()
        for rating, at in history:
            state = self.review(card_key, state, rating, at)
        return state

    def retrievability(self, state: CardState, at: datetime) -> float:
        """The predicted chance of recalling the card at ``at`` (0 for a new card)."""
        if state.state is FsrsState.NEW or state.stability is None:
            return 0.0
        return self.model.retrievability(state.stability, self.elapsed_days(state, at))

    # the rules --------------------------------------------------------------------------
    def _outcomes(self, state: CardState, at: datetime) -> tuple[Outcome, ...]:
        memory = None
        if state.state is not FsrsState.NEW and state.stability is not None:
            assert state.difficulty is not None
            memory = (state.stability, state.difficulty)
        return self.model.next_states(memory, self.elapsed_days(state, at))

    def _after(
        self,
        card_key: str,
        state: CardState,
        rating: Rating,
        outcomes: tuple[Outcome, ...],
        at: datetime,
    ) -> CardState:
        """The card's state after ``rating``: a lapse is an Again of a card in review."""
        fuzz = _Fuzz(card_key, state.reps) if self.settings.fuzz else None
        if state.state is FsrsState.REVIEW:
            plan = self._from_review(state, rating, outcomes, fuzz)
        elif state.state is FsrsState.RELEARNING:
            plan = self._from_steps(self.relearning, FsrsState.RELEARNING, state, rating,
                                    outcomes, fuzz)  # fmt: skip
        else:
            plan = self._from_steps(self.learning, FsrsState.LEARNING, state, rating,
                                    outcomes, fuzz)  # fmt: skip
        outcome = outcomes[rating - 1]
        lapse = rating is Rating.AGAIN and state.state is FsrsState.REVIEW
        return CardState(plan.state, plan.step, outcome.stability, outcome.difficulty,
                         at + plan.wait, at, state.reps + 1, state.lapses + lapse)  # fmt: skip

    def _from_review(
        self, state: CardState, rating: Rating, outcomes: tuple[Outcome, ...], fuzz: _Fuzz | None
    ) -> Plan:
        """Anki's ``ReviewState``: Again lapses into relearning; the others get intervals
        in button order, each growing from the interval the card had."""
        if rating is Rating.AGAIN:
            return self._lapse(outcomes[0])
        raw = (outcomes[1].interval, outcomes[2].interval, outcomes[3].interval)
        factor = fuzz.factor() if fuzz else None
        days = review_interval(raw, rating - 2, _interval_days(state), factor, self.maximum)
        return Plan(FsrsState.REVIEW, None, _days(days))

    def _lapse(self, again: Outcome) -> Plan:
        first = self.relearning.again()
        if first is not None:
            return Plan(FsrsState.RELEARNING, *first)
        if self.model.short_term and again.interval < 0.5:
            return Plan(FsrsState.RELEARNING, 0, _seconds(again.interval))
        # As in Anki, fuzz waits until the card leaves relearning.
        return Plan(FsrsState.REVIEW, None, _days(max(anki_round(again.interval), 1)))

    def _from_steps(
        self,
        steps: Steps,
        kind: FsrsState,
        state: CardState,
        rating: Rating,
        outcomes: tuple[Outcome, ...],
        fuzz: _Fuzz | None,
    ) -> Plan:
        """Anki's ``LearnState`` and ``RelearnState``: the steps, then a review interval."""
        step = state.step or 0
        if rating is Rating.EASY:
            factor = fuzz.factor() if fuzz else None
            good, easy = outcomes[2].interval, outcomes[3].interval
            days = graduating_easy(factor, good, easy, self.maximum)
            return Plan(FsrsState.REVIEW, None, _days(days))
        if rating is Rating.AGAIN:
            kept = steps.again()
        else:
            kept = steps.hard(step) if rating is Rating.HARD else steps.good(step)
        if kept is not None:
            return Plan(kind, *kept)
        return self._leave(steps, kind, outcomes[rating - 1], fuzz)

    def _leave(self, steps: Steps, kind: FsrsState, outcome: Outcome, fuzz: _Fuzz | None) -> Plan:
        """A card past its steps: a review interval, or, without steps, a short wait in the
        same state when FSRS asks for less than half a day."""
        if not steps and self.model.short_term and outcome.interval < 0.5:
            return Plan(kind, 0, _seconds(outcome.interval))
        factor = fuzz.factor() if fuzz else None
        days = graduating_interval(factor, outcome.interval, self.maximum)
        return Plan(FsrsState.REVIEW, None, _days(days))


class _Fuzz:
    """The card's fuzz factor, worked out only when an interval in days needs it."""

    def __init__(self, card_key: str, reps: int) -> None:
        self.card_key, self.reps = card_key, reps

    def factor(self) -> float:
        return fuzz_factor(self.card_key, self.reps)


def _interval_days(state: CardState) -> int:
    """The interval a review card was given (Anki's ``scheduled_days``)."""
    if state.due is None or state.last_review is None:
        return 0
    return anki_round((state.due - state.last_review).total_seconds() / _DAY_SECONDS)


def _days(days: int) -> timedelta:
    return timedelta(days=days)


def _seconds(days: float) -> timedelta:
    return timedelta(seconds=int(days * _DAY_SECONDS))


def _due(state: CardState) -> datetime:
    assert state.due is not None
    return state.due
