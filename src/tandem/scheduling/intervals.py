"""Provides Anki's rules for review intervals: fuzz, button order, growth, the maximum.

FSRS gives each button an interval in (fractional) days. Anki turns them into whole days with
these rules (``rslib/src/scheduler/states``: ``fuzz.rs``, ``review.rs``, ``learning.rs``,
``relearning.rs``), and so does tandem: the same arithmetic, only the fuzz factor comes from
tandem's own seed (:mod:`tandem.scheduling.fuzz`). A factor of ``None`` means no fuzz.
"""

from __future__ import annotations

import math

# (start, end, factor): the interval gains factor * (days within [start, end)) of spread.
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


def anki_round(value: float) -> int:
    """Rounds halves away from zero, as Rust's ``f32::round`` (Python rounds to even)."""
    return int(math.floor(value + 0.5)) if value >= 0 else -int(math.floor(-value + 0.5))


def fuzz_delta(interval: float) -> float:
    """Days of spread either side of ``interval`` (none under 2.5 days)."""
    if interval < 2.5:
        return 0.0
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(interval, end) - start, 0.0)
    return delta


def fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """The inclusive range a fuzzed ``interval`` may take, within ``minimum..maximum``.

    Anki's ``constrained_fuzz_bounds``: a range that would be one day wide is widened to two
    when the bounds allow it.
    """
    minimum = min(minimum, maximum)
    interval = min(max(interval, float(minimum)), float(maximum))
    delta = fuzz_delta(interval)
    lower = min(max(anki_round(interval - delta), minimum), maximum)
    upper = min(max(anki_round(interval + delta), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def with_fuzz(factor: float | None, interval: float, minimum: int, maximum: int) -> int:
    """Whole days for ``interval``: fuzzed by ``factor`` (0 <= factor < 1) within the
    bounds, or rounded and clamped to ``minimum..maximum`` when ``factor`` is ``None``."""
    if factor is None:
        return min(max(anki_round(interval), minimum), maximum)
    lower, upper = fuzz_bounds(interval, minimum, maximum)
    return math.floor(lower + factor * (1 + upper - lower))


def growth_minimum(interval: float, previous: int, maximum: int) -> int:
    """The least a passing review may give after a ``previous`` interval (Anki's
    ``minimum_review_fuzz_interval``): one day more when FSRS grows the interval, the
    previous interval when it barely shrinks (fuzz must not shorten it), else no minimum."""
    _, upper = fuzz_bounds(interval, 1, maximum)
    if anki_round(interval) > previous:
        return previous + 1
    if previous <= upper:
        return previous
    return 0


def review_intervals(
    raw: tuple[float, float, float], previous: int, factor: float | None, maximum: int
) -> tuple[int, int, int]:
    """Hard, Good and Easy of a card in review: each at least the growth minimum, Good
    longer than Hard and Easy longer than Good, none longer than ``maximum``."""
    low = 0
    out = []
    for interval in raw:
        least = max(growth_minimum(interval, previous, maximum), low, 1)
        days = with_fuzz(factor, interval, *_clamped(least, maximum))
        out.append(days)
        low = days + 1
    hard, good, easy = out
    return hard, good, easy


def graduating_interval(factor: float | None, interval: float, maximum: int) -> int:
    """Days for a card leaving (re)learning with Again, Hard or Good: at least one."""
    return with_fuzz(factor, float(max(anki_round(interval), 1)), *_clamped(1, maximum))


def graduating_easy(factor: float | None, good: float, easy: float, maximum: int) -> int:
    """Days for a (re)learning card answered Easy: longer than what Good would give."""
    low, high = _clamped(1, maximum)
    least = with_fuzz(factor, good, low, high) + 1
    return with_fuzz(factor, float(max(anki_round(easy), 1)), *_clamped(least, maximum))


def _clamped(minimum: int, maximum: int) -> tuple[int, int]:
    """Anki's ``min_and_max_review_intervals``: the maximum is at least 1, and the minimum
    lies between 1 and the maximum."""
    high = max(maximum, 1)
    return min(max(minimum, 1), high), high
