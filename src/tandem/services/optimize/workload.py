"""Provides the simulator's assumptions taken from one person's log and settings.

Like fsrs-rs's own ``extract_simulator_config``: the mean answer time per state and rating
(answers between 0 and 20 minutes), the share of each first rating and of Hard/Good/Easy
among recalled reviews. A figure with too few answers behind it keeps the fsrs-rs default.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from tandem.config.settings import PersonSettings
from tandem.models import FsrsState, Rating
from tandem.scheduling.simulate_retention import (
    DEFAULT_COSTS,
    DEFAULT_FIRST_RATINGS,
    DEFAULT_REVIEW_RATINGS,
    Workload,
)
from tandem.services.context import Context

MIN_ANSWERS_FOR_SHARES = 20
MIN_ANSWERS_FOR_COST = 5
MAX_ANSWER_MS = 20 * 60 * 1000
NEW_PER_DAY_IF_NONE = 20
"""Simulated new cards a day when the person's limit is 0 (nothing would be learned)."""

_ROW = {FsrsState.NEW: 0, FsrsState.LEARNING: 0, FsrsState.REVIEW: 1, FsrsState.RELEARNING: 2}


def person_workload(ctx: Context, person: str, settings: PersonSettings) -> Workload:
    """The simulator's assumptions for ``person``: their cards, limits, ratings and times."""
    first: Counter[int] = Counter()
    recalled: Counter[int] = Counter()
    durations: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for rating, state, duration in ctx.reviews.answer_facts(person):
        if state is FsrsState.NEW:
            first[rating] += 1
        elif state is FsrsState.REVIEW and rating > Rating.AGAIN:
            recalled[rating] += 1
        if duration is not None and 0 < duration < MAX_ANSWER_MS:
            durations[(_ROW[state], rating - 1)].append(duration)
    return Workload(
        cards=max(ctx.states.count_active(person), 1),
        new_per_day=settings.new_per_day or NEW_PER_DAY_IF_NONE,
        reviews_per_day=settings.reviews_per_day,
        maximum_interval_days=settings.maximum_interval_days,
        learning_steps=len(settings.learning_steps_minutes),
        relearning_steps=len(settings.relearning_steps_minutes),
        first_ratings=_shares(first, (1, 2, 3, 4), DEFAULT_FIRST_RATINGS),
        review_ratings=_shares(recalled, (2, 3, 4), DEFAULT_REVIEW_RATINGS),
        costs=_costs(durations),
    )


def _shares(
    counts: Counter[int], ratings: tuple[int, ...], default: tuple[float, ...]
) -> tuple[float, ...]:
    total = sum(counts[rating] for rating in ratings)
    if total < MIN_ANSWERS_FOR_SHARES:
        return default
    return tuple(counts[rating] / total for rating in ratings)


def _costs(durations: dict[tuple[int, int], list[int]]) -> tuple[tuple[float, ...], ...]:
    costs = [list(row) for row in DEFAULT_COSTS]
    for (row, column), times in durations.items():
        if len(times) >= MIN_ANSWERS_FOR_COST:
            costs[row][column] = sum(times) / len(times) / 1000
    return tuple(tuple(row) for row in costs)
