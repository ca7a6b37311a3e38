"""Provides the conversion of a review log into FSRS training items for fsrs-rs.

An item is one card's history up to and including one of its reviews (the *target*): the
model sees the earlier reviews and predicts whether the target was recalled. ``delta_t`` is
counted in the person's study days (their day boundary and time zone), so two reviews on the
same study day have ``delta_t`` 0, which the short-term part of FSRS-6 expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import groupby, pairwise
from typing import NamedTuple

from fsrs_rs_python import FSRSItem, FSRSReview

from tandem.scheduling.days import DayBoundary


class TrainingItem(NamedTuple):
    """One card's reviews up to a target review on a later study day than the one before.

    Attributes:
        card: The card key.
        at: When the target (last) review was made; items are ordered by it.
        ratings: The ratings (1-4), oldest first; the last one is the target's.
        delta_ts: Study days since the card's previous review (0 for the first review).
    """

    card: str
    at: datetime
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


def build_items(
    reviews: Iterable[tuple[str, int, datetime]], days: DayBoundary
) -> list[TrainingItem]:
    """Turns a review log into training items, ordered by the time of their target review.

    Args:
        reviews: ``(card, rating, at)`` ordered by card, then time (as the log is read).
        days: The person's day boundary; ``delta_t`` counts its study days.

    Returns:
        One item per review that follows an earlier review of the same card on an earlier
        study day. A card's first review is never a target (there is nothing to predict it
        from) and neither is a same-day review: the forgetting curve gives recall 1 at
        ``delta_t`` 0, and fsrs-rs refuses to train or evaluate on such targets. Same-day
        reviews still appear, with ``delta_t`` 0, in the history of the items after them.
    """
    items: list[TrainingItem] = []
    for card, group in groupby(reviews, key=lambda review: review[0]):
        items += card_items(card, [(rating, at) for _, rating, at in group], days)
    items.sort(key=lambda item: (item.at, item.card))
    return items


def card_items(
    card: str, history: Sequence[tuple[int, datetime]], days: DayBoundary
) -> list[TrainingItem]:
    """The training items of one card, from its ``(rating, at)`` reviews, oldest first."""
    dates = [days.study_date(at) for _, at in history]
    ratings = tuple(rating for rating, _ in history)
    delta_ts = (0, *((later - earlier).days for earlier, later in pairwise(dates)))
    return [
        TrainingItem(card, history[k][1], ratings[: k + 1], delta_ts[: k + 1])
        for k in range(1, len(history))
        if delta_ts[k] > 0
    ]


def to_fsrs_items(items: Iterable[TrainingItem]) -> list[FSRSItem]:
    """Converts items for fsrs-rs, keeping their order."""
    # Few (rating, delta_t) pairs recur across 100,000 reviews: share their objects.
    reviews: dict[tuple[int, int], FSRSReview] = {}
    return [item.to_fsrs(reviews) for item in items]
