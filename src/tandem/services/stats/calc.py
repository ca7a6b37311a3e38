"""Provides the arithmetic of the figures: pure functions over review facts and study days."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from tandem.models import FsrsState, Rating
from tandem.scheduling.days import DayBoundary
from tandem.services.stats.models import (
    YOUNG_MATURE_DAYS,
    Activity,
    Calibration,
    DayActivity,
    DayCount,
    Retention,
    Streak,
    Tally,
)
from tandem.storage.stats import ReviewFact

CALIBRATION_WINDOW = timedelta(days=30)
"""A solo review further than this from a partner-graded one is not compared with it."""


def days_between(start: date, end: date) -> list[date]:
    """Every date from ``start`` to ``end``, both included."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def activity(facts: Iterable[ReviewFact], days: DayBoundary, start: date, end: date) -> Activity:
    """Reviews and time per study day, with a (zero) entry for every day of the range."""
    reviews: Counter[date] = Counter()
    spent: Counter[date] = Counter()
    cram: Counter[date] = Counter()
    for fact in facts:
        day = days.study_date(fact.at)
        reviews[day] += 1
        spent[day] += fact.duration_ms or 0
        cram[day] += fact.cram
    listed = (DayActivity(d, reviews[d], spent[d], cram[d]) for d in days_between(start, end))
    return Activity(start, end, tuple(listed))


def is_mature(fact: ReviewFact, days: DayBoundary) -> bool:
    """Whether the card was tested after >= 21 study days since its previous review."""
    if fact.prev_at is None:
        return False
    gap = days.study_date(fact.at) - days.study_date(fact.prev_at)
    return gap.days >= YOUNG_MATURE_DAYS


def tally(facts: Iterable[ReviewFact], days: DayBoundary) -> tuple[Tally, Tally]:
    """(young, mature) true-retention tallies of the reviews of cards in review state
    (cramming left out, as in Anki)."""
    counts = {False: [0, 0], True: [0, 0]}
    for fact in facts:
        if fact.prev_state is FsrsState.REVIEW and not fact.cram:
            cell = counts[is_mature(fact, days)]
            cell[0] += 1
            cell[1] += fact.rating is not Rating.AGAIN
    return Tally(*counts[False]), Tally(*counts[True])


def retention(
    facts: Sequence[ReviewFact], days: DayBoundary, today: date, window: int, target: float
) -> Retention:
    """True retention over the ``window`` study days that end with ``today``."""
    first = today - timedelta(days=window - 1)
    young, mature = tally((f for f in facts if days.study_date(f.at) >= first), days)
    return Retention(window, young, mature, target)


def streak(studied: set[date], today: date) -> Streak:
    """Consecutive study days up to today (today counts if studied, else up to yesterday)."""
    day = today if today in studied else today - timedelta(days=1)
    last = day if day in studied else None
    count = 0
    while day in studied:
        count += 1
        day -= timedelta(days=1)
    return Streak(count, last, today in studied)


def forecast(dues: Iterable[datetime], days: DayBoundary, today: date, span: int) -> list[DayCount]:
    """Cards per study day for ``span`` days from today; overdue cards count for today."""
    counts: Counter[date] = Counter(max(days.study_date(due), today) for due in dues)
    return [DayCount(today + timedelta(days=n), counts[today + timedelta(days=n)])
            for n in range(span)]  # fmt: skip


def calibration(
    person: str,
    facts: Iterable[ReviewFact],
    start: datetime,
    end: datetime,
    grader: str | None = None,
) -> Calibration:
    """Compares each partner-graded review in ``[start, end)`` with the nearest solo review.

    Reviews of new cards (first sight) are left out: they test nothing yet. Ties in
    distance go to the earlier solo review; solo reviews may be used for several pairs.
    """
    solo: dict[str, list[ReviewFact]] = defaultdict(list)
    graded: list[ReviewFact] = []
    for fact in facts:
        if fact.prev_state is FsrsState.NEW:
            continue
        if fact.grader == person:
            solo[fact.card].append(fact)
        elif (grader is None or fact.grader == grader) and start <= fact.at < end:
            graded.append(fact)
    diffs = []
    for other in graded:
        near = [s for s in solo[other.card] if abs(s.at - other.at) <= CALIBRATION_WINDOW]
        if near:
            mine = min(near, key=lambda s: (abs(s.at - other.at), s.at))
            diffs.append(int(mine.rating) - int(other.rating))
    return Calibration(
        person=person,
        grader=grader,
        pairs=len(diffs),
        generous=sum(1 for d in diffs if d > 0),
        same=sum(1 for d in diffs if d == 0),
        stricter=sum(1 for d in diffs if d < 0),
        rating_difference=sum(diffs) / len(diffs) if diffs else None,
    )
