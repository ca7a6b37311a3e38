"""Provides Anki-style cloze deletions: ``{{c1::text}}`` and ``{{c1::text::hint}}``.

The deletions are found by ``tandem.models.cloze`` in one pass (never by a backtracking
pattern: deck files come from other people).
"""

from __future__ import annotations

from tandem.models.cloze import MAX_CLOZE, cloze_numbers, deletions, has_too_large_number

__all__ = ["MAX_CLOZE", "cloze_numbers", "has_too_large_number", "render_cloze"]


def render_cloze(text: str, number: int, *, reveal: bool) -> str:
    """Returns ``text`` as shown for cloze ``number``.

    The asked deletion is shown as ``[...]`` (or ``[hint]``) when hidden and as ``**text**``
    when revealed; every other deletion is shown as its plain text.
    """
    parts: list[str] = []
    done = 0
    for deletion in deletions(text):
        parts.append(text[done : deletion.start])
        if deletion.number != number:
            parts.append(deletion.content)
        elif reveal:
            parts.append(f"**{deletion.content}**")
        else:
            parts.append(f"[{deletion.hint}]" if deletion.hint else "[...]")
        done = deletion.end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)
