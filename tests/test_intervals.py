"""Anki's interval rules: fuzz bounds, the growth minimum, button order, the maximum.

The cases with expected values are Anki's own unit tests (``rslib/src/scheduler/states/
fuzz.rs``), so these rules are checked against Anki's figures, not against themselves.
"""

from __future__ import annotations

import pytest

from tandem.scheduling.intervals import (
    anki_round,
    graduating_easy,
    graduating_interval,
    growth_minimum,
    review_intervals,
    with_fuzz,
)


@pytest.mark.parametrize(
    ("interval", "minimum", "maximum", "expected"),
    [
        (1.0, 1, 1000, (1, 1, 1)),  # no fuzz for an interval of 1-2.49
        (2.49, 1, 1000, (2, 2, 2)),
        (2.5, 1, 1000, (2, 3, 4)),  # 1 day for intervals >= 2.5
        (7.0, 1, 1000, (5, 7, 9)),  # ... plus 0.15 for every day in the range 2.5-7
        (17.0, 1, 1000, (14, 17, 20)),  # ... plus 0.1 for every day in the range 7-20
        (37.0, 1, 1000, (33, 37, 41)),  # ... plus 0.05 for every day above 20
        (2.0, 2, 1000, (2, 2, 2)),  # a range of at least 2 days, if allowed
        (2.0, 3, 1000, (3, 4, 4)),
        (2.0, 3, 3, (3, 3, 3)),
        (6.9, 3, 1000, (5, 7, 9)),  # range transitions
        (7.0, 3, 1000, (5, 7, 9)),
        (7.1, 3, 1000, (5, 7, 9)),
        (19.9, 3, 1000, (17, 20, 23)),
        (20.0, 3, 1000, (17, 20, 23)),
        (20.1, 3, 1000, (17, 20, 23)),
        (100.0, 101, 1000, (101, 105, 108)),  # limits, with every valid interval as likely
        (100.0, 1, 99, (92, 96, 99)),
        (100.0, 97, 103, (97, 100, 103)),
    ],
)
def test_fuzz_lower_middle_upper_as_anki(
    interval: float, minimum: int, maximum: int, expected: tuple[int, int, int]
) -> None:
    found = tuple(with_fuzz(factor, interval, minimum, maximum) for factor in (0.0, 0.5, 0.99))
    assert found == expected


def test_without_fuzz_intervals_are_rounded_into_the_limits() -> None:
    assert with_fuzz(None, 1.5, 1, 100) == 2
    assert with_fuzz(None, 0.1, 1, 100) == 1
    assert with_fuzz(None, 101.0, 1, 100) == 100


def test_growth_minimum_keeps_the_previous_interval_only_within_the_fuzz_range() -> None:
    assert growth_minimum(2.7269483, 4, 36500) == 4
    assert growth_minimum(2.7269483, 5, 36500) == 0
    assert growth_minimum(4.591988, 4, 36500) == 5


def test_halves_round_away_from_zero_as_rust_does() -> None:
    assert [anki_round(x) for x in (0.5, 1.5, 2.5, 2.49)] == [1, 2, 3, 2]


def test_good_is_a_day_longer_than_the_previous_interval_when_fsrs_grows_it() -> None:
    # FSRS asks 5.4 days for Hard and 5.6 for Good after an interval of 5: without the
    # rules both would be 5 days, and Good would not grow.
    assert review_intervals((5.4, 5.6, 9.0), previous=5, factor=None, maximum=36500) == (5, 6, 9)


def test_buttons_keep_their_order() -> None:
    # Three intervals that round to the same day become three different days.
    assert review_intervals((3.0, 3.2, 3.4), previous=1, factor=None, maximum=36500) == (3, 4, 5)
    # A shrinking interval may shrink (the previous one lies far outside its fuzz range).
    assert review_intervals((3.0, 4.0, 6.0), previous=30, factor=None, maximum=36500) == (3, 4, 6)


def test_the_maximum_interval_wins_over_every_other_rule() -> None:
    assert review_intervals((40.0, 50.0, 60.0), previous=10, factor=None, maximum=20) == (
        20,
        20,
        20,
    )
    assert graduating_interval(0.99, 30.0, 20) == 20
    assert graduating_easy(None, 30.0, 40.0, 20) == 20


def test_easy_graduates_a_day_after_good_at_least() -> None:
    assert graduating_easy(None, 2.3, 2.4, 36500) == 3
    assert graduating_interval(None, 0.2, 36500) == 1  # at least one day
