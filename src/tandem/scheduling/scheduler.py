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
    review_intervals,
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

    def elapsed_days(self, state: CardState, at: datetime) -> int:
        """Study days from the card's last answer to ``at`` (0: the same study day)."""
        if state.last_review is None:
            return 0
        days = self.days
        return max((days.study_date(at) - days.study_date(state.last_review)).days, 0)

    def review(self, card_key: str, state: CardState, rating: Rating, at: datetime) -> CardState:
        """Returns the state after answering ``rating`` at ``at``."""
        plans, outcomes = self._plans(card_key, state, at)
        return _after(state, rating, plans[rating - 1], outcomes[rating - 1], at)

    def answers(self, card_key: str, state: CardState, at: datetime) -> tuple[CardState, ...]:
        """The state after each rating (Again, Hard, Good, Easy) at ``at``."""
        plans, outcomes = self._plans(card_key, state, at)
        return tuple(
            _after(state, rating, plan, outcome, at)
            for rating, plan, outcome in zip(Rating, plans, outcomes, strict=True)
        )

    def _plans(
        self, card_key: str, state: CardState, at: datetime
    ) -> tuple[tuple[Plan, ...], tuple[Outcome, ...]]:
        memory = None
        if state.state is not FsrsState.NEW and state.stability is not None:
            assert state.difficulty is not None
            memory = (state.stability, state.difficulty)
        outcomes = self.model.next_states(memory, self.elapsed_days(state, at))
        factor = fuzz_factor(card_key, state.reps) if self.settings.fuzz else None
        if state.state is FsrsState.REVIEW:
            plans = self._from_review(state, outcomes, factor)
        elif state.state is FsrsState.RELEARNING:
            plans = self._from_steps(self.relearning, FsrsState.RELEARNING, state, outcomes, factor)
        else:
            plans = self._from_steps(self.learning, FsrsState.LEARNING, state, outcomes, factor)
        return plans, outcomes

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
    def _from_review(
        self, state: CardState, outcomes: tuple[Outcome, ...], factor: float | None
    ) -> tuple[Plan, ...]:
        """Anki's ``ReviewState``: Again lapses into relearning; the others get intervals
        in button order, each growing from the interval the card had."""
        previous = _interval_days(state)
        raw = (outcomes[1].interval, outcomes[2].interval, outcomes[3].interval)
        passing = review_intervals(raw, previous, factor, self.maximum)
        review = FsrsState.REVIEW
        return (self._lapse(outcomes[0]), *(Plan(review, None, _days(n)) for n in passing))

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
        outcomes: tuple[Outcome, ...],
        factor: float | None,
    ) -> tuple[Plan, ...]:
        """Anki's ``LearnState`` and ``RelearnState``: the steps, then a review interval."""
        step = state.step or 0
        kept = (steps.again(), steps.hard(step), steps.good(step))
        plans = [
            Plan(kind, *found) if found is not None else self._leave(steps, kind, outcome, factor)
            for found, outcome in zip(kept, outcomes, strict=False)
        ]
        easy = graduating_easy(factor, outcomes[2].interval, outcomes[3].interval, self.maximum)
        return (*plans, Plan(FsrsState.REVIEW, None, _days(easy)))

    def _leave(self, steps: Steps, kind: FsrsState, outcome: Outcome, factor: float | None) -> Plan:
        """A card past its steps: a review interval, or, without steps, a short wait in the
        same state when FSRS asks for less than half a day."""
        if not steps and self.model.short_term and outcome.interval < 0.5:
            return Plan(kind, 0, _seconds(outcome.interval))
        days = graduating_interval(factor, outcome.interval, self.maximum)
        return Plan(FsrsState.REVIEW, None, _days(days))


def _after(
    state: CardState, rating: Rating, plan: Plan, outcome: Outcome, at: datetime
) -> CardState:
    """The card's state after ``rating``: a lapse is an Again of a card in review."""
    lapse = rating is Rating.AGAIN and state.state is FsrsState.REVIEW
    return CardState(
        state=plan.state,
        step=plan.step,
        stability=outcome.stability,
        difficulty=outcome.difficulty,
        due=at + plan.wait,
        last_review=at,
        reps=state.reps + 1,
        lapses=state.lapses + lapse,
    )


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
