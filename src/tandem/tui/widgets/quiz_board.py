"""Provides ``QuizBoard``: one terminal's view of a quiz, drawn from a ``QuizFrame``.

The quiz screen reads the quiz (through the services) into a frame; the board only draws it:
who asks and who answers, the card with its answer as this terminal shows it, what the
partner sees now, the grade buttons (the asker's view only) and the last grade given.
Clicking a grade button posts ``RatingBar.Rated``, which bubbles up to the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tandem.models import Rating, StudyCard
from tandem.tui.widgets.card import CardView
from tandem.tui.widgets.quiz_header import QuizHeader
from tandem.tui.widgets.quiz_status import answerer_status, asker_status
from tandem.tui.widgets.rating import RatingBar

if TYPE_CHECKING:
    from tandem.tui.widgets.card_images import MediaFile

View = Literal["asker", "answerer"]
"""The asker's view (card, answer, grades) or the answerer's (the card as the asker shows it)."""


@dataclass(frozen=True)
class QuizFrame:
    """What one terminal shows of the quiz at one moment."""

    view: View
    asker: str
    answerer: str
    until_swap: int
    """Cards left before the roles swap."""
    partner: str | None
    """The other partner, on a terminal that belongs to one of them (None: shared)."""
    connected: bool
    """The partner's terminal is there."""
    card: StudyCard | None
    answer_shown: bool
    """The answer is shown on this terminal."""
    revealed: bool
    """The asker shows the answer to the answerer."""
    tries: int
    hidden: bool
    """The asker hid the answer on this terminal (when sharing the screen)."""
    previews: Mapping[Rating, timedelta]
    """The interval each grade would give (the asker's view)."""
    last: Content | None
    """The last grade given, or None when it is the one shown already."""
    shared_only: bool = False
    """The quiz asks only the cards the partners share (``a`` widens it)."""


class QuizBoard(Vertical):
    """The quiz as one terminal shows it, above the footer."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._shown_key: str | None = None
        self.read_media: Callable[[str, str], MediaFile] | None = None
        """Reads a card's media file (deck path, name); set by the screen (None: no images)."""

    def compose(self) -> ComposeResult:
        yield QuizHeader(id="quiz-header")
        yield CardView(id="card")
        yield Static(id="quiz-status", markup=False)
        yield RatingBar(id="ratings")
        yield Static(id="quiz-last", markup=False)

    async def show(self, frame: QuizFrame) -> None:
        """Draws ``frame``; a card already shown is kept (only its answer shows or hides)."""
        self.query_one(QuizHeader).show(
            frame.asker, frame.answerer, frame.until_swap, frame.partner, frame.connected
        )
        await self._show_card(frame)
        self.query_one("#quiz-status", Static).update(status(frame))
        if frame.last is not None:
            last = self.query_one("#quiz-last", Static)
            last.update(frame.last)
            last.display = bool(frame.last)

    async def _show_card(self, frame: QuizFrame) -> None:
        card, card_view, ratings = frame.card, self.query_one(CardView), self.query_one(RatingBar)
        card_view.display = card is not None
        ratings.display = frame.view == "asker" and card is not None
        if card is None:
            self._shown_key = None
            return
        if card.key != self._shown_key or (card_view.revealed and not frame.answer_shown):
            media = partial(self.read_media, card.deck_path) if self.read_media else None
            await card_view.show_question(card.question, card.answer, media)
            self._shown_key = card.key
        if frame.answer_shown and not card_view.revealed:
            await card_view.reveal()
        if frame.view == "asker":
            ratings.set_previews(frame.previews)


def status(frame: QuizFrame) -> Content:
    """The line under the card: what the partner sees now, and how to change it."""
    has_card = frame.card is not None
    if frame.view == "asker":
        return asker_status(
            frame.answerer, has_card, frame.revealed, frame.tries, frame.hidden,
            shared=frame.shared_only,
        )  # fmt: skip
    return answerer_status(frame.asker, has_card, frame.revealed, frame.tries)
