"""Storage time text: fixed width, sorts like the times, read back exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.models import format_utc, parse_utc

_NAIVE_BOUNDS = {"min_value": datetime(1000, 1, 1), "max_value": datetime(9999, 12, 30)}  # noqa: DTZ001
_AWARE = st.datetimes(**_NAIVE_BOUNDS, timezones=st.just(UTC))


@given(_AWARE)
def test_the_text_is_strftimes_fixed_width_format_and_reads_back(at: datetime) -> None:
    text = format_utc(at)
    assert text == at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert len(text) == 27
    assert parse_utc(text) == at


@given(_AWARE, _AWARE)
def test_the_text_sorts_like_the_times(a: datetime, b: datetime) -> None:
    assert (format_utc(a) < format_utc(b)) == (a < b)


def test_other_offsets_are_written_in_utc() -> None:
    at = datetime(2026, 3, 4, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert format_utc(at) == "2026-03-04T10:00:00.000000Z"


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_utc(datetime(2026, 3, 4))  # noqa: DTZ001


def test_the_same_instant_gives_the_same_text_in_any_zone_and_naive_times_stay_refused() -> None:
    at = datetime(2026, 3, 4, 10, 0, 0, 1000, tzinfo=UTC)
    assert format_utc(at) == "2026-03-04T10:00:00.001000Z"
    elsewhere = at.astimezone(timezone(timedelta(hours=-5)))
    assert format_utc(elsewhere) == format_utc(at)
    with pytest.raises(ValueError, match="aware"):
        format_utc(at.replace(tzinfo=None))
