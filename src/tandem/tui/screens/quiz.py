"""Provides the quiz screen: the asker's view (question, answer, grades) or the answerer's.

The quiz lives in the database: the screen polls it (``tandem.tui.quiz_polling``) and redraws
from its state, so both terminals show the same thing. Which view a terminal shows and what
is in it are ``tandem.tui.quiz_views``; the drawing is the ``QuizBoard`` widget's. The screen
owns the keys: the asker's changes to the quiz, and ending or leaving it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive

from tandem.models import Rating, TandemError
from tandem.services.quiz.live import Quiz
from tandem.services.quiz.results import Graded, QuizScope
from tandem.tui.quiz_polling import QuizPolling
from tandem.tui.quiz_views import read_frame, view_for
from tandem.tui.screens.quiz_dialogs import QuizConfirmScreen
from tandem.tui.screens.quiz_end import QuizEndScreen
from tandem.tui.syncing import SyncStatus
from tandem.tui.toasts import ToastsStayHere
from tandem.tui.widgets.footer import KeyFooter
from tandem.tui.widgets.quiz_board import QuizBoard, View
from tandem.tui.widgets.rating import RatingBar

if TYPE_CHECKING:
    from tandem.tui.app import TandemApp

_CARD_ACTIONS = frozenset({"reveal", "grade", "second_try", "hide"})
_ASKER_ACTIONS = _CARD_ACTIONS | {"swap", "undo", "next", "ask_all", "end_quiz"}
_ANSWERER_ACTIONS = frozenset({"leave", "end"})


class QuizScreen(ToastsStayHere):
    """A quiz between two partners, as one terminal shows it."""

    CSS_PATH = "../quiz.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Reveal", id="quiz.reveal"),
        Binding("1", "grade(1)", "Grade", id="quiz.again", key_display="1-4"),
        Binding("2", "grade(2)", "Hard", id="quiz.hard", show=False),
        Binding("3", "grade(3)", "Good", id="quiz.good", show=False),
        Binding("4", "grade(4)", "Easy", id="quiz.easy", show=False),
        Binding("r", "second_try", "Retry", id="quiz.second_try"),
        Binding("h", "hide", "Hide", id="quiz.hide"),
        Binding("w", "swap", "Swap", id="quiz.swap"),
        Binding("u", "undo", "Undo", id="quiz.undo"),
        Binding("n", "next", "Next", id="quiz.next"),
        Binding("a", "ask_all", "All cards", id="quiz.ask_all"),
        Binding("escape,q", "end_quiz", "End", id="quiz.end_quiz"),
        Binding("escape,q", "leave", "Leave", id="quiz.leave"),
        Binding("e", "end", "End for both", id="quiz.end"),
    ]

    view: reactive[View] = reactive("asker", bindings=True)
    """Whose view this terminal shows now."""

    def __init__(self, quiz: Quiz, me: str | None = None) -> None:
        super().__init__()
        self.quiz = quiz
        self.me = me
        self.hide_answer = False
        """The asker hid the answer on this screen (when sharing it)."""
        self.shown_at = time.monotonic()
        self.polling = QuizPolling(self, quiz, me or quiz.asker, self.show_state)
        """Follows the other terminal's changes, and tells it this one is here."""
        self._shown_asker: str | None = None
        self._last_shown: tuple[int, View] | None = None
        self._finished = False

    @property
    def tandem(self) -> TandemApp:
        return self.app  # type: ignore[return-value]  # Screen.app is typed App; it is ours

    def compose(self) -> ComposeResult:
        yield QuizBoard(id="quiz-board")
        yield KeyFooter(compact=True)

    async def on_mount(self) -> None:
        self.query_one(QuizBoard).read_media = self.tandem.services.read_media
        self.polling.start()
        self.watch(self.tandem, "sync_status", self._sync_changed, init=False)
        await self.show_state()
        await self._deal_if_empty()

    async def on_screen_resume(self) -> None:
        if self.is_mounted and not self._finished:
            self.quiz.refresh()
            await self.show_state()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _ASKER_ACTIONS and self.view != "asker":
            return False
        if action in _ANSWERER_ACTIONS and self.view != "answerer":
            return False
        has_card = self.quiz.has_card
        if action == "next":
            return not has_card
        if action == "ask_all":
            return not has_card and self.quiz.scope is QuizScope.PARTNERS
        return has_card if action in _CARD_ACTIONS else True

    # following the quiz ----------------------------------------------------------------------
    async def _sync_changed(self, status: SyncStatus) -> None:
        if not status.running:
            await self._deal_if_empty()

    async def _deal_if_empty(self) -> None:
        """Puts a card on the table when none is, and this terminal asks."""
        if self.view == "asker" and not self.quiz.ended and not self.quiz.has_card:
            await self._act(self.quiz.next_card)

    async def show_state(self) -> None:
        """Shows the quiz as the database has it: roles, card, what the answerer sees."""
        quiz = self.quiz
        if quiz.ended:
            self._finish()
            return
        self.view = view_for(self.me, quiz.answerer, quiz.connected(quiz.asker))
        if self._shown_asker not in (None, quiz.asker):
            told = f"Roles swap: {quiz.asker} asks, {quiz.answerer} answers."
            self.notify(told, title="Swap", markup=False)
        self._shown_asker = quiz.asker
        shown = (quiz.version, self.view)
        with_last, self._last_shown = shown != self._last_shown, shown
        frame = read_frame(quiz, self.view, self.me, hidden=self.hide_answer, with_last=with_last)
        await self.query_one(QuizBoard).show(frame)
        self.refresh_bindings()

    def _finish(self) -> None:
        """The quiz ended (here or on the other terminal): the results replace this screen."""
        if self._finished:
            return
        self._finished = True
        self.polling.stop()
        first, second = sorted((self.quiz.asker, self.quiz.answerer))
        partners = (first, second)
        quits = self.tandem.quiz_only
        end = QuizEndScreen(self.quiz.results, partners, quits=quits)
        if quits:  # the app's first screen cannot be switched away; nothing goes back to it
            self.app.push_screen(end)
        else:
            self.app.switch_screen(end)

    # the asker's actions ---------------------------------------------------------------------
    async def _act(self, change: Callable[[], object]) -> bool:
        """Runs one quiz change, then redraws; an error (e.g. the quiz ended) is shown."""
        try:
            change()
        except TandemError as error:
            self.notify(error.message, title="Quiz", severity="error", markup=False)
            self.quiz.refresh()
            await self.show_state()
            return False
        await self.show_state()
        return True

    async def action_reveal(self) -> None:
        await self._act(lambda: self.quiz.reveal(not self.quiz.revealed))

    async def action_grade(self, value: int) -> None:
        if not self.quiz.has_card or self.view != "asker":
            return
        duration_ms = int((time.monotonic() - self.shown_at) * 1000)

        def grade() -> None:
            self.quiz.grade(Rating(value), duration_ms)  # the header shows a swap
            self.quiz.next_card()

        if await self._act(grade):
            self.shown_at = time.monotonic()

    @on(RatingBar.Rated)
    async def _rated(self, event: RatingBar.Rated) -> None:
        await self.action_grade(int(event.rating))

    async def action_second_try(self) -> None:
        await self._act(self.quiz.second_try)

    async def action_hide(self) -> None:
        self.hide_answer = not self.hide_answer
        await self.show_state()

    async def action_swap(self) -> None:
        def swap() -> None:
            self.quiz.swap()
            self.quiz.next_card()

        await self._act(swap)

    async def action_undo(self) -> None:
        undone: list[Graded | None] = []
        if not await self._act(lambda: undone.append(self.quiz.undo())):
            return
        if not undone or undone[0] is None:
            self.notify("Nothing to undo on this terminal.", markup=False)
            return
        graded = undone[0]
        told = f"Undone: {graded.answerer}'s {graded.rating.label}. The card is back."
        self.notify(told, title="Undo", markup=False)

    async def action_next(self) -> None:
        if await self._act(self.quiz.next_card) and not self.quiz.has_card:
            self.notify("Still no card to ask.", markup=False)

    async def action_ask_all(self) -> None:
        if await self._act(self.quiz.ask_all) and not self.quiz.has_card:
            self.notify(f"Nothing is due for {self.quiz.answerer} at all.", markup=False)

    # ending and leaving ----------------------------------------------------------------------
    def action_end_quiz(self) -> None:
        question = "End the quiz for both partners?"
        self.app.push_screen(QuizConfirmScreen(question), self._end_confirmed)

    def action_end(self) -> None:
        self.action_end_quiz()

    def _end_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            self.quiz.end()
        except TandemError:
            self.quiz.refresh()  # the other terminal ended it first
        self._finish()

    def action_leave(self) -> None:
        """The answerer leaves; the quiz goes on (the asker can end it or go on alone)."""
        if self.tandem.quiz_only:
            self.app.exit()
        else:
            self.dismiss(None)
