"""Provides counts as words read: ``1 day``, ``2 days``, ``1 person``, ``3 people``."""

from __future__ import annotations

_IRREGULAR = {"person": "people", "was": "were", "leech": "leeches"}


def counted(count: int, word: str, plural: str | None = None) -> str:
    """``count`` and ``word``, the word in the plural unless the count is exactly one.

    Thousands are grouped (``12,000 cards``). ``plural`` is for a word whose plural is not
    ``word + "s"`` nor a known irregular one.
    """
    if count == 1:
        return f"1 {word}"
    return f"{count:,} {plural or _IRREGULAR.get(word) or word + 's'}"
