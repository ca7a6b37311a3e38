"""The per-person FSRS scheduler: exact intervals, deterministic fuzz, day boundary, leeches."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.config.settings import PersonSettings
from tandem.models import CardState, FsrsState, Rating
from tandem.scheduling.days import DayBoundary
from tandem.scheduling.fuzz import fuzz_factor
from tandem.scheduling.intervals import fuzz_bounds, with_fuzz
from tandem.scheduling.leech import is_leech_lapse
from tandem.scheduling.scheduler import PersonScheduler

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def _run(scheduler: PersonScheduler, ratings: list[int], key: str = "k") -> list[timedelta]:
    state, at, intervals = CardState(), T0, []
    for rating in ratings:
        state = scheduler.review(key, state, Rating(rating), at)
        assert state.due is not None
        intervals.append(state.due - at)
        at = state.due
    return intervals


def test_exact_intervals_without_fuzz() -> None:
    scheduler = PersonScheduler(PersonSettings(fuzz=False))
    intervals = _run(scheduler, [3, 3, 3, 3, 1, 3, 3])
    assert intervals == [
        timedelta(minutes=10),  # learning step 2
        timedelta(days=2),  # graduates
        timedelta(days=11),
        timedelta(days=46),
        timedelta(minutes=10),  # lapse: relearning step
        timedelta(days=3),
        timedelta(days=8),
    ]


def test_easy_first_answer_and_hard_step() -> None:
    scheduler = PersonScheduler(PersonSettings(fuzz=False))
    previews = scheduler.preview("k", CardState(), T0)
    assert previews == {
        Rating.AGAIN: timedelta(minutes=1),
        Rating.HARD: timedelta(minutes=5, seconds=30),
        Rating.GOOD: timedelta(minutes=10),
        Rating.EASY: timedelta(days=8),
    }


def test_desired_retention_changes_intervals() -> None:
    low = _run(PersonScheduler(PersonSettings(fuzz=False, desired_retention=0.8)), [3, 3, 3, 3])
    high = _run(PersonScheduler(PersonSettings(fuzz=False, desired_retention=0.95)), [3, 3, 3, 3])
    assert low[-1] > high[-1]


def test_reps_and_lapses_are_counted() -> None:
    scheduler = PersonScheduler(PersonSettings(fuzz=False))
    state = CardState()
    for rating in [1, 3, 3, 3, 1, 1, 3, 1]:
        state = scheduler.review("k", state, Rating(rating), (state.due or T0))
    assert state.reps == 8
    assert state.lapses == 2  # Again while learning or relearning is not a lapse
    assert state.state is FsrsState.RELEARNING


def test_fuzz_is_deterministic_per_card_and_review_count() -> None:
    scheduler = PersonScheduler(PersonSettings())
    assert _run(scheduler, [3, 3, 3, 3, 3]) == _run(scheduler, [3, 3, 3, 3, 3])
    many = {tuple(_run(scheduler, [3, 3, 3, 3], key=f"card{i}")) for i in range(30)}
    assert len(many) > 1  # different cards spread out


def test_fuzz_stays_in_anki_range() -> None:
    assert with_fuzz(fuzz_factor("k", 1), 2.0, 1, 36500) == 2  # under 2.5 days: no fuzz
    for interval in (3, 7, 20, 100, 1000):
        low, high = fuzz_bounds(interval, 1, 36500)
        values = {with_fuzz(fuzz_factor("k", n), interval, 1, 36500) for n in range(2000)}
        assert (min(values), max(values)) == (low, high)  # every day of the range is drawn
        assert low <= interval <= high
    assert fuzz_bounds(100, 1, 36500) == (93, 107)
    assert fuzz_bounds(10, 1, 36500) == (8, 12)


def test_fuzz_respects_maximum_interval() -> None:
    assert max(with_fuzz(fuzz_factor("k", n), 100, 1, 100) for n in range(50)) == 100


def test_day_boundary_rolls_over_at_4am_local() -> None:
    days = DayBoundary(4, "Europe/Berlin")  # UTC+1 in winter
    before = datetime(2026, 1, 10, 2, 30, tzinfo=UTC)  # 03:30 Berlin: still 9 January
    after = datetime(2026, 1, 10, 3, 30, tzinfo=UTC)  # 04:30 Berlin: 10 January
    assert days.study_date(before) == date(2026, 1, 9)
    assert days.study_date(after) == date(2026, 1, 10)
    assert days.day_start(after) == datetime(2026, 1, 10, 3, 0, tzinfo=UTC)
    assert days.next_day_start(before) == datetime(2026, 1, 10, 3, 0, tzinfo=UTC)


def test_day_boundary_across_daylight_saving() -> None:
    days = DayBoundary(4, "America/New_York")
    # DST starts 2026-03-08 at 2 am: 4 am EDT is 08:00 UTC, 4 am EST was 09:00 UTC
    assert days.start_of(date(2026, 3, 7)) == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    assert days.start_of(date(2026, 3, 8)) == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lapses", "threshold", "leech"),
    [(7, 8, False), (8, 8, True), (9, 8, False), (11, 8, False), (12, 8, True), (16, 8, True),
     (3, 3, True), (4, 3, False), (5, 3, True), (7, 3, True), (1, 1, True), (2, 1, True)],
)  # fmt: skip
def test_leech_threshold_then_every_half(lapses: int, threshold: int, leech: bool) -> None:
    """Anki's cases (``leech_threshold_met``): half the threshold is rounded up."""
    assert is_leech_lapse(lapses, threshold) is leech


