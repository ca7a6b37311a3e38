"""Provides what a quiz asks (its scope) and what it gave: the graded answers, compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tandem.models import Rating


class QuizScope(StrEnum):
    """Which cards a quiz asks."""

    PARTNERS = "partners"
    """Written by the asker, or in session logs both partners attended (the default)."""
    ALL = "all"
    """Every card of the answerer's queue."""


@dataclass(frozen=True)
class Graded:
    """One graded answer of the quiz."""

    answerer: str
    asker: str
    card: str
    question: str
    rating: Rating
    tries: int


@dataclass
class QuizResults:
    """What the end screen compares."""

    graded: list[Graded] = field(default_factory=list)

    def right(self, person: str) -> list[Graded]:
        """Cards ``person`` knew the first time they were asked in this quiz."""
        first: dict[str, Graded] = {}
        for graded in self.graded:
            if graded.answerer == person:
                first.setdefault(graded.card, graded)
        return [g for g in first.values() if g.rating is not Rating.AGAIN]

    def missed(self, person: str) -> list[Graded]:
        """Cards ``person`` was graded Again on, at least once."""
        missed: dict[str, Graded] = {}
        for graded in self.graded:
            if graded.answerer == person and graded.rating is Rating.AGAIN:
                missed.setdefault(graded.card, graded)
        return list(missed.values())

    def both_missed(self, first: str, second: str) -> list[str]:
        """Questions both partners missed: the list to talk about."""
        other = {g.card for g in self.missed(second)}
        return [g.question for g in self.missed(first) if g.card in other]
