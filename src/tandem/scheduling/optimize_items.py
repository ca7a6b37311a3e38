"""Provides the conversion of a review log into FSRS training items for fsrs-rs, as Anki's.

An item is one card's history up to and including one of its reviews (the *target*): the
model sees the earlier reviews and predicts whether the target was recalled. Items are
made as Anki's ``fsrs_items_for_training`` makes them: a card's history is what Anki's rules
keep of its log (after its last reset, from its last restart, without cramming);
``delta_t`` counts the person's study days (their day boundary and time zone), so two
reviews on the same study day have ``delta_t`` 0; only reviews on a later study day than
the one before are targets; items are ordered by the time of their target, then by card.

100,000 reviews make some 80,000 items: the work per review is kept to a few lookups, and
the fsrs-rs items are made once, for every use.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import groupby, pairwise
from operator import attrgetter, itemgetter
from typing import NamedTuple

from fsrs_rs_python import FSRSItem, FSRSReview

from tandem.scheduling.days import DayBoundary

LogRow = tuple[str, int | None, int, str]
"""One log entry as the optimizer reads it: (card, rating or ``None`` for a reset, time in
milliseconds since 1970 (UTC), kind)."""

_MEMORY = ("review", "restart")
_MARGIN = timedelta(days=2)


class CardHistory(NamedTuple):
    """What the memory model takes of one card's log (``delta_ts[0]`` is 0)."""

    card: str
    card_id: int
    ratings: tuple[int, ...]
    delta_ts: tuple[int, ...]
    times: tuple[int, ...]
    """Milliseconds since 1970 (UTC), as Anki's revlog ids."""


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

    Attributes:
        cards: The history of each card with items, in card number order.
        targets: Per item, (card index into ``cards``, reviews in the item).
        fsrs: Per item, the fsrs-rs item.
        card_ids: Per item, its card's number.
    """

    cards: list[CardHistory] = field(default_factory=list)
    targets: list[tuple[int, int]] = field(default_factory=list)
    fsrs: list[FSRSItem] = field(default_factory=list)
    card_ids: list[int] = field(default_factory=list)
    reviews: list[list[FSRSReview]] = field(default_factory=list)
    """Per card, its history as fsrs-rs reviews (shared by its items)."""

    def __len__(self) -> int:
        return len(self.targets)

    def item(self, index: int) -> TrainingItem:
        card, length = self.targets[index]
        h = self.cards[card]
        at = datetime.fromtimestamp(h.times[length - 1] / 1000, UTC)
        return TrainingItem(h.card, h.card_id, at, h.ratings[:length], h.delta_ts[:length])

    def __iter__(self) -> Iterator[TrainingItem]:
        return (self.item(index) for index in range(len(self)))

    def since(self, start: int) -> TrainingItems:
        """The items from ``start`` on (the same cards)."""
        return TrainingItems(self.cards, self.targets[start:], self.fsrs[start:],
                             self.card_ids[start:], self.reviews)  # fmt: skip


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
    rows: Iterable[LogRow], days: DayBoundary, card_ids: Mapping[str, int]
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
    log = rows if isinstance(rows, list) else list(rows)
    if not log:
        return TrainingItems()
    moments = [row[2] for row in log]
    day_of, histories = StudyDays(days, min(moments), max(moments)), []
    plain = all(row[3] == "review" for row in log)  # answers only: no rules to apply
    for card, group in groupby(log, key=itemgetter(0)):
        entries = list(group)
        kept = entries if plain else memory_entries(entries)
        histories.append(card_history(card, card_ids[card], kept, day_of))
    # Anki sorts its items by revlog id (the time), keeping card order (card ids) on ties.
    histories.sort(key=attrgetter("card_id"))
    out, order = TrainingItems(), []
    table = _ReviewTable()
    for history in histories:
        deltas, times, index = history.delta_ts, history.times, len(out.cards)
        targets = [(times[k], index, k + 1) for k in range(1, len(deltas)) if deltas[k]]
        if targets:
            out.cards.append(history)
            out.reviews.append(table.reviews(history.ratings, deltas))
            order += targets
    order.sort(key=itemgetter(0))
    reviews, cards = out.reviews, out.cards
    for _, index, length in order:
        out.targets.append((index, length))
        out.fsrs.append(FSRSItem(reviews[index][:length]))
        out.card_ids.append(cards[index].card_id)
    return out


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


def card_history(
    card: str, card_id: int, entries: Sequence[LogRow], day_of: StudyDays
) -> CardHistory:
    """One card's memory answers as ratings, study days between them and times."""
    times = tuple(entry[2] for entry in entries)
    numbers = day_of.numbers(times)
    deltas = (0, *(later - earlier for earlier, later in pairwise(numbers)))
    ratings = tuple(entry[1] or 0 for entry in entries)
    return CardHistory(card, card_id, ratings, deltas, times)


class _ReviewTable:
    """One ``FSRSReview`` per (rating, delta_t): few pairs recur across 100,000 reviews."""

    def __init__(self) -> None:
        self._rows: list[list[FSRSReview]] = [[] for _ in range(5)]

    def reviews(self, ratings: Sequence[int], deltas: Sequence[int]) -> list[FSRSReview]:
        rows = self._rows
        most = max(deltas)
        for rating in set(ratings):
            row = rows[rating]
            row += [FSRSReview(rating, delta) for delta in range(len(row), most + 1)]
        return [rows[rating][delta] for rating, delta in zip(ratings, deltas, strict=True)]
