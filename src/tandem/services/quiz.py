"""Provides the tandem quiz: one partner asks and grades, the other answers; roles swap."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from tandem.models import Rating, StudyCard, TandemError
from tandem.services.context import Context
from tandem.services.study import StudySession
from tandem.storage import PartnerScope

DEFAULT_SWAP_EVERY = 10


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


class Quiz:
    """A quiz between two partners on one database.

    Only the answerer's memory state changes; every review records the asker as grader.
    """

    def __init__(
        self,
        ctx: Context,
        asker: str,
        answerer: str,
        *,
        swap_every: int = DEFAULT_SWAP_EVERY,
        scope: QuizScope = QuizScope.PARTNERS,
    ) -> None:
        if asker == answerer:
            raise TandemError("a quiz needs two different people")
        ctx.person(asker)
        ctx.person(answerer)
        self.ctx = ctx
        self.swap_every = swap_every
        self.scope = scope
        self.asker, self.answerer = asker, answerer
        self.partners = (asker, answerer)
        self._sessions: dict[str, StudySession] = {}
        self.results = QuizResults()
        self.since_swap = 0
        self.tries = 1
        self._history: list[tuple[str, int]] = []  # (answerer, since_swap before) per grade
        self.current: StudyCard | None = None

    def session(self, answerer: str) -> StudySession:
        if answerer not in self._sessions:
            asker = self.partners[0] if answerer == self.partners[1] else self.partners[1]
            scope = PartnerScope(asker, answerer) if self.scope is QuizScope.PARTNERS else None
            self._sessions[answerer] = StudySession(
                self.ctx, answerer, asker, self.ctx.clock.now(), scope=scope
            )
        return self._sessions[answerer]

    def next_card(self) -> StudyCard | None:
        """The answerer's next shared card (None when they have nothing left)."""
        self.current = self.session(self.answerer).next_card()
        self.tries = 1
        return self.current

    def second_try(self) -> None:
        """Lets the answerer try the current card once more before it is graded."""
        if self.current is None:
            raise TandemError("no card to try again")
        self.tries += 1

    def grade(self, rating: Rating, duration_ms: int | None = None) -> bool:
        """Records the asker's grade for the answerer. Returns whether the roles swapped."""
        card = self.current
        if card is None:
            raise TandemError("no card to grade")
        self.session(self.answerer).answer(card.key, rating, duration_ms)
        self.results.graded.append(
            Graded(self.answerer, self.asker, card.key, card.question, rating, self.tries)
        )
        self._history.append((self.answerer, self.since_swap))
        self.since_swap += 1
        self.current = None
        if self.since_swap >= self.swap_every:
            self.swap()
            return True
        return False

    def swap(self) -> None:
        """Swaps asker and answerer now."""
        self.asker, self.answerer = self.answerer, self.asker
        self.since_swap = 0
        self.current = None

    def undo(self) -> Graded | None:
        """Takes back the last grade (and a swap it caused); that card is asked again."""
        if not self._history:
            return None
        answerer, since_swap = self._history[-1]
        step = self.session(answerer).undo()
        if step is None:
            return None
        self._history.pop()
        graded = self.results.graded.pop()
        if answerer != self.answerer:
            self.asker, self.answerer = self.answerer, self.asker
        self.since_swap = since_swap
        self.current = self.session(answerer).card(graded.card)
        return graded

    def previews(self) -> dict[Rating, timedelta]:
        if self.current is None:
            return {}
        return dict(self.session(self.answerer).previews(self.current.key))
