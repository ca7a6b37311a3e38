"""Provides ``plain_paragraph``: card text that Markdown would show as one unstyled paragraph.

Most cards are a sentence or two with no Markdown in them. The card view shows those in one
``Static`` instead of the ``Markdown`` widget: nothing to parse, no blocks to mount, no
markdown-it to import. The test is conservative: any character or pattern that *could*
start Markdown syntax (emphasis, code, links, linkified URLs, lists, headings...) sends the
text to the Markdown widget, so both paths show the same characters.
"""

from __future__ import annotations

import re

# Anywhere in a line: emphasis, code, strikethrough, escapes, entities, HTML and autolinks,
# tables, inline links and references; what linkify turns into links (schemes, e-mail
# addresses, www., localhost, and a dot before a word character as in ``setup.py``).
_INLINE = re.compile(
    r"[*_`~\\&<>|\t\r\f\v\x00]|\]\(|\]\[|//|@|www\.|localhost|mailto:|\.\w",
    re.IGNORECASE,
)
# At the start of a line: headings, quotes, lists, fences, setext underlines, thematic
# breaks, reference definitions, ordered lists ("1." "2)").
_BLOCK_START = re.compile(r"[#>+\-=\[]|\d+[.)]")


def plain_paragraph(text: str) -> str | None:
    """The text as Markdown would show it, when it is one plain paragraph; else ``None``.

    Cards keep their line breaks (the card parser's ``breaks``), and Markdown collapses
    runs of whitespace within a line; so does this. Lines with leading or trailing spaces
    (code blocks, hard breaks) and blank lines (a second paragraph) are left to Markdown.
    """
    lines = text.split("\n")
    for line in lines:
        if not line or line != line.strip() or _BLOCK_START.match(line):
            return None
    if _INLINE.search(text):
        return None
    return "\n".join(" ".join(line.split()) for line in lines)
