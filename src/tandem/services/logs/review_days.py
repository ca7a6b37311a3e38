"""Provides each review's study day and gap, worked out where a card's history is replayed
(a lead's first load, in its worker processes), so the review goes into the cache with them
rather than being written a second time by ``StudyDays.refresh``.

The rules are ``StudyDays.refresh``'s: the day is the study day of the review's time by its
person's day boundary (``date.toordinal``); the gap is the days since the card's latest
memory answer (``review``, ``restart``) strictly before it in time, ``None`` without one.
"""

from __future__ import annotations

from collections.abc import Sequence

from tandem.models import Review, ReviewKind
from tandem.scheduling.days import DayBoundary, quarter_hour

_MEMORY = frozenset((ReviewKind.REVIEW, ReviewKind.RESTART))


class ReviewDays:
    """Study days of one person's reviews; every boundary is a whole number of quarter hours
    from UTC, so a quarter hour's day is worked out once."""

    def __init__(self, days: DayBoundary) -> None:
        self.key = days.key
        """The boundary the days follow (``StudyDays.boundary``)."""
        self._days = days
        self._cache: dict[int, int] = {}

    def day(self, review: Review) -> int:
        quarter = quarter_hour(review.at)
        found = self._cache.get(quarter)
        if found is None:
            found = self._cache[quarter] = self._days.study_date(review.at).toordinal()
        return found

    def of_card(self, reviews: Sequence[Review]) -> list[tuple[int, int | None]]:
        """(day, gap) of each of a card's reviews, given in time order."""
        found: list[tuple[int, int | None]] = []
        memory_day: int | None = None  # of the latest memory answer before this instant
        pending: int | None = None  # of one at this instant (it counts from the next)
        at = None
        for review in reviews:
            if review.at != at:
                at = review.at
                if pending is not None:
                    memory_day, pending = pending, None
            day = self.day(review)
            found.append((day, None if memory_day is None else day - memory_day))
            if review.kind in _MEMORY:
                pending = day
        return found
