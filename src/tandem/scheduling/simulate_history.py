"""Provides synthetic review histories drawn from a known FSRS model (tests, benchmarks).

Each card is introduced on its own day, answered Good/Hard/Easy or Again on its first
review (Again and Hard are followed by a same-day Good, like a learning step), then
reviewed at the interval the model gives for the target retention, with some scatter.
Whether a review is recalled is a seeded random draw from the model's retrievability;
a lapse is followed by a same-day Good (relearning).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs_rs_python import FSRS, MemoryState, NextStates

_FIRST_RATINGS = (0.2, 0.1, 0.55, 0.15)
_RECALL_RATINGS = (0.15, 0.75, 0.10)
_STEP = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class SyntheticReview:
    """One made-up answer: the card's index, the rating and when."""

    card: int
    rating: int
    at: datetime


def retrievability(parameters: Sequence[float], elapsed_days: float, stability: float) -> float:
    """FSRS-6's forgetting curve: the chance of recall after ``elapsed_days``."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * elapsed_days / stability) ** decay)


def generate(
    parameters: Sequence[float],
    *,
    cards: int,
    days: int,
    start: datetime,
    seed: int,
    retention: float = 0.9,
) -> list[SyntheticReview]:
    """Simulates reviewing ``cards`` cards for ``days`` days with the given true parameters.

    Args:
        parameters: The 21 FSRS-6 parameters that "are" the learner's memory.
        cards: How many cards; they are introduced evenly over the first half of the days.
        days: How long the simulated study lasts.
        start: The first day's midnight (UTC); answers fall between 08:00 and 22:00.
        seed: Seed of every random draw, so the history is reproducible.
        retention: The desired retention the intervals are scheduled for.

    Returns:
        The reviews of all cards, in time order.
    """
    rng = random.Random(seed)
    model = FSRS(list(parameters))
    reviews: list[SyntheticReview] = []
    for card in range(cards):
        day = card * max(days // 2, 1) // max(cards, 1)
        reviews += _card(model, parameters, card, day, days, start, rng, retention)
    reviews.sort(key=lambda review: (review.at, review.card))
    return reviews


def _card(
    model: FSRS,
    parameters: Sequence[float],
    card: int,
    day: int,
    days: int,
    start: datetime,
    rng: random.Random,
    retention: float,
) -> list[SyntheticReview]:
    at = _moment(start, day, rng)
    rating = rng.choices((1, 2, 3, 4), _FIRST_RATINGS)[0]
    out = [SyntheticReview(card, rating, at)]
    memory = _pick(model.next_states(None, retention, 0), rating)
    needs_step = rating <= 2  # Again or Hard on a new card: one learning step
    while True:
        if needs_step:
            at += _STEP
            out.append(SyntheticReview(card, 3, at))
            memory = model.next_states(memory, retention, 0).good.memory
        interval = model.next_interval(memory.stability, retention, 3)
        elapsed = max(1, round(interval * rng.uniform(0.85, 1.25)))
        day += elapsed
        if day >= days:
            return out
        recalled = rng.random() < retrievability(parameters, elapsed, memory.stability)
        rating = rng.choices((2, 3, 4), _RECALL_RATINGS)[0] if recalled else 1
        at = _moment(start, day, rng)
        out.append(SyntheticReview(card, rating, at))
        memory = _pick(model.next_states(memory, retention, elapsed), rating)
        needs_step = rating == 1  # a lapse: one relearning step


def _pick(states: NextStates, rating: int) -> MemoryState:
    chosen = (states.again, states.hard, states.good, states.easy)[rating - 1]
    return chosen.memory


def _moment(start: datetime, day: int, rng: random.Random) -> datetime:
    return start + timedelta(days=day, minutes=rng.randrange(8 * 60, 22 * 60))
