"""Provides the conversion of a review log into FSRS training items for fsrs-rs, as Anki's.

An item is one card's history up to and including one of its reviews (the *target*): the
model sees the earlier reviews and predicts whether the target was recalled. Items are
made as Anki's ``fsrs_items_for_training`` makes them: a card's history is what Anki's rules
keep of its log (after its last reset, from its last restart, without cramming);
``delta_t`` counts the person's study days (their day boundary and time zone), so two
reviews on the same study day have ``delta_t`` 0; only reviews on a later study day than
the one before are targets; items are ordered by the time of their target.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby, pairwise
from typing import NamedTuple

from fsrs_rs_python import FSRSItem, FSRSReview

from tandem.models import parse_utc
from tandem.scheduling.days import DayBoundary

LogRow = tuple[str, int, int | None, str, str]
"""One log entry as the optimizer reads it: (card, card number, rating or ``None`` for a
reset, time as stored (fixed-width UTC text), kind)."""

_MEMORY = ("review", "restart")


class TrainingItem(NamedTuple):
    """One card's reviews up to a target review on a later study day than the one before.

    Attributes:
        card: The card key.
        card_id: The card's number (its place in creation order): fsrs-rs trains on a
            card's items together, as it does with Anki's card ids.
        at: When the target (last) review was made, as stored (text that sorts by time).
        ratings: The ratings (1-4), oldest first; the last one is the target's.
        delta_ts: Study days since the card's previous review (0 for the first review).
    """

    card: str
    card_id: int
    at: str
    ratings: tuple[int, ...]
    delta_ts: tuple[int, ...]

    def to_fsrs(self, reviews: dict[tuple[int, int], FSRSReview] | None = None) -> FSRSItem:
        """The same item as fsrs-rs wants it.

        Args:
            reviews: A cache of ``FSRSReview`` objects by (rating, delta_t) to reuse.
        """
        cache = {} if reviews is None else reviews
        out = []
        for pair in zip(self.ratings, self.delta_ts, strict=True):
            review = cache.get(pair)
            if review is None:
                review = cache[pair] = FSRSReview(*pair)
            out.append(review)
        return FSRSItem(out)


class StudyDays:
    """Study day numbers of stored times, read once per quarter hour of the log.

    Every time zone's offset, and so every day boundary, is a whole number of quarter hours
    from UTC: all the times of one UTC quarter hour fall on the same study day.
    """

    def __init__(self, days: DayBoundary) -> None:
        self.days = days
        self._cache: dict[str, int] = {}

    def __call__(self, at: str) -> int:
        key = f"{at[:14]}{int(at[14:16]) // 15}"
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.days.study_date(parse_utc(at)).toordinal()
        return found


def build_items(rows: Iterable[LogRow], days: DayBoundary) -> list[TrainingItem]:
    """Turns a review log into training items, ordered by the time of their target review.

    Args:
        rows: The log ordered by card, then time (as ``ReviewsRepo.ratings_by_card`` reads
            it).
        days: The person's day boundary; ``delta_t`` counts its study days.

    Returns:
        One item per review that follows an earlier review of the same card on an earlier
        study day. A card's first review is never a target (there is nothing to predict it
        from) and neither is a same-day review: the forgetting curve gives recall 1 at
        ``delta_t`` 0, and fsrs-rs refuses to train or evaluate on such targets. Same-day
        reviews still appear, with ``delta_t`` 0, in the history of the items after them.
    """
    day_of = StudyDays(days)
    items: list[TrainingItem] = []
    for card, group in groupby(rows, key=lambda row: row[0]):
        entries = list(group)
        history = [(rating, at) for _, _, rating, at, _ in memory_entries(entries)]
        items += card_items(card, entries[0][1], history, day_of)  # type: ignore[arg-type]
    items.sort(key=lambda item: (item.at, item.card_id))
    return items


def memory_entries(entries: Sequence[LogRow]) -> Sequence[LogRow]:
    """Anki's rules on one card's log: after its last reset, from its last restart, without
    cramming (``scheduling.history.memory_history`` on the optimizer's rows)."""
    if all(entry[4] == "review" for entry in entries):
        return entries  # the usual case: a log of answers only
    start = 0
    for index, entry in enumerate(entries):
        if entry[4] == "reset":
            start = index + 1
        elif entry[4] == "restart":
            start = index
    return [entry for entry in entries[start:] if entry[4] in _MEMORY]


def card_items(
    card: str, card_id: int, history: Sequence[tuple[int, str]], day_of: StudyDays
) -> list[TrainingItem]:
    """The training items of one card, from its ``(rating, at)`` reviews, oldest first."""
    numbers = [day_of(at) for _, at in history]
    ratings = tuple(rating for rating, _ in history)
    delta_ts = (0, *(later - earlier for earlier, later in pairwise(numbers)))
    return [
        TrainingItem(card, card_id, history[k][1], ratings[: k + 1], delta_ts[: k + 1])
        for k in range(1, len(history))
        if delta_ts[k] > 0
    ]


def to_fsrs_items(items: Iterable[TrainingItem]) -> list[FSRSItem]:
    """Converts items for fsrs-rs, keeping their order."""
    # Few (rating, delta_t) pairs recur across 100,000 reviews: share their objects.
    reviews: dict[tuple[int, int], FSRSReview] = {}
    return [item.to_fsrs(reviews) for item in items]