def test_replay_equals_step_by_step() -> None:
    scheduler = PersonScheduler(PersonSettings())
    state, at, history = CardState(), T0, []
    for rating in [3, 1, 1, 3, 4, 2, 3]:
        history.append((Rating(rating), at))
        state = scheduler.review("k", state, Rating(rating), at)
        at = (state.due or at) + timedelta(hours=3)
    assert scheduler.replay("k", history) == state


_FROM, _TO = datetime(2000, 1, 1), datetime(2037, 12, 31)  # noqa: DTZ001 - hypothesis' bounds


@pytest.fixture(params=["Europe/Berlin", "America/New_York", "America/Santiago",
                        "Australia/Lord_Howe"])  # fmt: skip
def local_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This machine's local time is the zone's (TZ), for the test only. Santiago changes its
    clocks at midnight, Lord Howe by half an hour."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def berlin_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine's local time is Berlin's (TZ), for the test only."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # set once for all
@given(st.datetimes(_FROM, _TO, timezones=st.just(UTC)), st.integers(0, 23))
def test_the_local_day_follows_daylight_saving_like_the_named_zone(
    local_zone: str, at: datetime, hour: int
) -> None:
    local, named = DayBoundary(hour), DayBoundary(hour, local_zone)
    assert local.study_date(at) == named.study_date(at)
    assert local.day_start(at) == named.day_start(at) <= at < local.next_day_start(at)
    assert local.next_day_start(at) == named.next_day_start(at)


@pytest.mark.usefixtures("local_zone")
@pytest.mark.parametrize("hour", range(24))
def test_every_local_day_starts_inside_itself(hour: int) -> None:
    days, day = DayBoundary(hour), date(2026, 1, 1)
    for _ in range(366):  # both changes of the clocks, whatever the hour
        assert days.study_date(days.start_of(day)) == day
        day += timedelta(days=1)


@pytest.mark.usefixtures("berlin_local_time")
def test_a_local_day_boundary_made_in_winter_holds_in_summer() -> None:
    days = DayBoundary(4)  # made now (November: UTC+1); July is UTC+2
    assert days.start_of(date(2026, 7, 1)) == datetime(2026, 7, 1, 2, 0, tzinfo=UTC)
    assert days.start_of(date(2026, 1, 10)) == datetime(2026, 1, 10, 3, 0, tzinfo=UTC)
    assert days.study_date(datetime(2026, 7, 1, 2, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_every_button_of_a_review_gives_a_longer_interval_than_the_one_before() -> None:
    scheduler = PersonScheduler(PersonSettings(timezone="UTC"))  # with fuzz
    state = CardState()
    at = T0
    for rating in [3, 3, 3, 2, 3, 4, 3]:
        state = scheduler.review("card", state, Rating(rating), at)
        assert state.due is not None
        at = state.due
        if state.state is FsrsState.REVIEW:
            days = [p.days for p in scheduler.preview("card", state, at).values()][1:]
            assert days[0] < days[1] < days[2]
