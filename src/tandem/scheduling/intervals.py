"""Provides Anki's rules for review intervals: fuzz, button order, growth, the maximum.

FSRS gives each button an interval in (fractional) days. Anki turns them into whole days with
these rules (``rslib/src/scheduler/states``: ``fuzz.rs``, ``review.rs``, ``learning.rs``,
``relearning.rs``), and so does tandem: the same arithmetic, only the fuzz factor comes from
tandem's own seed (:mod:`tandem.scheduling.fuzz`). A factor of ``None`` means no fuzz.
"""

from __future__ import annotations

import math


def anki_round(value: float) -> int:
    """Rounds halves away from zero, as Rust's ``f32::round`` (Python rounds to even)."""
    return int(value + 0.5) if value >= 0 else -int(0.5 - value)


def fuzz_delta(interval: float) -> float:
    """Days of spread either side of ``interval`` (none under 2.5 days): 1 day, plus 0.15 of
    each day in 2.5-7, 0.1 of each day in 7-20 and 0.05 of each day above 20."""
    if interval < 2.5:
        return 0.0
    delta = 1.0 + 0.15 * ((interval if interval < 7.0 else 7.0) - 2.5)
    if interval > 7.0:
        delta += 0.1 * ((interval if interval < 20.0 else 20.0) - 7.0)
    if interval > 20.0:
        delta += 0.05 * (interval - 20.0)
    return delta


def fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """The inclusive range a fuzzed ``interval`` may take, within ``minimum..maximum``.

    Anki's ``constrained_fuzz_bounds``: a range that would be one day wide is widened to two
    when the bounds allow it.
    """
    if minimum > maximum:
        minimum = maximum
    if interval < minimum:
        interval = float(minimum)
    elif interval > maximum:
        interval = float(maximum)
    delta = fuzz_delta(interval)
    lower, upper = (
        _within(anki_round(interval - delta), minimum, maximum),
        _within(anki_round(interval + delta), minimum, maximum),
    )
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def _within(days: int, minimum: int, maximum: int) -> int:
    return minimum if days < minimum else maximum if days > maximum else days


def with_fuzz(factor: float | None, interval: float, minimum: int, maximum: int) -> int:
    """Whole days for ``interval``: fuzzed by ``factor`` (0 <= factor < 1) within the
    bounds, or rounded and clamped to ``minimum..maximum`` when ``factor`` is ``None``."""
    if factor is None:
        return _within(anki_round(interval), minimum, maximum)
    lower, upper = fuzz_bounds(interval, minimum, maximum)
    return math.floor(lower + factor * (1 + upper - lower))


def growth_minimum(interval: float, previous: int, maximum: int) -> int:
    """The least a passing review may give after a ``previous`` interval (Anki's
    ``minimum_review_fuzz_interval``): one day more when FSRS grows the interval, the
    previous interval when it barely shrinks (fuzz must not shorten it), else no minimum."""
    if anki_round(interval) > previous:
        return previous + 1
    _, upper = fuzz_bounds(interval, 1, maximum)  # only when FSRS does not grow it
    if previous <= upper:
        return previous
    return 0


def review_interval(
    raw: tuple[float, float, float],
    button: int,
    previous: int,
    factor: float | None,
    maximum: int,
) -> int:
    """The days of passing button ``button`` (0 Hard, 1 Good, 2 Easy) of a card in review
    (Anki's ``passing_fsrs_review_intervals``): each button at least the growth minimum and
    longer than the one before it (so the ones before are worked out too), none longer than
    ``maximum``.

    Every replayed review comes here, so :func:`growth_minimum`, :func:`_clamped` and
    :func:`with_fuzz` are written out in one loop (a test holds it to their composition).
    """
    high = maximum if maximum > 1 else 1
    days = 0
    for interval in raw[: button + 1]:
        rounded = int(interval + 0.5) if interval >= 0 else -int(0.5 - interval)
        if rounded > previous:
            least = previous + 1
        elif maximum < 1:
            least = growth_minimum(interval, previous, maximum)
        else:  # ``growth_minimum`` when FSRS does not grow it: the upper fuzz bound in 1..maximum
            at = 1.0 if interval < 1 else float(maximum) if interval > maximum else interval
            if at < 2.5:
                top = bottom = int(at + 0.5)
            else:
                delta = 1.0 + 0.15 * ((at if at < 7.0 else 7.0) - 2.5)
                if at > 7.0:
                    delta += 0.1 * ((at if at < 20.0 else 20.0) - 7.0)
                if at > 20.0:
                    delta += 0.05 * (at - 20.0)
                top, bottom = int(at + delta + 0.5), int(at - delta + 0.5)
                top = 1 if top < 1 else maximum if top > maximum else top
                bottom = 1 if bottom < 1 else maximum if bottom > maximum else bottom
            if top == bottom and 2 < top < maximum:
                top += 1
            least = previous if previous <= top else 0
        if least <= days:
            least = days + 1
        low = least if least > 1 else 1
        if low > high:
            low = high
        if factor is None:
            days = low if rounded < low else high if rounded > high else rounded
            continue
        if interval < low:
            interval = float(low)
        elif interval > high:
            interval = float(high)
        if interval < 2.5:
            lower = upper = int(interval + 0.5)
        else:
            delta = 1.0 + 0.15 * ((interval if interval < 7.0 else 7.0) - 2.5)
            if interval > 7.0:
                delta += 0.1 * ((interval if interval < 20.0 else 20.0) - 7.0)
            if interval > 20.0:
                delta += 0.05 * (interval - 20.0)
            lower, upper = int(interval - delta + 0.5), int(interval + delta + 0.5)
        lower = low if lower < low else high if lower > high else lower
        upper = low if upper < low else high if upper > high else upper
        if upper == lower and 2 < upper < high:
            upper = lower + 1
        days = int(lower + factor * (1 + upper - lower))  # (positive: ``int`` is the floor)
    return days


