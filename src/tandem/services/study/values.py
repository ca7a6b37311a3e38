"""Provides what a sitting tells its callers: the counts left, an answer made, an action undone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tandem.models import CardState, Rating


@dataclass(frozen=True)
class QueueCounts:
    """What is left today for one person, daily limits applied."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True)
class Answered:
    """What one answer did: the review it added to the log and the card's new state."""

    review_id: str
    card: str
    rating: Rating
    at: datetime
    memory: CardState
    """The card's memory state after the answer; ``memory.due`` is when it comes back."""
    leech: bool = False
    """The answer made the card a leech: it is suspended for this person."""

    @property
    def due(self) -> datetime:
        assert self.memory.due is not None
        return self.memory.due


@dataclass(frozen=True)
class Undone:
    """An action of the sitting taken back: ``action`` is answer, suspend, unsuspend or bury."""

    action: str
    card: str
    review_id: str | None = None
    """The review removed from the log (an answer's)."""
