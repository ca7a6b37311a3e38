"""Provides one person's FSRS scheduler over py-fsrs, with deterministic fuzz."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import fsrs

from tandem.config.settings import PersonSettings
from tandem.models import CardState, FsrsState, Rating
from tandem.scheduling.fuzz import fuzz_days, fuzz_seed

_FSRS_STATES = {
    FsrsState.LEARNING: fsrs.State.Learning,
    FsrsState.REVIEW: fsrs.State.Review,
    FsrsState.RELEARNING: fsrs.State.Relearning,
}


class PersonScheduler:
    """Schedules one person's cards with their own FSRS parameters and limits.

    The result of :meth:`review` depends only on the previous state, the rating, the time,
    the card key and the settings, so replaying a review log gives the stored state back.
    """

    def __init__(self, settings: PersonSettings) -> None:
        self.settings = settings
        self._fsrs = fsrs.Scheduler(
            parameters=settings.parameters or fsrs.scheduler.DEFAULT_PARAMETERS,
            desired_retention=settings.desired_retention,
            learning_steps=settings.learning_steps,
            relearning_steps=settings.relearning_steps,
            maximum_interval=settings.maximum_interval_days,
            enable_fuzzing=False,
        )

    def review(self, card_key: str, state: CardState, rating: Rating, at: datetime) -> CardState:
        """Returns the state after answering ``rating`` at ``at``."""
        before = _to_fsrs(state, at)
        after, _ = self._fsrs.review_card(before, fsrs.Rating(int(rating)), review_datetime=at)
        due: datetime = after.due
        new_state = FsrsState(int(after.state))
        if new_state is FsrsState.REVIEW and self.settings.fuzz:
            days = (due - at).days
            fuzzed = fuzz_days(
                days, fuzz_seed(card_key, state.reps), self.settings.maximum_interval_days
            )
            due = at + timedelta(days=fuzzed)
        lapse = rating is Rating.AGAIN and state.state is FsrsState.REVIEW
        return CardState(
            state=new_state,
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due=due,
            last_review=at,
            reps=state.reps + 1,
            lapses=state.lapses + (1 if lapse else 0),
        )

    def preview(self, card_key: str, state: CardState, at: datetime) -> dict[Rating, timedelta]:
        """The interval each rating would give now (for the rating buttons)."""
        previews = {}
        for rating in Rating:
            after = self.review(card_key, state, rating, at)
            assert after.due is not None
            previews[rating] = after.due - at
        return previews

    def replay(self, card_key: str, history: Iterable[tuple[Rating, datetime]]) -> CardState:
        """Folds a card's reviews, oldest first, into its state."""
        state = CardState()
        for rating, at in history:
            state = self.review(card_key, state, rating, at)
        return state

    def retrievability(self, state: CardState, at: datetime) -> float:
        """The predicted chance of recalling the card at ``at`` (0 for a new card)."""
        if state.state is FsrsState.NEW:
            return 0.0
        return float(self._fsrs.get_card_retrievability(_to_fsrs(state, at), at))


def _to_fsrs(state: CardState, at: datetime) -> fsrs.Card:
    if state.state is FsrsState.NEW:
        return fsrs.Card(card_id=1, state=fsrs.State.Learning, step=0, due=at)
    return fsrs.Card(
        card_id=1,
        state=_FSRS_STATES[state.state],
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due or at,
        last_review=state.last_review,
    )
