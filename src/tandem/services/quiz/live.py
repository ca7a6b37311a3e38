"""Provides the tandem quiz: one partner asks and grades, the other answers; roles swap.

The quiz lives in the database (table ``quizzes``), so a partner in a second terminal can
join it and both screens follow it by polling ``PRAGMA data_version``. Whoever is the asker
drives it; only the answerer's memory state changes, and every review names the asker as
its grader.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from tandem.models import NotFoundError, Rating, StudyCard, TandemError
from tandem.services.context import Context
from tandem.services.quiz.results import Graded, QuizResults, QuizScope
from tandem.services.study.session import StudySession
from tandem.storage.quizzes import GradeRow, QuizRow
from tandem.storage.scope import PartnerScope

PRESENCE_TIMEOUT = timedelta(seconds=6)
"""A partner whose terminal has not checked in for this long counts as gone."""


class Quiz:
    """One quiz between two partners, as seen from one terminal."""

    def __init__(self, ctx: Context, quiz_id: int) -> None:
        self.ctx = ctx
        self.repo = ctx.quizzes
        row = self.repo.get(quiz_id)
        if row is None:
            raise NotFoundError(f"no quiz {quiz_id}")
        self.row = row
        self._sessions: dict[str, StudySession] = {}
        self._undo: list[tuple[GradeRow, QuizRow]] = []
        self._seen = ctx.store.data_version()
        self._card: StudyCard | None = None

    # -- what both screens show ----------------------------------------------------------
    @property
    def id(self) -> int:
        return self.row.id

    @property
    def asker(self) -> str:
        return self.row.asker

    @property
    def answerer(self) -> str:
        return self.row.answerer

    @property
    def since_swap(self) -> int:
        return self.row.since_swap

    @property
    def swap_every(self) -> int:
        return self.row.swap_every

    @property
    def scope(self) -> QuizScope:
        return QuizScope(self.row.scope)

    @property
    def version(self) -> int:
        """Grows with every change of the quiz, from either terminal."""
        return self.row.version

    @property
    def has_card(self) -> bool:
        """A card is on the table (dealt and not graded yet)."""
        return self.row.card is not None

    @property
    def tries(self) -> int:
        return self.row.tries

    @property
    def revealed(self) -> bool:
        return self.row.revealed

    @property
    def ended(self) -> bool:
        return self.row.status == "ended"

    @property
    def current(self) -> StudyCard | None:
        """The card on the table, rendered for the answerer."""
        key = self.row.card
        if key is None:
            return None
        if self._card is None or self._card.key != key:
            self._card = self.session(self.answerer).card(key)
        return self._card

    def refresh(self) -> bool:
        """Re-reads the quiz if another terminal changed the database; True if it changed."""
        version = self.ctx.store.data_version()
        if version == self._seen:
            return False
        self._seen = version
        row = self.repo.get(self.id)
        assert row is not None
        changed = row.version != self.row.version
        self._take(row)
        return changed

    def check_in(self, person: str) -> None:
        """Tells the partner's terminal that ``person`` is here (call every few seconds)."""
        with self.ctx.store.write():
            self.repo.mark_present(self.id, person, self.ctx.clock.now())

    def connected(self, person: str) -> bool:
        seen = self.repo.seen_at(self.id, person)
        return seen is not None and self.ctx.clock.now() - seen <= PRESENCE_TIMEOUT

    # -- what the asker does -------------------------------------------------------------
    def session(self, answerer: str) -> StudySession:
        """The sitting of ``answerer`` in this terminal (it keeps this terminal's undo)."""
        if answerer not in self._sessions:
            asker = (
                self.row.partners[0] if answerer == self.row.partners[1] else self.row.partners[1]
            )
            scoped = self.row.scope == QuizScope.PARTNERS
            self._sessions[answerer] = StudySession(
                self.ctx, answerer, asker, self.ctx.clock.now(),
                scope=PartnerScope(asker, answerer) if scoped else None,
            )  # fmt: skip
        return self._sessions[answerer]

    def next_card(self) -> StudyCard | None:
        """Puts the answerer's next shared card on the table (None when none is left)."""
        with self.ctx.store.write():
            self._reload()
            card = self.session(self.answerer).next_card()
            self._save(card=card.key if card else None, revealed=False, tries=1)
        return self.current

    def ask_all(self) -> StudyCard | None:
        """Widens the quiz to every card in the answerer's queue (not only the cards the
        partners share), on both terminals, then deals the next card. Grades made before
        can no longer be undone (the sittings are read again with the new scope)."""
        with self.ctx.store.write():  # one change: the partner never sees a wider, empty quiz
            self._change(scope=str(QuizScope.ALL))
            return self.next_card()

    def reveal(self, shown: bool = True) -> None:
        """Shows the answer on the answerer's screen (or hides it again)."""
        self._change(revealed=shown)

    def second_try(self) -> None:
        """Lets the answerer try the current card once more before it is graded."""
        with self.ctx.store.write():
            self._reload()
            if self.row.card is None:
                raise TandemError("no card to try again")
            self._save(tries=self.row.tries + 1, revealed=False)

    def grade(self, rating: Rating, duration_ms: int | None = None) -> bool:
        """Records the asker's grade for the answerer. Returns whether the roles swapped."""
        with self.ctx.store.write():
            self._reload()
            before = self.row
            if before.card is None:
                raise TandemError("no card to grade")
            session = self.session(before.answerer)
            answered = session.answer(before.card, rating, duration_ms)
            grade = GradeRow(answered.review_id, before.answerer, before.asker, before.card,
                             int(rating), before.tries)  # fmt: skip
            self.repo.add_grade(self.id, grade)
            swap = before.since_swap + 1 >= before.swap_every
            self._save(
                card=None, revealed=True, tries=1, since_swap=0 if swap else before.since_swap + 1,
                asker=before.answerer if swap else before.asker,
                answerer=before.asker if swap else before.answerer,
            )  # fmt: skip
        self._undo.append((grade, before))
        return swap

    def swap(self) -> None:
        """Swaps asker and answerer now."""
        self._change(asker=self.row.answerer, answerer=self.row.asker, since_swap=0, card=None)

    def end(self) -> None:
        """Ends the quiz for both terminals."""
        self._change(status="ended", card=None)

    def undo(self) -> Graded | None:
        """Takes back this terminal's last grade (and the swap it caused); asks that card again."""
        if not self._undo:
            return None
        grade, before = self._undo[-1]
        with self.ctx.store.write():
            self._reload()
            self.session(grade.answerer).undo()
            self.repo.remove_grade(self.id, grade.review_id)
            self._save(
                asker=before.asker, answerer=before.answerer, since_swap=before.since_swap,
                card=before.card, revealed=True, tries=before.tries,
            )  # fmt: skip
        self._undo.pop()
        return self._graded(grade)

    def previews(self) -> dict[Rating, timedelta]:
        if self.row.card is None:
            return {}
        return self.session(self.answerer).previews(self.row.card)

    @property
    def results(self) -> QuizResults:
        """Every grade of the quiz, from both terminals, in order."""
        return QuizResults([self._graded(g) for g in self.repo.grades(self.id)])

    # -- helpers -------------------------------------------------------------------------
    def _graded(self, grade: GradeRow) -> Graded:
        question = self.session(grade.answerer).card(grade.card).question
        return Graded(grade.answerer, grade.asker, grade.card, question, Rating(grade.rating),
                      grade.tries)  # fmt: skip

    def _reload(self) -> None:
        row = self.repo.get(self.id)
        assert row is not None
        self._take(row)
        if row.status == "ended":
            raise TandemError("the quiz has ended")

    def _take(self, row: QuizRow) -> None:
        """Keeps ``row`` as the quiz; a sitting read with another scope is read again."""
        if row.scope != self.row.scope:
            self._sessions.clear()
            self._undo.clear()  # the undo of a grade lives in the sitting that made it
        self.row = row

    def _change(self, **changes: object) -> None:
        with self.ctx.store.write():
            self._reload()
            self._save(**changes)

    def _save(self, **changes: Any) -> None:
        self._take(self.repo.save(replace(self.row, **changes), self.ctx.clock.now()))
