"""Provides one side of a card: a plain paragraph in a ``Static``, anything else as Markdown,
with its images drawn where the author put them (``image_tokens``, ``card_images``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tandem.tui.plain import plain_paragraph

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

    from tandem.tui.widgets.card_images import CardMarkdown, MediaReader


def card_parser() -> MarkdownIt:
    """Textual's "gfm-like" parser, raw HTML off (``<script>`` is shown as typed, not
    dropped), and a line break kept where the author made one (as Anki shows cards: a list
    of words one per line stays one per line); every image in a block of its own, to be drawn
    (``image_tokens``)."""
    from markdown_it import MarkdownIt

    from tandem.tui.widgets.image_tokens import images_as_blocks

    parser = MarkdownIt("gfm-like", {"html": False, "breaks": True})
    # ``breaks`` tells markdown-it's HTML renderer; Textual's widget reads the tokens.
    parser.core.ruler.push("line_breaks_kept", _keep_line_breaks)
    parser.core.ruler.push("images_as_blocks", images_as_blocks)
    return parser


def _keep_line_breaks(state: StateCore) -> None:
    """Every soft line break inside a paragraph becomes a hard one."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "softbreak":
                child.type = "hardbreak"


class CardSide(Widget):
    """A question or an answer. Card text is data: shown as ``Content`` or Markdown, links inert.

    Plain text (most cards) updates one ``Static`` in place: no parsing, no re-mounting, and
    the ``Markdown`` widget is only imported and mounted for the first card that needs it.
    """

    DEFAULT_CSS = """
    CardSide {
        height: auto;
    }
    CardSide > .plain {
        width: 1fr;
        margin: 0 0 1 0;  /* as Markdown spaces a paragraph */
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._source = ""
        self._plain = Static(classes="plain", expand=True, markup=False)
        self._markdown: CardMarkdown | None = None

    def compose(self) -> ComposeResult:
        yield self._plain

    @property
    def source(self) -> str:
        """The card text shown (Markdown source)."""
        return self._source

    async def show(self, text: str, media: MediaReader | None = None) -> None:
        """Shows ``text``: as a plain paragraph when it has no Markdown in it; with
        ``media`` (reads the card's media files), its images drawn, else their alt text."""
        self._source = text
        plain = plain_paragraph(text)
        if plain is not None:
            self._plain.update(Content(plain))
            self._plain.display = True
            if self._markdown is not None:
                self._markdown.display = False
            return
        markdown = await self._markdown_view()
        if markdown is None:  # taken off screen (the app is closing): nothing to show it in
            return
        markdown.media = media
        await markdown.update(text)
        markdown.display = True
        self._plain.display = False

    async def _markdown_view(self) -> CardMarkdown | None:
        if self._markdown is None:
            from tandem.tui.widgets.card_images import CardMarkdown

            if not self.is_attached:
                return None
            self._markdown = CardMarkdown(open_links=False, parser_factory=card_parser)
            await self.mount(self._markdown)
        return self._markdown
