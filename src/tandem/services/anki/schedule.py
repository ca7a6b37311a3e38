"""Provides one person's tandem schedule and reviews in Anki's card and revlog columns."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tandem.interop.apkg_write import PackageCard, PackageReview
from tandem.models import FsrsState, Queue, Review, ReviewKind
from tandem.services.anki.review_ids import Logged, revlog_ids
from tandem.storage.states import StateRow

DAY_SECONDS = 86_400
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)
_REVLOG_TYPE = {
    FsrsState.NEW: 0,
    FsrsState.LEARNING: 0,
    FsrsState.REVIEW: 1,
    FsrsState.RELEARNING: 2,
}
_FILTERED, _MANUAL = 3, 4
"""Revlog types of cramming and of a reset (both with ease factor 0, as Anki writes them);
a due date set by hand is a manual row with an ease factor."""
_SET_DUE_FACTOR = 2500
"""The ease factor of a set-due-date row: Anki's default starting ease (any but 0 will do)."""


def scheduled_card(
    card_id: int, ord_: int, row: StateRow | None, position: int, created: int
) -> PackageCard:
    """The Anki card for one tandem card, with ``row``'s schedule when there is one.

    ``created`` is the collection's creation time (Anki counts review due days from it).
    """
    memory = row.memory if row is not None else None
    if memory is None or memory.state is FsrsState.NEW or memory.due is None:
        return PackageCard(card_id, ord_, due=position)
    data = _memory_data(memory.stability, memory.difficulty, memory.last_review)
    base = PackageCard(card_id, ord_, factor=2500, reps=memory.reps, lapses=memory.lapses,
                       data=data)  # fmt: skip
    suspended = row is not None and row.queue == Queue.SUSPENDED
    if memory.state is FsrsState.REVIEW:
        # Never answered (a due date set on a new card): interval 0, as Anki with FSRS sets
        # it, so that Anki starts its memory at the first answer rather than guessing one.
        last = memory.last_review
        ivl = 0 if last is None else max(1, (memory.due - last).days)
        due_day = _day(memory.due, created)
        return replace(base, type=2, queue=-1 if suspended else 2, due=due_day, ivl=ivl)
    kind = 1 if memory.state is FsrsState.LEARNING else 3
    due = int(memory.due.timestamp())
    return replace(base, type=kind, queue=-1 if suspended else 1, due=due, left=1)


def _memory_data(stability: float | None, difficulty: float | None, last: datetime | None) -> str:
    """Anki's card ``data``: FSRS memory and the last review time (``lrt``, seconds), which
    Anki's Check Database otherwise adds from the revlog."""
    if not stability:
        return ""
    values: dict[str, float | int] = {"s": stability, "d": difficulty or 0.0}
    if last is not None:
        values["lrt"] = int(last.timestamp())
    return json.dumps(values)


def revlog_rows(
    reviews: list[Review],
    prev: dict[str, FsrsState],
    card_ids: dict[str, int],
    created: int,
    person: str,
) -> list[PackageReview]:
    """Revlog rows for the entries of exported cards among ``reviews``, ``person``'s whole
    log (in time order, then log order); ids are unique answer times in ms, each entry's the
    same in every export (``review_ids.revlog_ids``).

    A restart goes out as Anki's own record of one: a reset (just before the answer), then
    the answer, so that Anki (and an import back) starts the card afresh there whatever
    the entries before it look like. A due date set by hand (``manual``) goes out as Anki's
    "Set due date" row: type 4 with an ease factor (without one it would be a Forget) and,
    as Anki writes it with FSRS on, the days from the card's last answer to the new due day
    in ``ivl`` (days counted from ``created``, the collection's day 0); the card's own due
    day says the same for its latest one.
    """
    logged = [Logged(r.id, _millis(r.at), r.kind is ReviewKind.RESTART) for r in reviews]
    ids = revlog_ids(logged, person)
    rows = []
    answered: dict[str, datetime] = {}
    for number, review in enumerate(reviews):
        cid = card_ids.get(review.card)
        if cid is None:
            continue
        rid, reset = ids.entries[number], ids.resets.get(number)
        if reset is not None:
            rows.append(PackageReview(reset, cid, 0, _MANUAL, 0))
        if review.kind is ReviewKind.MANUAL and review.due is not None:
            since = answered.get(review.card, review.at)
            ivl = _day(review.due, created) - _day(since, created)
            rows.append(PackageReview(rid, cid, 0, _MANUAL, 0, ivl=ivl, factor=_SET_DUE_FACTOR))
            continue
        if review.kind not in (ReviewKind.RESET, ReviewKind.CRAM) and review.rating is not None:
            answered[review.card] = review.at
        rows.append(PackageReview(rid, cid, *_ease_and_type(review, prev), review.duration_ms or 0))
    return rows


def _day(at: datetime, created: int) -> int:
    """Anki's day number of ``at``: whole days since the collection's day 0 began."""
    return (int(at.timestamp()) - created) // DAY_SECONDS


def _millis(at: datetime) -> int:
    """Whole milliseconds since the epoch, exactly (a float product can land a hair below)."""
    return (at - _EPOCH) // _MILLISECOND


def _ease_and_type(review: Review, prev: dict[str, FsrsState]) -> tuple[int, int]:
    """The revlog's ease and type of an entry, so that Anki reads the same history rules."""
    if review.kind is ReviewKind.RESET or review.rating is None:
        return 0, _MANUAL
    if review.kind is ReviewKind.CRAM:
        return int(review.rating), _FILTERED
    return int(review.rating), _REVLOG_TYPE[prev.get(review.id, FsrsState.NEW)]
