"""Provides lists of values cut into pieces that one ``IN (?, …)`` can take.

SQLite caps the parameters of a statement (250,000 in Debian's build, 32,766 by default), and
a search may name a million cards: every ``IN`` over values a caller gives goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

SIZE = 500
"""Values per statement: large enough that the statements are few, small enough for any build."""

T = TypeVar("T")


def in_chunks(values: Iterable[T], size: int = SIZE) -> Iterator[tuple[list[T], str]]:
    """The values ``size`` at a time, each piece with its ``?, ?, …`` placeholders."""
    items = list(values)
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        yield chunk, ", ".join("?" * len(chunk))
