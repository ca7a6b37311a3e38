"""Provides Anki field HTML -> Markdown: marks, lists, quotes, tables, code, links, entities.

Line breaks become Markdown hard breaks (a backslash at the end of the line); two breaks in a
row (Anki's blank line) end a paragraph: a blank line, then the next line indented, so the
result is always valid deck-file card text.

Most Anki fields are plain text or hold a few simple tags (``<b>``, ``<br>``, ``<div ...>``),
so ``HTMLParser`` is the last resort: plain text, and text with only bold, italics and line
breaks, are converted directly; other simple tags are split by one regular expression and fed
to the builder in the pieces ``HTMLParser`` would feed it. ``parsed_to_markdown`` is the
reference every path must agree with (the tests check it).
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from tandem.interop.html_md_builder import BLOCKS, INLINE, MarkdownBuilder, escape_inline
from tandem.interop.html_md_lines import escape_line, join_lines
from tandem.interop.html_md_marks import BREAK, CLOSE, OPEN

_PLAIN = re.compile(r"[^<>&\[\n\r\t\f\x00\ue000-\ue002\xa0]*")
# Text with bold, italics and line breaks only: each tag becomes its Markdown as it stands.
_INLINE_TAG = re.compile(r"</?(?:b|strong|i|em|s|del|strike)>|<br ?/?>")
_INLINE = re.compile(rf"(?:[^<>&\[\n\r\t\f\x00\ue000-\ue002\xa0]++|{_INLINE_TAG.pattern})*+")
_MARKUP = {f"<{tag}>": OPEN + mark for tag, mark in INLINE.items()}
_MARKUP |= {f"</{tag}>": CLOSE + mark for tag, mark in INLINE.items()}
_MARKUP |= {"<br>": BREAK, "<br/>": BREAK, "<br />": BREAK}
_SPACE_RUN = re.compile(" {2,}")
# Tags whose handling ignores their attributes (not img, a) and whose content HTMLParser reads
# as ordinary markup (not script, style, title, textarea).
_SIMPLE_TAGS = {*INLINE, *BLOCKS, "br", "pre", "ul", "li", "span", "font", "u",
                "sup", "sub", "small", "big", "center", "tbody", "thead"}  # fmt: skip
_WS = "[ \t\n\r\f]"  # what HTMLParser ends a tag name at (unlike \\s, no Unicode spaces)
_VALUE = r"""(?:"[^"<>]*"|'[^'<>]*'|[-a-zA-Z0-9_:.#%]+)"""
_ATTRIBUTE = rf"{_WS}+[a-zA-Z][-a-zA-Z0-9_:.]*(?:{_WS}*={_WS}*{_VALUE})?"
_TAG = re.compile(rf"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:{_ATTRIBUTE})*){_WS}*(/?)>")
_SIMPLE = re.compile(rf"(?:[^<]++|{_TAG.pattern})*+")  # possessive: no backtracking blow-up


class _Parser(HTMLParser):
    def __init__(self, builder: MarkdownBuilder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.builder.start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.builder.end(tag)

    def handle_data(self, data: str) -> None:
        self.builder.data(data)


def html_to_markdown(html: str) -> tuple[str, list[str]]:
    """Converts an Anki field; returns the Markdown and the media file names it refers to."""
    if _PLAIN.fullmatch(html):  # no tags, entities...
        # As ever here (unlike the builder), any whitespace, Unicode spaces too, becomes " ".
        return escape_line(escape_inline(" ".join(html.split()))), []
    if _INLINE.fullmatch(html):  # the builder would make the same of these, piece by piece
        # Escaping the whole is escaping each text piece: tags hold no character escaped,
        # and the ``<`` and ``>`` around them read as the start and end of a text would.
        text = escape_inline(html)
        for tag, markup in _MARKUP.items():
            if tag in text:
                text = text.replace(tag, markup)
        return join_lines(_SPACE_RUN.sub(" ", text) if "  " in text else text), []
    builder = MarkdownBuilder()
    if _feed_simple(html, builder):
        return builder.markdown(), builder.media
    return parsed_to_markdown(html)


def parsed_to_markdown(html: str) -> tuple[str, list[str]]:
    """Converts any HTML with ``HTMLParser`` (the reference the fast paths must agree with)."""
    builder = MarkdownBuilder()
    parser = _Parser(builder)
    parser.feed(html)
    parser.close()
    return builder.markdown(), builder.media


def plain_to_markdown(text: str) -> tuple[str, list[str]]:
    """Converts a plain-text field (``#html:false``): line breaks kept, HTML left as text."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return html_to_markdown(escaped.replace("\n", "<br>"))


def _feed_simple(html: str, builder: MarkdownBuilder) -> bool:
    """Feeds ``html`` to ``builder`` as HTMLParser would, if it holds simple tags only.

    Returns False (having fed nothing) for any other HTML.
    """
    if not _SIMPLE.fullmatch(html):
        return False
    pieces = _TAG.split(html)  # text, then (slash, name, attributes, self-closing, text)...
    names = [name.lower() for name in pieces[2::5]]
    if not _SIMPLE_TAGS.issuperset(names):
        return False
    _text(pieces[0], builder)
    for index, name in enumerate(names):
        closing, self_closing = pieces[5 * index + 1], pieces[5 * index + 4]
        if closing:
            builder.end(name)
        else:
            builder.start(name, [])
            if self_closing:
                builder.end(name)
        _text(pieces[5 * index + 5], builder)
    return True


def _text(text: str, builder: MarkdownBuilder) -> None:
    if text:
        builder.data(unescape(text) if "&" in text else text)
