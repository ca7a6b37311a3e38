"""Provides one person's tandem schedule and reviews in Anki's card and revlog columns."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from tandem.interop.apkg_write import PackageCard, PackageReview
from tandem.models import FsrsState, Queue, Review
from tandem.storage.states import StateRow

DAY_SECONDS = 86_400
_REVLOG_TYPE = {
    FsrsState.NEW: 0,
    FsrsState.LEARNING: 0,
    FsrsState.REVIEW: 1,
    FsrsState.RELEARNING: 2,
}


def scheduled_card(
    card_id: int, ord_: int, row: StateRow | None, position: int, created: int
) -> PackageCard:
    """The Anki card for one tandem card, with ``row``'s schedule when there is one.

    ``created`` is the collection's creation time (Anki counts review due days from it).
    """
    memory = row.memory if row is not None else None
    if memory is None or memory.state is FsrsState.NEW or memory.due is None:
        return PackageCard(card_id, ord_, due=position)
    data = json.dumps({"s": memory.stability, "d": memory.difficulty}) if memory.stability else ""
    base = PackageCard(card_id, ord_, factor=2500, reps=memory.reps, lapses=memory.lapses,
                       data=data)  # fmt: skip
    suspended = row is not None and row.queue == Queue.SUSPENDED
    if memory.state is FsrsState.REVIEW:
        ivl = max(1, (memory.due - (memory.last_review or memory.due)).days)
        due_day = (int(memory.due.timestamp()) - created) // DAY_SECONDS
        return replace(base, type=2, queue=-1 if suspended else 2, due=due_day, ivl=ivl)
    kind = 1 if memory.state is FsrsState.LEARNING else 3
    due = int(memory.due.timestamp())
    return replace(base, type=kind, queue=-1 if suspended else 1, due=due, left=1)


def revlog_rows(
    reviews: list[Review], prev: dict[str, FsrsState], card_ids: dict[str, int]
) -> list[PackageReview]:
    """Revlog rows for ``reviews`` of exported cards; ids are unique answer times in ms."""
    rows, used = [], set()
    for review in reviews:
        cid = card_ids.get(review.card)
        if cid is None:
            continue
        rid = _millis(review.at)
        while rid in used:
            rid += 1
        used.add(rid)
        kind = _REVLOG_TYPE[prev.get(review.id, FsrsState.NEW)]
        rows.append(PackageReview(rid, cid, int(review.rating), kind, review.duration_ms or 0))
    return rows


def _millis(at: datetime) -> int:
    return int(at.timestamp() * 1000)
