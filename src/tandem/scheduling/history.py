"""Provides Anki's rules for which history counts, and a card's log folded into its state.

Anki builds a card's memory from its review log with ``reviews_for_fsrs``: a reset (Forget)
starts the card afresh, and so does a learning answer after reviews (an old Anki's reset,
which left no entry); answers in a filtered deck without rescheduling ("cramming") are not
memory reviews, and neither is a due date set by hand (a "Manual" entry): it moves the due
date of a card that is not new, and nothing else. tandem's log says which entry is which
(``ReviewKind``), so the same rules apply to every log, imported or not, when it is replayed.

Leeches follow from the log too: an answer that lapses a card for the ``threshold``-th time
(then every half threshold) makes it a leech, and Anki suspends a leech at once, so a card
whose last answer made it a leech is suspended.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from tandem.models import CardState, FsrsState, Rating, ReviewKind
from tandem.scheduling.leech import is_leech_lapse

if TYPE_CHECKING:
    from tandem.scheduling.scheduler import PersonScheduler

_MEMORY = (ReviewKind.REVIEW, ReviewKind.RESTART)


class Entry(NamedTuple):
    """One entry of a card's log: its kind, rating (``None`` for a reset or a due date set
    by hand), time, and the due date a ``manual`` entry set."""

    kind: ReviewKind
    rating: Rating | None
    at: datetime
    due: datetime | None = None


@dataclass
class Folded:
    """A card's log replayed: its state, each entry's state before it, its leech flags."""

    state: CardState = field(default_factory=CardState)
    before: list[FsrsState] = field(default_factory=list)
    leech: bool = False
    """Some answer made the card a leech (a reset does not take the tag away, as in Anki)."""
    suspend: bool = False
    """The last entry is the answer that made the card a leech: it is suspended."""


def fold(scheduler: PersonScheduler, card: str, entries: Iterable[Entry]) -> Folded:
    """Replays ``card``'s log entries, oldest first, with ``scheduler``."""
    threshold = scheduler.settings.leech_threshold
    out = Folded()
    state = out.state
    for kind, rating, at, due in entries:
        if kind is ReviewKind.RESTART:
            state = CardState()  # the card is new again to the memory model
        out.before.append(state.state)
        out.suspend = False
        if kind is ReviewKind.RESET:
            state = CardState()
        elif kind is ReviewKind.MANUAL:
            if state.state is not FsrsState.NEW and due is not None:
                state = replace(state, due=due)  # the memory stays; only the date moves
        elif kind in _MEMORY:
            assert rating is not None
            after = scheduler.review(card, state, rating, at)
            if after.lapses > state.lapses and is_leech_lapse(after.lapses, threshold):
                out.leech = out.suspend = True
            state = after
    out.state = state
    return out


def memory_history(entries: Sequence[Entry]) -> Iterator[Entry]:
    """The answers the memory model takes from a card's log, oldest first: those after its
    last reset, from its last restart on, without cramming."""
    start = 0
    for index, entry in enumerate(entries):
        if entry.kind is ReviewKind.RESET:
            start = index + 1
        elif entry.kind is ReviewKind.RESTART:
            start = index
    return (entry for entry in entries[start:] if entry.kind in _MEMORY)
