"""The short texts of the screens: Anki-style intervals, elapsed time, percentages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tandem.tui.formatting import format_elapsed, format_interval, percent


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=6), "6m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=40), "1h"),
        (timedelta(hours=1, minutes=30), "1.5h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=8, hours=3), "8d"),
        (timedelta(days=105), "3.5mo"),
        (timedelta(days=438), "1.2y"),
        (timedelta(seconds=-5), "0s"),
    ],
)
def test_format_interval_like_anki(delta: timedelta, text: str) -> None:
    assert format_interval(delta) == text


def test_format_elapsed() -> None:
    assert format_elapsed(timedelta(seconds=45)) == "45s"
    assert format_elapsed(timedelta(minutes=3, seconds=5)) == "3m 05s"
    assert format_elapsed(timedelta(hours=1, minutes=2)) == "1h 02m"


def test_percent() -> None:
    assert percent(1, 3) == "33%"
    assert percent(0, 0) == "0%"
