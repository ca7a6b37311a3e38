"""A first load's study days and gaps (``ReviewDays``, worked out as histories are replayed)
are the ones ``StudyDays.refresh`` works out in SQL from the same log."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.config import resolve_paths
from tandem.models import FrozenClock, FsrsState, Rating, Review, ReviewKind
from tandem.scheduling.days import DayBoundary
from tandem.services import build_services
from tandem.services.logs.review_days import ReviewDays
from tandem.services.stats.stats import day_offsets
from tandem.storage.db import Store
from tandem.storage.reviews import review_values
from tandem.storage.study_days import StudyDays

from .conftest import START, add_notes, examples

ZONES = ["UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Europe/Berlin"]
"""Daylight saving both ways, a half-hour change, a 45-minute offset."""
CARDS = 2

_entry = st.tuples(
    st.integers(0, CARDS - 1),
    st.sampled_from(list(ReviewKind)),
    st.integers(0, 400 * 24 * 4),  # quarter hours from the start
    st.integers(0, 899),  # seconds into the quarter hour
    st.booleans(),  # at the instant of the entry before instead
)


def _instants(entries: list[tuple[int, ReviewKind, int, int, bool]]) -> list[datetime]:
    found: list[datetime] = []
    for _, _, quarter, second, same in entries:
        at = START + timedelta(minutes=15 * quarter, seconds=second)
        found.append(found[-1] if same and found else at)
    return found


def _review(
    number: int, entry: tuple[int, ReviewKind, int, int, bool], at: datetime, keys: list[str]
) -> Review:
    card, kind = entry[:2]
    answer = kind not in (ReviewKind.RESET, ReviewKind.MANUAL)
    return Review(
        id=f"r{number:05d}", card=keys[card], person="alice", grader="alice", at=at, kind=kind,
        rating=Rating.GOOD if answer else None,
        due=at + timedelta(days=3) if kind is ReviewKind.MANUAL else None,
    )  # fmt: skip


@settings(max_examples=examples(200), deadline=None)
@given(
    entries=st.lists(_entry, min_size=1, max_size=40),
    zone=st.sampled_from(ZONES),
    hour=st.integers(0, 23),
)
def test_days_and_gaps_as_replayed_are_the_ones_refresh_works_out(
    entries: list[tuple[int, ReviewKind, int, int, bool]], zone: str, hour: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        svc = build_services(
            resolve_paths(Path(tmp) / "t.db", Path(tmp) / "decks"),
            db=Store(Path(tmp) / "t.db"),
            clock=FrozenClock(START),
        )
        try:
            keys = add_notes(svc, CARDS)
            svc.people.add("alice")
            changes = {"timezone": zone, "day_starts_at_hour": hour}
            svc.people.update_settings("alice", svc.people.settings("alice").updated(changes))
            reviews = [
                _review(n, entry, at, keys)
                for n, (entry, at) in enumerate(zip(entries, _instants(entries), strict=True))
            ]
            with svc.ctx.store.write():
                svc.ctx.reviews.add_rows(review_values(r, FsrsState.NEW) for r in reviews)
                days = svc.ctx.person("alice").days
                svc.ctx.store.repo(StudyDays).refresh("alice", days.key, partial(day_offsets, days))
            rows = svc.ctx.store.conn.execute("SELECT id, day, gap FROM reviews")
            stored = {review_id: (day, gap) for review_id, day, gap in rows}
        finally:
            svc.close()
    worked_out = ReviewDays(DayBoundary(hour, zone))
    assert worked_out.key == days.key
    replayed: dict[str, tuple[int, int | None]] = {}
    for key in keys:
        history = sorted((r for r in reviews if r.card == key), key=lambda r: (r.at, r.id))
        replayed |= zip((r.id for r in history), worked_out.of_card(history), strict=True)
    assert replayed == stored


def test_an_answer_at_the_same_instant_is_no_earlier_answer() -> None:
    """Two answers of one card at one instant both count from the answer before them."""
    days = ReviewDays(DayBoundary(4, "UTC"))
    first = datetime(2026, 3, 1, 10, tzinfo=UTC)
    later = first + timedelta(days=2)
    history = [
        Review(id=f"r{n}", card="c", person="a", grader="a", at=at, rating=Rating.GOOD, kind=kind)
        for n, (at, kind) in enumerate([
            (first, ReviewKind.REVIEW),
            (later, ReviewKind.REVIEW),
            (later, ReviewKind.CRAM),
            (later + timedelta(days=1), ReviewKind.CRAM),
            (later + timedelta(days=5), ReviewKind.REVIEW),
        ])
    ]  # fmt: skip
    day = first.date().toordinal()
    assert days.of_card(history) == [
        (day, None), (day + 2, 2), (day + 2, 2), (day + 3, 1), (day + 7, 5)
    ]  # fmt: skip
