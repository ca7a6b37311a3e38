"""Provides the card view: the question, and the answer below a rule once revealed."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Rule

from tandem.tui.widgets.card_side import CardSide

if TYPE_CHECKING:
    from tandem.tui.widgets.card_images import MediaReader

_SCROLLS = [  # keys, where, description
    ("down,j", "down", "Scroll down"),
    ("up,k", "up", "Scroll up"),
    ("pagedown", "page_down", "Page down"),
    ("pageup", "page_up", "Page up"),
    ("home", "home", "Top of card"),
    ("end", "end", "End of card"),
]


def scroll_bindings(screen: str) -> list[Binding]:
    """Keys that scroll a long card, for a screen whose ``action_scroll(where)`` calls
    ``CardView.scroll_card``: not in the footer (``?`` lists them)."""
    return [
        Binding(keys, f"scroll('{where}')", text, id=f"{screen}.scroll_{where}", show=False)
        for keys, where, text in _SCROLLS
    ]


class CardView(VerticalScroll, can_focus=False):
    """Shows one card. Card text is data: only ever rendered as ``Content`` or Markdown."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._answer_text = ""
        self._answer_shown: str | None = None
        self._media: MediaReader | None = None
        self._answer_media: MediaReader | None = None
        self._revealed = False
        self._answer_lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield CardSide(id="question")
        yield Rule(id="divider")
        yield CardSide(id="answer")

    @property
    def revealed(self) -> bool:
        return self._revealed

    @property
    def question(self) -> str:
        """The Markdown source of the question shown."""
        return self.query_one("#question", CardSide).source

    def scroll_card(self, where: str) -> None:
        """Scrolls ``down``, ``up``, ``page_down``, ``page_up``, ``home`` or ``end``."""
        getattr(self, f"scroll_{where}")(animate=False)

    def _set_revealed(self, revealed: bool) -> None:
        # Visibility, not display: the hidden answer keeps its place (rendered ahead by
        # ``prepare_answer``), so a reveal repaints and moves nothing.
        self._revealed = revealed
        self.query_one("#divider").visible = revealed
        self.query_one("#answer").visible = revealed

    async def show_question(
        self, question: str, answer: str, media: MediaReader | None = None
    ) -> None:
        """Shows a new card's front; its answer is rendered by ``prepare_answer`` or ``reveal``.

        ``media`` reads the card's media files (its images are drawn); None: not drawn.
        """
        self._set_revealed(False)
        self._answer_text = answer
        self._media = media
        await self.query_one("#question", CardSide).show(question, media)
        self.scroll_home(animate=False)

    async def prepare_answer(self) -> None:
        """Renders the answer while it is hidden (call it once the question is on screen)."""
        async with self._answer_lock:  # a reveal waits for a render under way
            if self._answer_shown != self._answer_text or self._answer_media != self._media:
                answer, media = self._answer_text, self._media
                await self.query_one("#answer", CardSide).show(answer, media)
                self._answer_shown, self._answer_media = answer, media

    async def reveal(self) -> None:
        """Shows the answer under the question (rendered now, unless it was prepared)."""
        await self.prepare_answer()
        self._set_revealed(True)
