"""Provides the conversion of a review log into FSRS training items for fsrs-rs, as Anki's.

An item is one card's history up to and including one of its reviews (the *target*): the
model sees the earlier reviews and predicts whether the target was recalled. Items are
made as Anki's ``fsrs_items_for_training`` makes them: a card's history is what Anki's rules
keep of its log (after its last reset, from its last restart, without cramming);
``delta_t`` counts the person's study days (their day boundary and time zone), so two
reviews on the same study day have ``delta_t`` 0; only reviews on a later study day than
the one before are targets; items are ordered by the time of their target, then by card.

100,000 reviews make some 80,000 items, so the log is worked on column by column: the kept
reviews of every card lie end to end (cards in number order), an item is a slice of them,
and the fsrs-rs items are made once, for every use.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from fsrs_rs_python import FSRSItem, FSRSReview

from tandem.scheduling.days import DayBoundary

LogRow = tuple[str, int | None, int, str]
"""One log entry as the optimizer reads it: (card, rating or ``None`` for a reset, time in
milliseconds since 1970 (UTC), kind)."""

_MEMORY = ("review", "restart")
_MARGIN = timedelta(days=2)


class TrainingItem(NamedTuple):
    """One item, readable: a card's reviews up to a target review.

    Attributes:
        card: The card key.
        card_id: The card's number (its place in creation order): fsrs-rs trains on a
            card's items together, as it does with Anki's card ids.
        at: When the target (last) review was made.
        ratings: The ratings (1-4), oldest first; the last one is the target's.
        delta_ts: Study days since the card's previous review (0 for the first review).
    """

    card: str
    card_id: int
    at: datetime
    ratings: tuple[int, ...]
    delta_ts: tuple[int, ...]


@dataclass
class TrainingItems:
    """The items of one log, ordered by target time, as fsrs-rs takes them.

    The kept reviews of every card lie end to end in the ``review_*`` columns; an item is the
    slice ``[start, end)`` of its card's reviews.

    Attributes:
        targets: Per item, (start, end) of its reviews in the columns.
        fsrs: Per item, the fsrs-rs item.
        card_ids: Per item, its card's number.
        cards: Per card with items: its key and where its reviews start and end.
    """

    targets: list[tuple[int, int]] = field(default_factory=list)
    fsrs: list[FSRSItem] = field(default_factory=list)
    card_ids: list[int] = field(default_factory=list)
    cards: list[tuple[str, int, int]] = field(default_factory=list)
    review_ratings: list[int] = field(default_factory=list)
    review_deltas: list[int] = field(default_factory=list)
    review_times: list[int] = field(default_factory=list)
    reviews: list[FSRSReview] = field(default_factory=list)
    """Per review, its fsrs-rs review (shared with the items)."""

    def __len__(self) -> int:
        return len(self.targets)

    def item(self, index: int) -> TrainingItem:
        start, end = self.targets[index]
        key = next(card for card, first, last in self.cards if first <= start < last)
        at = datetime.fromtimestamp(self.review_times[end - 1] / 1000, UTC)
        ratings = tuple(self.review_ratings[start:end])
        return TrainingItem(key, self.card_ids[index], at, ratings,
                            tuple(self.review_deltas[start:end]))  # fmt: skip

    def __iter__(self) -> Iterator[TrainingItem]:
        return (self.item(index) for index in range(len(self)))

    def since(self, first: int) -> TrainingItems:
        """The items from ``first`` on (the same cards and columns)."""
        return TrainingItems(
            self.targets[first:], self.fsrs[first:], self.card_ids[first:], self.cards,
            self.review_ratings, self.review_deltas, self.review_times, self.reviews,
        )  # fmt: skip


class StudyDays:
    """Study day numbers of times in milliseconds, by the day starts around them.

    The start of every study day from a little before ``first`` to a little after ``last``
    is worked out once (daylight saving included); a time's day is then a binary search.
    """

    def __init__(self, days: DayBoundary, first: int, last: int) -> None:
        start = days.study_date(datetime.fromtimestamp(first / 1000, UTC)) - _MARGIN
        end = days.study_date(datetime.fromtimestamp(last / 1000, UTC)) + _MARGIN
        self._first = start.toordinal()
        self._starts = [
            int(days.start_of(start + timedelta(days=n)).timestamp() * 1000)
            for n in range((end - start).days + 1)
        ]

    def __call__(self, ms: int) -> int:
        return self._first + bisect_right(self._starts, ms) - 1

    def numbers(self, times: Sequence[int]) -> list[int]:
        starts, first = self._starts, self._first - 1
        return [first + bisect_right(starts, ms) for ms in times]


def build_items(
    rows: Sequence[LogRow], days: DayBoundary, card_ids: Mapping[str, int]
) -> TrainingItems:
    """Turns a review log into training items, ordered by the time of their target review.

    Args:
        rows: The log ordered by card, then time (as ``ReviewsRepo.ratings_by_card`` reads
            it).
        days: The person's day boundary; ``delta_t`` counts its study days.
        card_ids: Each card's number (its place in creation order).

    Returns:
        One item per review that follows an earlier review of the same card on an earlier
        study day. A card's first review is never a target (there is nothing to predict it
        from) and neither is a same-day review: the forgetting curve gives recall 1 at
        ``delta_t`` 0, and fsrs-rs refuses to train or evaluate on such targets. Same-day
        reviews still appear, with ``delta_t`` 0, in the history of the items after them.
    """
    out = TrainingItems()
    log = _kept(rows, card_ids)
    if not log:
        return out
    keys = [row[0] for row in log]
    out.review_ratings = ratings = [row[1] or 0 for row in log]
    out.review_times = times = [row[2] for row in log]
    numbers = StudyDays(days, min(times), max(times)).numbers(times)
    firsts = [True, *(a != b for a, b in zip(keys, keys[1:], strict=False))]
    out.review_deltas = deltas = [
        0 if first else later - earlier
        for first, earlier, later in zip(firsts, [0, *numbers], numbers, strict=False)
    ]
    out.reviews = reviews = _ReviewTable().reviews(ratings, deltas)
    starts = [index for index, first in enumerate(firsts) if first]
    order: list[tuple[int, int, int, int]] = []  # (time, card number, start, end)
    for start, end in zip(starts, [*starts[1:], len(log)], strict=True):
        targets = [(times[i], card_ids[keys[start]], start, i + 1)
                   for i in range(start + 1, end) if deltas[i]]  # fmt: skip
        if targets:
            out.cards.append((keys[start], start, end))
            order += targets
    order.sort(key=itemgetter(0))  # Anki: by revlog id (the time), cards in id order on ties
    out.targets = [(start, end) for _, _, start, end in order]
    out.fsrs = [FSRSItem(reviews[start:end]) for _, _, start, end in order]
    out.card_ids = [number for _, number, _, _ in order]
    return out


def _kept(rows: Sequence[LogRow], card_ids: Mapping[str, int]) -> list[LogRow]:
    """The rows the memory model takes, each card's in time order, cards in number order."""
    grouped = [(card, list(group)) for card, group in groupby(rows, key=itemgetter(0))]
    grouped.sort(key=lambda pair: card_ids[pair[0]])
    plain = all(row[3] == "review" for row in rows)  # answers only: no rules to apply
    kept: list[LogRow] = []
    for _, entries in grouped:
        kept += entries if plain else memory_entries(entries)
    return kept


def memory_entries(entries: Sequence[LogRow]) -> Sequence[LogRow]:
    """Anki's rules on one card's log: after its last reset, from its last restart, without
    cramming (``scheduling.history.memory_history`` on the optimizer's rows)."""
    kinds = [entry[3] for entry in entries]
    start = 0
    for index, kind in enumerate(kinds):
        if kind == "reset":
            start = index + 1
        elif kind == "restart":
            start = index
    return [entry for entry in entries[start:] if entry[3] in _MEMORY]


class _ReviewTable:
    """One ``FSRSReview`` per (rating, delta_t): few pairs recur across 100,000 reviews."""

    def __init__(self) -> None:
        self._rows: list[list[FSRSReview]] = [[] for _ in range(5)]

    def reviews(self, ratings: Sequence[int], deltas: Sequence[int]) -> list[FSRSReview]:
        rows, most = self._rows, max(deltas, default=0)
        for rating in set(ratings):
            row = rows[rating]
            row += [FSRSReview(rating, delta) for delta in range(len(row), most + 1)]
        return [rows[rating][delta] for rating, delta in zip(ratings, deltas, strict=True)]
