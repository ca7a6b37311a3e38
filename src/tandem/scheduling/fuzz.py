"""Provides deterministic interval fuzz, seeded from the card key and the review count.

Replaying a person's log must reproduce the stored state exactly, so fuzz cannot come from
a global random generator. Like Anki, the seed is taken from the card and how many times it
was reviewed; the spread follows Anki's fuzz ranges.
"""

from __future__ import annotations

import hashlib
import random

# (start, end, factor): the interval gains factor * (days within [start, end)) of spread.
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, float("inf"), 0.05))


def fuzz_seed(card_key: str, reps: int) -> int:
    """A stable 64-bit seed (independent of Python's hash randomisation)."""
    digest = hashlib.blake2b(f"{card_key}\x00{reps}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """The inclusive range of days a fuzzed interval may take."""
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum_interval)
    return min(low, high), high


def fuzz_days(interval_days: int, seed: int, maximum_interval: int) -> int:
    """Returns the fuzzed interval; intervals under 2.5 days are left alone."""
    if interval_days < 2.5:
        return interval_days
    low, high = fuzz_range(interval_days, maximum_interval)
    return random.Random(seed).randint(low, high)
