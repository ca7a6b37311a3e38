"""Provides one person's FSRS scheduler: Anki's memory model, steps and interval rules.

Memory states come from fsrs-rs (:mod:`tandem.scheduling.model`) given the elapsed time in
study days; (re)learning steps and review intervals follow Anki's v3 scheduler
(:mod:`tandem.scheduling.steps`, :mod:`tandem.scheduling.intervals`). Due times count from the
real answer time. docs/scheduling.md says where this is Anki's and where it is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from fsrs_rs_python import MemoryState, NextStates

from tandem.config.settings import PersonSettings
from tandem.models import CardState, FsrsState, Rating
from tandem.scheduling.days import DayBoundary, quarter_hour
from tandem.scheduling.fuzz import fuzz_factor
from tandem.scheduling.intervals import (
    anki_round,
    graduating_easy,
    graduating_interval,
    review_interval,
)
from tandem.scheduling.model import FSRS_DEFAULTS, MemoryModel
from tandem.scheduling.steps import Steps

_DAY_SECONDS = 86_400


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
        self.days_seen: dict[int, int] = {}
        """Study day numbers by UTC quarter hour (``days.quarter_hour``), as worked out."""
        self.rules = ReplayRules(
            settings.leech_threshold, settings.fuzz, self.maximum, self.model.short_term,
            self.learning.seconds(), self.relearning.seconds(),
            self.model.fsrs_next_states, self.model.desired_retention,
        )  # fmt: skip

    def elapsed_days(self, state: CardState, at: datetime) -> int:
        """Study days from the card's last answer to ``at`` (0: the same study day)."""
        if state.last_review is None:
            return 0
        return max(self._day_number(at) - self._day_number(state.last_review), 0)

    def _day_number(self, at: datetime) -> int:
        # Every day boundary is a whole number of quarter hours from UTC (as every zone's
        # offset is): one study date per UTC quarter hour, read once (replays ask often).
        slot = quarter_hour(at)
        found = self.days_seen.get(slot)
        if found is None:
            found = self.days_seen[slot] = self.days.study_date(at).toordinal()
        return found

    def day_number(self, at: datetime) -> int:
        """The study day ``at`` falls in, as a day number (for elapsed study days)."""
        return self._day_number(at)

    def review(self, card_key: str, state: CardState, rating: Rating, at: datetime) -> CardState:
        """Returns the state after answering ``rating`` at ``at``."""
        return self._after(card_key, state, rating, self._outcomes(state, at), at)

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
    def _outcomes(self, state: CardState, at: datetime) -> NextStates:
        memory = None
        if state.state is not FsrsState.NEW and state.stability is not None:
            assert state.difficulty is not None
            memory = MemoryState(state.stability, state.difficulty)
        return self.model.raw_next_states(memory, self.elapsed_days(state, at))

    def _after(
        self, card_key: str, state: CardState, rating: Rating, outcomes: NextStates, at: datetime
    ) -> CardState:
        """The card's state after ``rating``: a lapse is an Again of a card in review."""
        previous = _interval_days(state) if state.state is FsrsState.REVIEW else 0
        kind, step, wait, memory = self.plan(
            card_key, state.state, state.step, state.reps, previous, outcomes, rating
        )
        lapse = rating is Rating.AGAIN and state.state is FsrsState.REVIEW
        return CardState(kind, step, memory.stability, memory.difficulty,
                         at + timedelta(seconds=wait), at, state.reps + 1,
                         state.lapses + lapse)  # fmt: skip

    def plan(
        self,
        card_key: str,
        state: FsrsState,
        step: int | None,
        reps: int,
        previous: int,
        outcomes: NextStates,
        rating: Rating,
    ) -> Step:
        """The scheduling core: where ``rating`` sends a card, from plain values.

        Answers and every replay (import, ``doctor``, the optimizer's) go through here, so
        each gets the same floats and days. Only the outcomes the rules read are taken from
        fsrs-rs's answer, and the fuzz factor is worked out only when an interval in days
        needs it.

        Args:
            card_key: The card (it seeds the fuzz).
            state: The card's state before the answer.
            step: Its (re)learning step before the answer.
            reps: Answers it had before this one (they seed the fuzz).
            previous: The interval in days it was given, when in review (Anki's
                ``scheduled_days``); else unused.
            outcomes: ``MemoryModel.raw_next_states`` for the card now.
            rating: The answer.
        """
        if state is FsrsState.REVIEW:
            if rating is Rating.AGAIN:
                again = outcomes.again
                return Step(*self._lapse(again.interval), again.memory)
            hard, good, easy = outcomes.hard, outcomes.good, outcomes.easy
            raw = (hard.interval, good.interval, easy.interval)
            factor = fuzz_factor(card_key, reps) if self.settings.fuzz else None
            days = review_interval(raw, rating - 2, previous, factor, self.maximum)
            chosen = hard if rating is Rating.HARD else good if rating is Rating.GOOD else easy
            return Step(FsrsState.REVIEW, None, days * _DAY_SECONDS, chosen.memory)
        if state is FsrsState.RELEARNING:
            steps, kind = self.relearning, FsrsState.RELEARNING
        else:
            steps, kind = self.learning, FsrsState.LEARNING
        return self._from_steps(card_key, steps, kind, step or 0, reps, outcomes, rating)

    def _lapse(self, interval: float) -> tuple[FsrsState, int | None, int]:
        first = self.relearning.again()
        if first is not None:
            return FsrsState.RELEARNING, first[0], _whole_seconds(first[1])
        if self.model.short_term and interval < 0.5:
            return FsrsState.RELEARNING, 0, int(interval * _DAY_SECONDS)
        # As in Anki, fuzz waits until the card leaves relearning.
        return FsrsState.REVIEW, None, max(anki_round(interval), 1) * _DAY_SECONDS

    def _from_steps(
        self,
        card_key: str,
        steps: Steps,
        kind: FsrsState,
        step: int,
        reps: int,
        outcomes: NextStates,
        rating: Rating,
    ) -> Step:
        """Anki's ``LearnState`` and ``RelearnState``: the steps, then a review interval."""
        if rating is Rating.EASY:
            good, easy = outcomes.good, outcomes.easy
            factor = fuzz_factor(card_key, reps) if self.settings.fuzz else None
            days = graduating_easy(factor, good.interval, easy.interval, self.maximum)
            return Step(FsrsState.REVIEW, None, days * _DAY_SECONDS, easy.memory)
        if rating is Rating.AGAIN:
            chosen, kept = outcomes.again, steps.again()
        elif rating is Rating.HARD:
            chosen, kept = outcomes.hard, steps.hard(step)
        else:
            chosen, kept = outcomes.good, steps.good(step)
        if kept is not None:
            return Step(kind, kept[0], _whole_seconds(kept[1]), chosen.memory)
        interval = chosen.interval
        # Past the steps: without steps, FSRS may ask for less than half a day in the state.
        if not steps and self.model.short_term and interval < 0.5:
            return Step(kind, 0, int(interval * _DAY_SECONDS), chosen.memory)
        factor = fuzz_factor(card_key, reps) if self.settings.fuzz else None
        days = graduating_interval(factor, interval, self.maximum)
        return Step(FsrsState.REVIEW, None, days * _DAY_SECONDS, chosen.memory)


