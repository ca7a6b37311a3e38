"""Provides ``card_line``: a card's Markdown as the plain words a reader sees, on one line.

Tables, the quiz's last-graded line, the quiz's end screen and ``tandem stats`` show card text
on one line, where ``**la llave**`` should read ``la llave``. markdown-it (Textual's own
parser, so what the card view shows) reads the text; only its words are kept: emphasis and
link marks dropped, code and code blocks kept as their text, an image as its alt text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from tandem.render.terminal import terminal_line

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

PROMPT_WIDTH = 80
"""How long a card's prompt is in a report (Markdown, HTML, CSV, JSON)."""
_BLOCK_TEXT = {"fence", "code_block"}
"""Block tokens whose own content is the text shown (a code block)."""
_BREAKS = {"softbreak", "hardbreak"}
# What could start Markdown syntax: text with none of it (most card questions) reads the same
# without the parser, which costs ~100 µs a card (500 rows of the card browser: 50 ms).
_SYNTAX = re.compile(r"[*_`~\\\[\]<>&#|!]|^\s*(?:[-+=]|\d+[.)])|^ {4}|\t", re.MULTILINE)
_SOURCE_PER_CELL = 8
"""A long card is parsed only this many characters per cell shown (and at least 1,000):
a 300-line listing is not read whole for a 60-cell line."""


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Raw HTML off, as the card view has it: ``<b>`` is text that was typed.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def card_line(markdown: str, width: int = 60) -> str:
    """``markdown`` as one line of plain text, cut to ``width`` characters with an ellipsis.

    Whitespace runs become one space and control characters are shown escaped
    (``terminal_line``), so the result is safe to print and never read as markup by
    anything but a parser of markup (pass it to Textual as ``Content``).
    """
    markdown = markdown[: max(1000, width * _SOURCE_PER_CELL)]
    if _SYNTAX.search(markdown) is None:
        return terminal_line(markdown, width)
    return terminal_line(parsed_words(markdown), width)


def parsed_words(markdown: str) -> str:
    """The words of ``markdown`` as markdown-it reads them, blocks joined by a space."""
    words: list[str] = []
    for token in _parser().parse(markdown):
        if token.type in _BLOCK_TEXT:
            words.append(token.content)
        elif token.type == "inline":
            words.append(_inline_text(token.children or []))
    return " ".join(words)


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)  # the alt text
        elif child.type in _BREAKS:
            parts.append(" ")
    return "".join(parts)
