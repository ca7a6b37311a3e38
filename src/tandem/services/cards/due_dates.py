"""Provides setting a card's due date by hand, as Anki's "Set due date" does.

The date is an entry of the review log (kind ``manual``, with the due date it sets and no
rating), so the memory state stays a replay of the log: the memory model leaves the entry
out, and the replay moves the card's due date to it (``scheduling.history.fold``). It
travels to the person's other devices with their reviews. A new card becomes a review card
due then, as in Anki: it has no memory yet, so its first answer starts one (as a first
answer does) and is scheduled as a review, with no learning steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from tandem.models import BadInputError, FsrsState, Review, ReviewKind, new_review_id
from tandem.services.cards.log_entries import cards_in_order, publish_when_committed
from tandem.services.context import Context

MAX_DAYS = 36_500
"""The furthest a due date may be set: a hundred years ahead."""


def due_on(
    ctx: Context, person: str, *, days: int | None = None, on: date | None = None
) -> datetime:
    """When a card set due in ``days`` study days (0: today), or on the study day ``on``,
    falls due for ``person``: the start of that study day.

    Raises:
        BadInputError: neither or both given, or a day in the past or too far ahead.
    """
    if (days is None) == (on is None):
        raise BadInputError("due: give a number of days or a date (one of them)")
    boundary = ctx.person(person).days
    today = boundary.study_date(ctx.clock.now())
    day = on if on is not None else today + timedelta(days=days or 0)
    if not 0 <= (day - today).days <= MAX_DAYS:
        raise BadInputError(
            f"due: {day.isoformat()} is not between today ({today.isoformat()}) "
            f"and {MAX_DAYS} days from now"
        )
    return boundary.start_of(day)


def set_due(ctx: Context, person: str, keys: Sequence[str], due: datetime) -> list[str]:
    """Makes ``person``'s cards ``keys`` due at ``due``, in one transaction; returns the keys
    that changed (a card due then already is left as it is; a new card becomes a review
    card, without memory, due then)."""
    ctx.person(person)  # an unknown person is refused
    moved: list[Review] = []
    with ctx.store.write():
        at = ctx.clock.now()
        for row in ctx.states.many(person, keys):
            memory = row.memory
            if memory.state is not FsrsState.NEW and memory.due == due:
                continue
            review = Review(new_review_id(at), row.card, person, None, at, person,
                            kind=ReviewKind.MANUAL, due=due)  # fmt: skip
            ctx.reviews.add(review, memory.state)
            # What a replay gives after the entry: the same memory, due at ``due`` (a new
            # card: in review, without memory, ``scheduling.history.fold``).
            after = replace(memory, due=due)
            if memory.state is FsrsState.NEW:
                after = replace(after, state=FsrsState.REVIEW, step=None)
            ctx.states.put(row.with_memory(after))
            moved.append(review)
        publish_when_committed(ctx, moved)
    return cards_in_order(keys, moved)