class ReplayRules(NamedTuple):
    """One person's scheduling rules as plain values, for a replay's loop
    (``scheduling.history.fold``)."""

    leech_threshold: int
    fuzz: bool
    maximum: int
    short_term: bool
    learning: tuple[tuple[int, ...], int]
    """The learning steps in seconds, and Hard's delay on the first (``Steps.seconds``)."""
    relearning: tuple[tuple[int, ...], int]
    next_states: Callable[[MemoryState | None, float, int], NextStates]
    """fsrs-rs's ``next_states`` (memory, desired retention, elapsed study days)."""
    desired_retention: float


class Step(NamedTuple):
    """Where one answer sends a card (the scheduling core's result)."""

    state: FsrsState
    step: int | None
    wait: int
    """Seconds from the answer until the card is due (always whole seconds)."""
    memory: MemoryState
    """fsrs-rs's memory state after the answer, as it gave it."""


def _interval_days(state: CardState) -> int:
    """The interval a review card was given (Anki's ``scheduled_days``)."""
    if state.due is None or state.last_review is None:
        return 0
    return anki_round((state.due - state.last_review).total_seconds() / _DAY_SECONDS)


def _whole_seconds(wait: timedelta) -> int:
    return int(wait.total_seconds())  # steps are whole seconds (``Steps``)


def _due(state: CardState) -> datetime:
    assert state.due is not None
    return state.due
