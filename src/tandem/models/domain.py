"""Provides the domain value objects: ratings, states, queues, card state, reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum


class Rating(IntEnum):
    """FSRS's four grades."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


class FsrsState(IntEnum):
    """Where a card is in its life for one person."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class ReviewKind(StrEnum):
    """What an entry of the review log is. Every kind stays in the log and in statistics;
    the kinds say which entries the memory model takes (Anki's rules, docs/scheduling.md)."""

    REVIEW = "review"
    """An answer."""
    RESTART = "restart"
    """An answer that starts the card's memory afresh: what came before it no longer counts
    (Anki: a learning answer after reviews, as an import brings it)."""
    CRAM = "cram"
    """An answer that schedules nothing (Anki: a filtered deck without rescheduling)."""
    RESET = "reset"
    """The card was made new again (Anki's Forget); it has no rating."""
    MANUAL = "manual"
    """The card's due date was set by hand (Anki's set due date, a "Manual" entry): it has
    no rating and a ``due``; the memory model leaves it out, only the due date moves."""


class Queue(IntEnum):
    """Which study queue a card sits in for one person (negative: not shown)."""

    NEW = 0
    LEARN = 1
    REVIEW = 2
    SUSPENDED = -1
    BURIED = -2
    RETIRED = -3


class CardKind(StrEnum):
    """The kinds of note a deck file holds."""

    BASIC = "basic"
    CLOZE = "cloze"


@dataclass(frozen=True, slots=True)
class CardState:
    """One person's memory state of one card (derived from their reviews)."""

    state: FsrsState = FsrsState.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    def scheduling_fields(self) -> tuple[object, ...]:
        """The fields that replaying the review log must reproduce exactly."""
        due = self.due if self.state is not FsrsState.NEW else None
        return (
            self.state,
            self.step,
            self.stability,
            self.difficulty,
            due,
            self.last_review,
            self.reps,
            self.lapses,
        )


MAX_DURATION_MS = 2**31 - 1
"""The longest time an answer is recorded as taking (24.8 days): a card left open longer
counts as this long, and a log line claiming more is refused."""


@dataclass(frozen=True, slots=True)
class Review:
    """One entry of the append-only review log: an answer (or a reset or a due date set by
    hand, without a rating)."""

    id: str
    card: str
    person: str
    rating: Rating | None
    at: datetime
    grader: str
    duration_ms: int | None = None
    kind: ReviewKind = ReviewKind.REVIEW
    due: datetime | None = None
    """When the card is due from then on: a ``manual`` entry's only, and always there."""


@dataclass(frozen=True, slots=True)
class StudyCard:
    """A card as a study screen shows it: texts already rendered for its side."""

    key: str
    note_id: str
    kind: CardKind
    question: str
    answer: str
    deck_title: str
    deck_path: str
    author: str | None
    tags: tuple[str, ...] = field(default_factory=tuple)
    state: CardState = field(default_factory=CardState)
