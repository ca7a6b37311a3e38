"""Provides Anki-style cloze deletions: ``{{c1::text}}`` and ``{{c1::text::hint}}``."""

from __future__ import annotations

import re

# Anki's own pattern: the deletion text is non-greedy and may span lines.
CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def cloze_numbers(text: str) -> list[int]:
    """Returns the distinct cloze numbers (1 and up) found in ``text``, sorted."""
    return sorted({int(m.group(1)) for m in CLOZE.finditer(text) if int(m.group(1)) >= 1})


def render_cloze(text: str, number: int, *, reveal: bool) -> str:
    """Returns ``text`` as shown for cloze ``number``.

    The asked deletion is shown as ``[...]`` (or ``[hint]``) when hidden and as ``**text**``
    when revealed; every other deletion is shown as its plain text.
    """

    def replace(match: re.Match[str]) -> str:
        content, hint = match.group(2), match.group(3)
        if int(match.group(1)) != number:
            return content
        if reveal:
            return f"**{content}**"
        return f"[{hint}]" if hint else "[...]"

    return CLOZE.sub(replace, text)
