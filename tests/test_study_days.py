"""Elapsed time in study days: the two-answer case Anki gets right, zones, previews."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.config.settings import PersonSettings
from tandem.models import CardState, FsrsState, Rating
from tandem.scheduling.days import quarter_hour
from tandem.scheduling.scheduler import PersonScheduler

_FROM, _TO = datetime(2000, 1, 1), datetime(2037, 12, 31)  # noqa: DTZ001 - hypothesis' bounds


def _utc_days(**changes: object) -> PersonScheduler:
    return PersonScheduler(PersonSettings(fuzz=False, timezone="UTC").updated(changes))


def test_the_next_study_day_is_a_new_day_even_within_24_hours() -> None:
    """Easy at 22:00, Good at 08:00: less than a day apart, but on the next study day (4 am
    boundary), so FSRS takes the long-term update, as Anki does (S = 13.485)."""
    scheduler = _utc_days()
    easy = scheduler.review("k", CardState(), Rating.EASY, datetime(2026, 3, 1, 22, tzinfo=UTC))
    good = scheduler.review("k", easy, Rating.GOOD, datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert good.stability == pytest.approx(13.485, abs=0.001)
    assert good.due == datetime(2026, 3, 15, 8, tzinfo=UTC)  # 13 days from the answer


def test_answers_before_the_day_boundary_belong_to_the_day_before() -> None:
    scheduler = _utc_days()
    easy = scheduler.review("k", CardState(), Rating.EASY, datetime(2026, 3, 1, 22, tzinfo=UTC))
    late = scheduler.review("k", easy, Rating.GOOD, datetime(2026, 3, 2, 3, 59, tzinfo=UTC))
    next_day = scheduler.review("k", easy, Rating.GOOD, datetime(2026, 3, 2, 4, tzinfo=UTC))
    assert late.stability == pytest.approx(8.2956, abs=1e-4)  # same study day: short-term
    assert next_day.stability == pytest.approx(13.485, abs=0.001)
    assert scheduler.elapsed_days(easy, datetime(2026, 3, 2, 3, 59, tzinfo=UTC)) == 0


def test_the_day_boundary_follows_the_persons_zone() -> None:
    berlin = _utc_days(timezone="Europe/Berlin")  # 4 am in Berlin is 03:00 UTC in March
    easy = berlin.review("k", CardState(), Rating.EASY, datetime(2026, 3, 1, 22, tzinfo=UTC))
    at = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)  # 04:30 in Berlin: the next study day
    assert berlin.elapsed_days(easy, at) == 1
    assert _utc_days().elapsed_days(easy, at) == 0


def test_previews_and_retrievability_count_study_days() -> None:
    scheduler = _utc_days()
    easy = scheduler.review("k", CardState(), Rating.EASY, datetime(2026, 3, 1, 22, tzinfo=UTC))
    at = datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert scheduler.preview("k", easy, at)[Rating.GOOD] == timedelta(days=13)
    assert scheduler.retrievability(easy, at) == pytest.approx(
        scheduler.model.retrievability(easy.stability or 0, 1)
    )
    assert scheduler.retrievability(easy, at) < 1.0
    assert scheduler.retrievability(easy, datetime(2026, 3, 2, 3, tzinfo=UTC)) == 1.0


@settings(max_examples=200)
@given(
    st.datetimes(_FROM, _TO, timezones=st.just(UTC)),
    st.timedeltas(timedelta(0), timedelta(days=40)),
    st.sampled_from(["UTC", "Asia/Kathmandu", "Australia/Lord_Howe", "America/Santiago"]),
)
def test_elapsed_days_are_study_date_differences(at: datetime, gap: timedelta, zone: str) -> None:
    """Study days are read once per UTC quarter hour (every zone's day starts on one)."""
    scheduler = PersonScheduler(PersonSettings(timezone=zone))
    days = scheduler.days
    state = CardState(state=FsrsState.REVIEW, stability=1.0, difficulty=5.0, last_review=at)
    expected = (days.study_date(at + gap) - days.study_date(at)).days
    assert scheduler.elapsed_days(state, at + gap) == expected
    assert scheduler.elapsed_days(state, at + gap) == expected  # and again, from the cache


@given(
    at=st.datetimes(datetime(1900, 1, 1), _TO),  # noqa: DTZ001 - hypothesis' bounds
    offset=st.integers(-14 * 4, 14 * 4),
)
def test_a_quarter_hour_holds_the_instants_of_one_utc_quarter_hour(
    at: datetime, offset: int
) -> None:
    """The study-day cache's key: the UTC quarter hours since the epoch, floored (before
    1970 too), whatever zone the instant is written in."""
    utc = at.replace(tzinfo=UTC)
    start = datetime(1970, 1, 1, tzinfo=UTC)
    expected = (utc - start) // timedelta(minutes=15)
    assert quarter_hour(utc) == expected
    assert quarter_hour(utc.astimezone(timezone(timedelta(minutes=15 * offset)))) == expected
    on_the_quarter = start + expected * timedelta(minutes=15)
    assert quarter_hour(on_the_quarter) == expected
    assert quarter_hour(on_the_quarter - timedelta(microseconds=1)) == expected - 1


def test_a_naive_instant_is_read_as_local_time_for_its_quarter_hour() -> None:
    at = datetime(2024, 3, 10, 12, 7, 30)  # noqa: DTZ001 - local time on purpose
    assert quarter_hour(at) == quarter_hour(at.astimezone(UTC))
