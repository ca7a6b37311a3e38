"""Provides the card view: the question as Markdown, and the answer below a rule once revealed."""

from __future__ import annotations

from markdown_it import MarkdownIt
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Rule


def card_parser() -> MarkdownIt:
    """Textual's "gfm-like" parser, raw HTML off: ``<script>`` is shown as typed, not dropped."""
    return MarkdownIt("gfm-like", {"html": False})


class CardView(VerticalScroll, can_focus=False):
    """Shows one card. Card text is data: it is only ever rendered as Markdown, links inert."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._answer_text = ""
        self._answer_shown: str | None = None
        self._revealed = False

    def compose(self) -> ComposeResult:
        yield Markdown("", id="question", open_links=False, parser_factory=card_parser)
        yield Rule(id="divider")
        yield Markdown("", id="answer", open_links=False, parser_factory=card_parser)

    @property
    def revealed(self) -> bool:
        return self._revealed

    def _set_revealed(self, revealed: bool) -> None:
        self._revealed = revealed
        self.query_one("#divider").display = revealed
        self.query_one("#answer").display = revealed

    async def show_question(self, question: str, answer: str) -> None:
        """Shows a new card's front; the answer is rendered only when revealed."""
        self._set_revealed(False)
        self._answer_text = answer
        await self.query_one("#question", Markdown).update(question)
        self.scroll_home(animate=False)

    async def reveal(self) -> None:
        """Shows the answer under the question."""
        if self._answer_shown != self._answer_text:
            await self.query_one("#answer", Markdown).update(self._answer_text)
            self._answer_shown = self._answer_text
        self._set_revealed(True)
