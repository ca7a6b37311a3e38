"""Provides the arithmetic of the figures: pure functions over per-day and per-card sums."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from tandem.services.stats.models import (
    Activity,
    Calibration,
    DayActivity,
    DayCount,
    Retention,
    Streak,
    Tally,
)
from tandem.storage.stats import DayFigures, GradeDifferences
from tandem.storage.study_days import CALIBRATION_DAYS

CALIBRATION_WINDOW = timedelta(days=CALIBRATION_DAYS)
"""A solo review further than this from a partner-graded one is not compared with it."""


def days_between(start: date, end: date) -> list[date]:
    """Every date from ``start`` to ``end``, both included."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def activity(figures: Iterable[DayFigures], start: date, end: date) -> Activity:
    """Reviews and time per study day, with a (zero) entry for every day of the range."""
    by_day = {f.day: f for f in figures}
    days = []
    for day in days_between(start, end):
        found = by_day.get(day.toordinal())
        days.append(DayActivity(day, found.reviews, found.duration_ms, found.cram) if found else
                    DayActivity(day, 0, 0, 0))  # fmt: skip
    return Activity(start, end, tuple(days))


def tally(figures: Iterable[DayFigures]) -> tuple[Tally, Tally]:
    """(young, mature) true-retention tallies of the reviews of cards in review state
    (cramming left out, as in Anki)."""
    young, mature = [0, 0], [0, 0]
    for f in figures:
        young[0] += f.young
        young[1] += f.young_passed
        mature[0] += f.mature
        mature[1] += f.mature_passed
    return Tally(*young), Tally(*mature)


def retention(figures: Sequence[DayFigures], today: date, window: int, target: float) -> Retention:
    """True retention over the ``window`` study days that end with ``today``."""
    first = (today - timedelta(days=window - 1)).toordinal()
    young, mature = tally(f for f in figures if f.day >= first)
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


def forecast(dues: Iterable[str], ends: Sequence[str], today: date) -> list[DayCount]:
    """Cards per study day from today: ``ends`` holds when each day ends (UTC text), a due
    time (UTC text) counts for the first day ending after it; overdue cards for today."""
    ordered = sorted(dues)
    counts, before = [], 0
    for n, end in enumerate(ends):
        upto = bisect_left(ordered, end)
        counts.append(DayCount(today + timedelta(days=n), upto - before))
        before = upto
    return counts


def calibration(person: str, found: GradeDifferences, grader: str | None = None) -> Calibration:
    """How ``person``'s self-grades compare with the partner grades paired with them."""
    return Calibration(
        person=person,
        grader=grader,
        pairs=found.pairs,
        generous=found.generous,
        same=found.same,
        stricter=found.stricter,
        rating_difference=found.total / found.pairs if found.pairs else None,
    )
