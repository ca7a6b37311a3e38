"""Provides what forgetting and setting due dates share: entries written to the review log
on several cards at once, published to the log folder once committed."""

from __future__ import annotations

from collections.abc import Sequence

from tandem.models import Review
from tandem.services.context import Context


def publish_when_committed(ctx: Context, entries: list[Review]) -> None:
    """After the transaction commits, appends ``entries`` to their person's file in the
    log folder, if they share (call inside ``store.write()``)."""
    if entries:
        ctx.store.after_commit(lambda: _publish(ctx, entries))


def cards_in_order(keys: Sequence[str], entries: list[Review]) -> list[str]:
    """The cards of ``entries``, in the order ``keys`` gave them."""
    order = {key: index for index, key in enumerate(keys)}
    return sorted((entry.card for entry in entries), key=order.__getitem__)


def _publish(ctx: Context, entries: list[Review]) -> None:
    for entry in entries:
        ctx.journal.answered(entry)
