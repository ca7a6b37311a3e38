"""Provides one side of a card: a plain paragraph in a ``Static``, anything else as Markdown,
and the images of its paragraphs drawn between the Markdown pieces (``card_images``)."""

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
    from textual.containers import Vertical
    from textual.widgets import Markdown

    from tandem.tui.widgets.card_images import ImageRef, MediaReader


def card_parser() -> MarkdownIt:
    """Textual's "gfm-like" parser, raw HTML off (``<script>`` is shown as typed, not
    dropped), and a line break kept where the author made one (as Anki shows cards: a list
    of words one per line stays one per line)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like", {"html": False, "breaks": True})
    # ``breaks`` tells markdown-it's HTML renderer; Textual's widget reads the tokens.
    parser.core.ruler.push("line_breaks_kept", _keep_line_breaks)
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
    CardSide > .parts {
        height: auto;
    }
    CardSide > .plain {
        width: 1fr;
        margin: 0 0 1 0;  /* as Markdown spaces a paragraph */
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None, nested: bool = False) -> None:  # noqa: A002
        super().__init__(id=id)
        self._source = ""
        self._plain = Static(classes="plain", expand=True, markup=False)
        self._markdown: Markdown | None = None
        self._parts: Vertical | None = None
        """The pieces of a card with images (Markdown sides and images), when it has some."""
        self._nested = nested
        """A piece of a card with images: its own images are not cut out again."""

    def compose(self) -> ComposeResult:
        yield self._plain

    @property
    def source(self) -> str:
        """The card text shown (Markdown source)."""
        return self._source

    async def show(self, text: str, media: MediaReader | None = None) -> None:
        """Shows ``text``: as a plain paragraph when it has no Markdown in it; with
        ``media`` (reads the card's media files), its images drawn."""
        self._source = text
        if media is not None and not self._nested and "![" in text:
            from tandem.tui.widgets.card_images import split_images

            pieces = split_images(text)
            if pieces is not None and self.is_attached:
                await self._show_parts(pieces, media)
                return
        if self._parts is not None:
            self._parts.display = False
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
        await markdown.update(text)
        markdown.display = True
        self._plain.display = False

    async def _show_parts(self, pieces: list[str | ImageRef], media: MediaReader) -> None:
        from textual.containers import Vertical

        from tandem.tui.widgets.card_images import CardImage

        if self._parts is None:
            self._parts = Vertical(classes="parts")
            await self.mount(self._parts)
        parts = self._parts
        await parts.remove_children()
        sides: list[tuple[CardSide, str]] = []
        widgets: list[Widget] = []
        for piece in pieces:
            if isinstance(piece, str):
                side = CardSide(nested=True)
                sides.append((side, piece))
                widgets.append(side)
            else:
                widgets.append(CardImage(piece, media(piece.target)))
        await parts.mount_all(widgets)
        for side, piece in sides:
            await side.show(piece)
        parts.display = True
        self._plain.display = False
        if self._markdown is not None:
            self._markdown.display = False

    async def _markdown_view(self) -> Markdown | None:
        if self._markdown is None:
            from textual.widgets import Markdown

            if not self.is_attached:
                return None
            self._markdown = Markdown(open_links=False, parser_factory=card_parser)
            await self.mount(self._markdown)
        return self._markdown
