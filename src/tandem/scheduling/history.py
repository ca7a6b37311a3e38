"""Provides Anki's rules for which history counts, and a card's log folded into its state.

Anki builds a card's memory from its review log with ``reviews_for_fsrs``: a reset (Forget)
starts the card afresh, and so does a learning answer after reviews (an old Anki's reset,
which left no entry); answers in a filtered deck without rescheduling ("cramming") are not
memory reviews, and neither is a due date set by hand (a "Manual" entry): it moves the due
date of a card, and nothing else — a card never answered becomes a review card due then, with
no memory yet (its next answer starts one, as a first answer does, but is scheduled as a
review: Anki's ``set_due_date``). tandem's log says which entry is which
(``ReviewKind``), so the same rules apply to every log, imported or not, when it is replayed.

Leeches follow from the log too: an answer that lapses a card for the ``threshold``-th time
(then every half threshold) makes it a leech, and Anki suspends a leech at once, so a card
whose last answer made it a leech is suspended.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from tandem.models import CardState, FsrsState, Rating, ReviewKind
from tandem.scheduling.intervals import anki_round
from tandem.scheduling.leech import is_leech_lapse

if TYPE_CHECKING:
    from tandem.scheduling.scheduler import PersonScheduler

_MEMORY = (ReviewKind.REVIEW, ReviewKind.RESTART)
_DAY_SECONDS = 86_400


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


EntryValues = tuple[ReviewKind, Rating | None, datetime, datetime | None]
"""An ``Entry``'s values as a plain tuple (a replay reading rows makes no ``Entry``)."""


def fold(scheduler: PersonScheduler, card: str, entries: Iterable[EntryValues]) -> Folded:
    """Replays ``card``'s log entries, oldest first, with ``scheduler``.

    The card is carried as plain values (no state object per answer): each answer is one
    call of fsrs-rs and the scheduler's core (``PersonScheduler.plan``), the same rules an
    answer takes, so the state at the end is the one answering gave.
    """
    threshold = scheduler.settings.leech_threshold
    out = Folded()
    before = out.before
    new, review, again = FsrsState.NEW, FsrsState.REVIEW, Rating.AGAIN
    model, plan, day_number = scheduler.model, scheduler.plan, scheduler.day_number
    state, step, memory, wait, reps, lapses = new, None, None, 0, 0, 0
    last: datetime | None = None
    last_day: int | None = None
    moved: datetime | None = None  # the due date set by hand since the last answer, exactly
    for kind, rating, at, due in entries:
        if kind is ReviewKind.RESTART:  # the card is new again to the memory model
            state, step, memory, wait, reps, lapses, last = new, None, None, 0, 0, 0, None
            moved = None
        before.append(state)
        out.suspend = False
        if kind is ReviewKind.RESET:
            state, step, memory, wait, reps, lapses, last = new, None, None, 0, 0, 0, None
            moved = None
        elif kind is ReviewKind.MANUAL and due is not None:
            if state is new:  # Anki makes it a review card, due then, without a memory yet
                state, step = review, None
            if last is not None:
                wait = round((due - last).total_seconds())  # the memory stays; only the date moves
            moved = due
        elif kind in _MEMORY:
            assert rating is not None
            elapsed, day = 0, None  # a first answer needs no study day (nor a date in range)
            if last is not None:
                day = day_number(at)
                if last_day is None:
                    last_day = day_number(last)
                elapsed = max(day - last_day, 0)
            previous = anki_round(wait / _DAY_SECONDS) if state is review else 0
            outcomes = model.raw_next_states(None if state is new else memory, elapsed)
            after, step, wait, memory = plan(card, state, step, reps, previous, outcomes, rating)
            if rating is again and state is review:
                lapses += 1
                if is_leech_lapse(lapses, threshold):
                    out.leech = out.suspend = True
            state, reps, last, last_day, moved = after, reps + 1, at, day, None
    if last is not None and memory is not None:
        due_at = moved or last + timedelta(seconds=wait)
        out.state = CardState(state, step, memory.stability, memory.difficulty,
                              due_at, last, reps, lapses)  # fmt: skip
    elif moved is not None:  # never answered (since a reset), a due date set: in review
        out.state = CardState(state, None, None, None, moved, None, reps, lapses)
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
