"""Provides the rules an answer is checked and graded by, apart from its transaction."""

from __future__ import annotations

from dataclasses import replace

from tandem.models import (
    CardState,
    ChangedElsewhereError,
    FsrsState,
    NotFoundError,
    Rating,
    TandemError,
)
from tandem.models.domain import MAX_DURATION_MS
from tandem.scheduling.leech import is_leech_lapse
from tandem.storage.states import StateRow


def answerable(rows: list[StateRow], key: str, person: str, shown: int | None) -> StateRow:
    """The row of ``key`` among its note's ``rows``, if it can be answered now: it exists,
    is in a deck, and has the review count it had when shown (``shown``; ``None``: not
    shown by this sitting)."""
    row = next((r for r in rows if r.card == key), None)
    if row is None:
        raise NotFoundError(f"{person} has no card {key}")
    if row.retired:
        raise TandemError(f"card {key} was removed from its deck")
    if shown is not None and shown != row.memory.reps:
        raise ChangedElsewhereError(
            f"card {key} was answered in another terminal since it was shown; "
            "this answer was not saved"
        )
    return row


def graded(row: StateRow, memory: CardState, rating: Rating, threshold: int) -> StateRow:
    """The row after an answer gave ``memory``: a lapse that makes the card a leech tags
    and suspends it (for this person)."""
    after = row.with_memory(memory)
    lapsed = rating is Rating.AGAIN and row.memory.state is FsrsState.REVIEW
    if lapsed and is_leech_lapse(memory.lapses, threshold):
        after = replace(after, leech=True, suspended=True)
    return after


def bounded_duration(duration_ms: int | None) -> int | None:
    """How long an answer took, as the log keeps it (a card left open for weeks: a bound)."""
    return None if duration_ms is None else max(0, min(duration_ms, MAX_DURATION_MS))
