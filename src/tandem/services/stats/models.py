"""Provides the figures of ``svc.stats`` as plain frozen dataclasses (for the CLI and the TUI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

YOUNG_MATURE_DAYS = 21
"""A review tests a mature card when at least this many study days passed since the last one
(``storage.schema.MATURE_GAP``, which the stored per-day sums count with)."""


@dataclass(frozen=True)
class DayActivity:
    """One study day: how many reviews, and how long they took (``duration_ms`` summed)."""

    day: date
    reviews: int
    duration_ms: int
    cram: int = 0
    """How many of ``reviews`` were cramming (answers that scheduled nothing)."""


@dataclass(frozen=True)
class Activity:
    """Reviews per study day from ``start`` to ``end`` (both included), one entry per day."""

    start: date
    end: date
    days: tuple[DayActivity, ...]

    @property
    def reviews(self) -> int:
        return sum(d.reviews for d in self.days)

    @property
    def duration_ms(self) -> int:
        return sum(d.duration_ms for d in self.days)

    @property
    def cram(self) -> int:
        """How many of the reviews were cramming."""
        return sum(d.cram for d in self.days)

    @property
    def days_studied(self) -> int:
        return sum(1 for d in self.days if d.reviews)

    @property
    def reviews_per_study_day(self) -> float | None:
        """Mean reviews on the days with any review (``None`` without any)."""
        studied = self.days_studied
        return self.reviews / studied if studied else None


@dataclass(frozen=True)
class DayCount:
    """A number of cards on one study day (the due forecast)."""

    day: date
    cards: int


@dataclass(frozen=True)
class Tally:
    """Reviews of cards in review state, and how many of them were not answered Again."""

    reviews: int = 0
    passed: int = 0

    @property
    def rate(self) -> float | None:
        """The true retention, ``passed / reviews`` (``None`` without reviews)."""
        return self.passed / self.reviews if self.reviews else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.reviews + other.reviews, self.passed + other.passed)


@dataclass(frozen=True)
class Retention:
    """True retention over the last ``days`` study days, young and mature, against a target."""

    days: int
    young: Tally
    mature: Tally
    target: float

    @property
    def total(self) -> Tally:
        return self.young + self.mature


@dataclass(frozen=True)
class StateCounts:
    """Active cards by FSRS state (these four sum to ``total``); flags counted on top."""

    total: int
    new: int
    learning: int
    review: int
    relearning: int
    suspended: int
    buried: int
    leech: int


@dataclass(frozen=True)
class Streak:
    """Consecutive study days with a review, ending today (or yesterday if not yet today)."""

    days: int
    last_day: date | None
    studied_today: bool


@dataclass(frozen=True)
class CardFigure:
    """A card in a list of figures: its key, prompt (user text), deck and counts."""

    key: str
    prompt: str
    deck: str
    lapses: int = 0
    reps: int = 0
    again: int = 0
    leech: bool = False


@dataclass(frozen=True)
class CardGroup:
    """How many cards a group holds, and the first of them (``cards`` is capped)."""

    count: int
    cards: tuple[CardFigure, ...]


@dataclass(frozen=True)
class Calibration:
    """How ``person``'s own grades compare with a partner's grades of the same cards.

    Each partner-graded review is paired with the nearest solo review of the same card
    (see docs/stats.md); ``generous`` counts pairs where the self-grade was higher.
    """

    person: str
    grader: str | None
    pairs: int
    generous: int
    same: int
    stricter: int
    rating_difference: float | None
    """Mean of (self-grade - partner grade) over the pairs."""

    @property
    def generous_share(self) -> float | None:
        return self.generous / self.pairs if self.pairs else None


@dataclass(frozen=True)
class PersonStats:
    """Every figure of one person, as of ``today`` (their study day)."""

    person: str
    today: date
    activity: Activity
    forecast: tuple[DayCount, ...]
    retention: tuple[Retention, ...]
    counts: StateCounts
    streak: Streak
    hardest: tuple[CardFigure, ...]
    calibration: Calibration


@dataclass(frozen=True)
class PairStats:
    """What two partners know together, and how they grade each other."""

    a: str
    b: str
    both_know: CardGroup
    only_a_knows: CardGroup
    only_b_knows: CardGroup
    both_missing: CardGroup
    a_graded_by_b: int
    b_graded_by_a: int
    calibration_a: Calibration
    calibration_b: Calibration
