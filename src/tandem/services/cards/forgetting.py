"""Provides forgetting cards: back to new for one person, their history kept.

A forget is an entry of the review log (a reset, as Anki's Forget writes one), so the memory
state stays a replay of the log and the reset travels to the person's other devices with
their reviews. The leech tag and a suspension stay, as in Anki.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tandem.models import CardState, FsrsState, Review, ReviewKind, new_review_id
from tandem.services.cards.log_entries import cards_in_order, publish_when_committed
from tandem.services.context import Context


def forget(ctx: Context, person: str, keys: Sequence[str]) -> list[str]:
    """Makes ``person``'s cards ``keys`` new again, in one transaction; returns the keys
    that changed (a card still new has nothing to forget)."""
    ctx.person(person)  # an unknown person is refused
    reset: list[Review] = []
    with ctx.store.write():
        at = ctx.clock.now()
        for row in ctx.states.many(person, keys):
            if row.memory.state is FsrsState.NEW and not row.memory.reps:
                continue
            review = Review(new_review_id(at), row.card, person, None, at, person,
                            kind=ReviewKind.RESET)  # fmt: skip
            ctx.reviews.add(review, row.memory.state)
            # What a replay gives after a reset: a new card; the leech tag and a suspension
            # stay (a reset takes neither away, as in Anki).
            ctx.states.put(replace(row, memory=CardState()))
            reset.append(review)
        publish_when_committed(ctx, reset)
    return cards_in_order(keys, reset)
