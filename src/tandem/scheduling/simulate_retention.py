"""Provides the desired-retention advice: simulated workload and recall per retention.

fsrs-rs's simulator learns a deck from scratch with the given parameters, day by day, with
random recall drawn from the model, and counts the time spent (seconds per answer, by state
and rating) and the cards one would still recall. The same seed is used for every retention,
so the rows differ by the retention only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fsrs_rs_python import default_simulator_config, simulate

RETENTIONS = (0.80, 0.85, 0.90, 0.95)
SIMULATED_DAYS = 365
SEED = 42

_DEFAULTS = default_simulator_config()
DEFAULT_FIRST_RATINGS: tuple[float, ...] = tuple(_DEFAULTS.first_rating_prob)
DEFAULT_REVIEW_RATINGS: tuple[float, ...] = tuple(_DEFAULTS.review_rating_prob)
DEFAULT_COSTS: tuple[tuple[float, ...], ...] = tuple(
    tuple(row) for row in _DEFAULTS.state_rating_costs
)
"""Seconds per answer: rows learning, review, relearning; columns Again, Hard, Good, Easy."""


@dataclass(frozen=True)
class Workload:
    """What the simulation assumes about a person's studying.

    Attributes:
        cards: How many cards the simulated deck holds.
        new_per_day: New cards introduced per day.
        reviews_per_day: Most reviews done per day.
        maximum_interval_days: The longest interval.
        learning_steps: Number of learning steps.
        relearning_steps: Number of relearning steps.
        first_ratings: Chance of Again, Hard, Good, Easy on a card's first answer.
        review_ratings: Chance of Hard, Good, Easy when a review is recalled.
        costs: Seconds per answer (see :data:`DEFAULT_COSTS`).
        days: How many days are simulated.
    """

    cards: int
    new_per_day: int
    reviews_per_day: int
    maximum_interval_days: int
    learning_steps: int = 2
    relearning_steps: int = 1
    first_ratings: tuple[float, ...] = DEFAULT_FIRST_RATINGS
    review_ratings: tuple[float, ...] = DEFAULT_REVIEW_RATINGS
    costs: tuple[tuple[float, ...], ...] = field(default=DEFAULT_COSTS)
    days: int = SIMULATED_DAYS


@dataclass(frozen=True)
class RetentionRow:
    """The simulated outcome of one desired retention.

    Attributes:
        retention: The desired retention simulated.
        minutes_per_day: Average study time per day over the simulated days.
        reviews_per_day: Average answers per day (reviews and new cards).
        remembered: Cards one would recall on the last simulated day (expected count).
    """

    retention: float
    minutes_per_day: float
    reviews_per_day: float
    remembered: float


def retention_table(
    parameters: Sequence[float], workload: Workload, retentions: Sequence[float] = RETENTIONS
) -> list[RetentionRow]:
    """Simulates each retention with ``parameters``; rows in the order of ``retentions``."""
    config = default_simulator_config()
    config.deck_size = workload.cards
    config.learn_span = workload.days
    config.learn_limit = workload.new_per_day
    config.review_limit = workload.reviews_per_day
    config.max_ivl = float(workload.maximum_interval_days)
    config.max_cost_perday = 24 * 3600.0  # the review limit is the only daily cap
    config.learning_step_count = workload.learning_steps
    config.relearning_step_count = workload.relearning_steps
    config.first_rating_prob = list(workload.first_ratings)
    config.review_rating_prob = list(workload.review_ratings)
    config.state_rating_costs = [list(row) for row in workload.costs]
    rows = []
    for retention in retentions:
        result = simulate(list(parameters), retention, config, SEED)
        answers = sum(result.review_cnt_per_day) + sum(result.learn_cnt_per_day)
        rows.append(
            RetentionRow(
                retention=retention,
                minutes_per_day=sum(result.cost_per_day) / workload.days / 60,
                reviews_per_day=answers / workload.days,
                remembered=float(result.memorized_cnt_per_day[-1]),
            )
        )
    return rows
