"""Provides the ``card`` bounds of a read that walks a person's rows in card order.

A batch goes on after the last card of the batch before and may stop before a card. Each
bound is written into the statement only when it is there, so SQLite starts and stops the
index range at it: a bound written ``(? IS NULL OR card > ?)`` is only a filter, and every
batch read the index from the first card again (a million-entry check read it ten times).
"""

from __future__ import annotations


def card_bounds(after: str | None, before: str | None) -> str:
    """The conditions on ``card`` for a batch: from the parameter ``:first`` on, or after
    ``:after`` when ``after`` is given (the batch before ended there), and before
    ``:before`` when ``before`` is given. The caller passes the named parameters."""
    lower = "card >= :first" if after is None else "card > :after"
    return lower if before is None else f"{lower} AND card < :before"
