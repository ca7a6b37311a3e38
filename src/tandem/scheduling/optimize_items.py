"""Provides the conversion of a review log into FSRS training items for fsrs-rs, as Anki's.

An item is one card's history up to and including one of its reviews (the *target*): the
model sees the earlier reviews and predicts whether the target was recalled. Items are
made as Anki's ``fsrs_items_for_training`` makes them: a card's history is what Anki's rules
keep of its log (after its last reset, from its last restart, without cramming);
``delta_t`` counts the person's study days (their day boundary and time zone), so two
reviews on the same study day have ``delta_t`` 0; only reviews on a later study day than
the one before are targets; items are ordered by the time of their target, then by card.

A million reviews make some 700,000 items, so the log comes card by card as columns
(:data:`CardLog`, as ``ReviewsRepo.memory_log`` reads it), the kept reviews of every card
with items lie end to end (cards in number order), an item is a slice of them named by the
place of its target, and the fsrs-rs items are made once, for every use.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import accumulate, compress, groupby, repeat
from operator import itemgetter, mul, sub
from typing import NamedTuple

from fsrs_rs_python import FSRSItem, FSRSReview

from tandem.scheduling.days import DayBoundary

LogRow = tuple[str, int | None, int, str]
"""One log entry: (card, rating or ``None`` for a reset, time in milliseconds since 1970
(UTC), kind)."""

CardLog = tuple[str, int, list[int], list[int], list[str] | None]
"""One card's log in time order: (card key, card number, ratings (0 for a reset), times in
milliseconds since 1970 (UTC), kinds or ``None`` when every entry is an answer)."""

_MEMORY = ("review", "restart")
_MARGIN = timedelta(days=2)
_AGAIN = 1
"""A lapse, in fsrs-rs's bins, is Again on a later study day than the review before."""


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

    The kept reviews of every card with items lie end to end in the ``review_*`` columns;
    item ``n`` is the slice ``[review_starts[ends[n]], ends[n] + 1)`` of them.

    Attributes:
        ends: Per item, the place of its target review in the columns.
        fsrs: Per item, the fsrs-rs item.
        card_ids: Per item, its card's number.
        cards: Per card with items: its key and where its reviews start and end.
    """

    ends: array[int] = field(default_factory=partial(array, "i"))
    fsrs: list[FSRSItem] = field(default_factory=list)
    card_ids: array[int] = field(default_factory=partial(array, "q"))
    cards: list[tuple[str, int, int]] = field(default_factory=list)
    review_ratings: array[int] = field(default_factory=partial(array, "i"))
    review_deltas: array[int] = field(default_factory=partial(array, "i"))
    review_times: array[int] = field(default_factory=partial(array, "q"))
    review_starts: array[int] = field(default_factory=partial(array, "i"))
    """Per review, where its card's reviews start."""
    review_counted: array[int] = field(default_factory=partial(array, "i"))
    """Per review, the card's reviews on a later day than the one before, up to this one."""
    review_lapses: array[int] = field(default_factory=partial(array, "i"))
    """Per review, the card's lapses (Again on a later day) before this one."""
    reviews: list[FSRSReview] = field(default_factory=list)
    """Per review, its fsrs-rs review (shared with the items)."""

    def __len__(self) -> int:
        return len(self.ends)

    @property
    def targets(self) -> list[tuple[int, int]]:
        """Per item, (start, end) of its reviews in the columns."""
        starts = self.review_starts
        return [(starts[end], end + 1) for end in self.ends]

    def item(self, index: int) -> TrainingItem:
        end = self.ends[index]
        start = self.review_starts[end]
        key = next(card for card, first, last in self.cards if first == start)
        at = datetime.fromtimestamp(self.review_times[end] / 1000, UTC)
        ratings = tuple(self.review_ratings[start : end + 1])
        return TrainingItem(key, self.card_ids[index], at, ratings,
                            tuple(self.review_deltas[start : end + 1]))  # fmt: skip

    def __iter__(self) -> Iterator[TrainingItem]:
        return (self.item(index) for index in range(len(self)))

    def since(self, first: int) -> TrainingItems:
        """The items from ``first`` on (the same cards and columns)."""
        return TrainingItems(
            self.ends[first:], self.fsrs[first:], self.card_ids[first:], self.cards,
            self.review_ratings, self.review_deltas, self.review_times, self.review_starts,
            self.review_counted, self.review_lapses, self.reviews,
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

    def places(self) -> Callable[[int], int]:
        """A time's study day counted from an origin of its own (for differences)."""
        return partial(bisect_right, self._starts)


def build_items(
    rows: Iterable[LogRow], days: DayBoundary, card_ids: Mapping[str, int]
) -> TrainingItems:
    """Turns a review log, ordered by card then time, into training items (see
    :func:`items_from_logs`)."""
    logs: list[CardLog] = []
    for card, group in groupby(rows, key=itemgetter(0)):
        entries = list(group)
        kinds = [entry[3] for entry in entries]
        logs.append((card, card_ids[card], [entry[1] or 0 for entry in entries],
                     [entry[2] for entry in entries],
                     None if all(kind == "review" for kind in kinds) else kinds))  # fmt: skip
    logs.sort(key=itemgetter(1))
    return items_from_logs(logs, days)


def items_from_logs(logs: Iterable[CardLog], days: DayBoundary) -> TrainingItems:
    """Turns a review log, card by card in card number order, into training items ordered
    by the time of their target review.

    Args:
        logs: Each card's log (:data:`CardLog`), cards in number order.
        days: The person's day boundary; ``delta_t`` counts its study days.

    Returns:
        One item per review that follows an earlier review of the same card on an earlier
        study day. A card's first review is never a target (there is nothing to predict it
        from) and neither is a same-day review: the forgetting curve gives recall 1 at
        ``delta_t`` 0, and fsrs-rs refuses to train or evaluate on such targets. Same-day
        reviews still appear, with ``delta_t`` 0, in the history of the items after them.
    """
    out = TrainingItems()
    kept = [_kept(log) for log in logs]
    kept = [log for log in kept if len(log[3]) > 1]
    if not kept:
        return out
    study = StudyDays(days, min(log[3][0] for log in kept), max(log[3][-1] for log in kept))
    day_of = study.places()
    ratings, deltas, times, firsts = (out.review_ratings, out.review_deltas,
                                      out.review_times, out.review_starts)  # fmt: skip
    ends: list[int] = []
    numbers: list[int] = []
    for key, number, card_ratings, card_times, _ in kept:
        days_of = list(map(day_of, card_times))  # study days from an origin: differences
        card_deltas = [0, *map(sub, days_of[1:], days_of)]
        base = len(ratings)
        targets = list(compress(range(base, base + len(card_deltas)), card_deltas))
        if not targets:
            continue
        size = len(card_deltas)
        out.cards.append((key, base, base + size))
        ratings.extend(card_ratings)
        deltas.extend(card_deltas)
        times.extend(card_times)
        firsts.extend(repeat(base, size))
        out.review_counted.extend(accumulate(map(bool, card_deltas[1:]), initial=0))
        lapsed = map(mul, map(_AGAIN.__eq__, card_ratings[:-1]), map(bool, card_deltas))
        out.review_lapses.extend(accumulate(lapsed, initial=0))
        numbers += [number] * size
        ends += targets
    ends.sort(key=times.__getitem__)  # Anki: by revlog id (the time); stable: cards in order
    out.ends.extend(ends)
    out.reviews = reviews = _ReviewTable().reviews(ratings, deltas)
    out.fsrs = [FSRSItem(reviews[firsts[end] : end + 1]) for end in ends]
    out.card_ids.extend(map(numbers.__getitem__, ends))
    return out


def _kept(log: CardLog) -> CardLog:
    """What the memory model takes of one card's log (:func:`memory_entries`)."""
    key, number, ratings, times, kinds = log
    if kinds is None:
        return log
    rows = [(key, rating, at, kind) for rating, at, kind in zip(ratings, times, kinds, strict=True)]
    entries = memory_entries(rows)
    return (key, number, [row[1] or 0 for row in entries], [row[2] for row in entries], None)


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
