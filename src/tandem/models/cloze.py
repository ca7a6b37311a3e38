"""Provides Anki's cloze deletions (``{{c1::text}}``, ``{{c1::text::hint}}``), found in one pass.

Anki's own pattern, ``\\{\\{c(\\d+)::(.*?)(?:::(.*?))?\\}\\}`` (dot matching line feeds too),
backtracks cubically on text such as ``{{c1::`` followed by many colons and no ``}}``: a
shared deck line could hold a sync for minutes. ``deletions`` finds exactly what that
pattern finds, in time linear in the text: a deletion ends at the first ``}}`` after its
``::``, and its hint starts after the first ``::`` before that ``}}``. A test checks the two
agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

MAX_CLOZE = 9999
"""The largest cloze number: card keys stay short (``k7q2m9x4:c9999``)."""


@dataclass(frozen=True, slots=True)
class Deletion:
    """One ``{{cN::content::hint}}``: where it is, its number, its text and hint.

    ``number`` is None when the number is larger than ``MAX_CLOZE`` (it is never read as
    an integer then: a number of thousands of digits costs quadratic time to convert).
    """

    start: int
    end: int
    number: int | None
    content: str
    hint: str | None


def deletions(text: str) -> Iterator[Deletion]:
    """The deletions of ``text`` in order, as Anki's pattern finds them."""
    find = text.find
    position = find("{{c")
    while position >= 0:
        digits_end = position + 3
        while digits_end < len(text) and text[digits_end].isdecimal():
            digits_end += 1
        if digits_end == position + 3 or not text.startswith("::", digits_end):
            position = find("{{c", position + 1)
            continue
        content_start = digits_end + 2
        close = find("}}", content_start)
        if close < 0:  # no later deletion can close either
            return
        split = find("::", content_start, close)
        number = _number(text[position + 3 : digits_end])
        if split < 0:
            yield Deletion(position, close + 2, number, text[content_start:close], None)
        else:
            hint = text[split + 2 : close]
            yield Deletion(position, close + 2, number, text[content_start:split], hint)
        position = find("{{c", close + 2)


def _number(digits: str) -> int | None:
    significant = digits.lstrip("0") or "0"
    return int(significant) if len(significant) <= len(str(MAX_CLOZE)) else None


def cloze_numbers(text: str) -> list[int]:
    """The distinct cloze numbers (1 to ``MAX_CLOZE``) of ``text``, sorted."""
    return sorted({d.number for d in deletions(text) if d.number})


def has_too_large_number(text: str) -> bool:
    """Tells whether a deletion of ``text`` has a number larger than ``MAX_CLOZE``."""
    return any(d.number is None for d in deletions(text))