def _fuzzed(factor: float | None, interval: float, low: int, high: int) -> int:
    """``with_fuzz(factor, interval, low, high)`` for ``1 <= low <= high``, written out."""
    if factor is None:
        days = int(interval + 0.5) if interval >= 0 else -int(0.5 - interval)
        return low if days < low else high if days > high else days
    if interval < low:
        interval = float(low)
    elif interval > high:
        interval = float(high)
    delta = fuzz_delta(interval)
    lower, upper = interval - delta, interval + delta
    lower = int(lower + 0.5) if lower >= 0 else -int(0.5 - lower)
    upper = int(upper + 0.5) if upper >= 0 else -int(0.5 - upper)
    lower = low if lower < low else high if lower > high else lower
    upper = low if upper < low else high if upper > high else upper
    if upper == lower and 2 < upper < high:
        upper = lower + 1
    return math.floor(lower + factor * (1 + upper - lower))


def review_intervals(
    raw: tuple[float, float, float], previous: int, factor: float | None, maximum: int
) -> tuple[int, int, int]:
    """Hard, Good and Easy of a card in review (see :func:`review_interval`)."""
    hard, good, easy = (review_interval(raw, n, previous, factor, maximum) for n in range(3))
    return hard, good, easy


def graduating_interval(factor: float | None, interval: float, maximum: int) -> int:
    """Days for a card leaving (re)learning with Again, Hard or Good: at least one.

    Every graduation of a replay comes here, so it is ``_fuzzed(factor,
    max(anki_round(interval), 1), *_clamped(1, maximum))`` written out (a test holds the two
    to the same days)."""
    high = maximum if maximum > 1 else 1
    rounded = int(interval + 0.5) if interval >= 0 else -int(0.5 - interval)
    if rounded < 1:
        rounded = 1
    if factor is None:
        return rounded if rounded < high else high
    at = float(rounded if rounded < high else high)
    if at < 2.5:
        lower = upper = int(at + 0.5)
    else:
        delta = 1.0 + 0.15 * ((at if at < 7.0 else 7.0) - 2.5)
        if at > 7.0:
            delta += 0.1 * ((at if at < 20.0 else 20.0) - 7.0)
        if at > 20.0:
            delta += 0.05 * (at - 20.0)
        lower, upper = int(at - delta + 0.5), int(at + delta + 0.5)
        lower = 1 if lower < 1 else high if lower > high else lower
        upper = 1 if upper < 1 else high if upper > high else upper
    if upper == lower and 2 < upper < high:
        upper = lower + 1
    return int(lower + factor * (1 + upper - lower))  # (positive: ``int`` is the floor)


def graduating_easy(factor: float | None, good: float, easy: float, maximum: int) -> int:
    """Days for a (re)learning card answered Easy: longer than what Good would give."""
    low, high = _clamped(1, maximum)
    least = _fuzzed(factor, good, low, high) + 1
    return _fuzzed(factor, float(max(anki_round(easy), 1)), *_clamped(least, maximum))


def _clamped(minimum: int, maximum: int) -> tuple[int, int]:
    """Anki's ``min_and_max_review_intervals``: the maximum is at least 1, and the minimum
    lies between 1 and the maximum."""
    high = max(maximum, 1)
    return min(max(minimum, 1), high), high
