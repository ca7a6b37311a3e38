"""Provides the deterministic fuzz factor, seeded from the card key and the review count.

Replaying a person's log must reproduce the stored state exactly, so fuzz cannot come from
a global random generator. Like Anki, the factor is drawn from a seed made of the card and
how many times it was reviewed; unlike Anki (card id + reps into Rust's ``StdRng``), the seed
is a hash of tandem's card key, which has no number. The factor is applied by Anki's rules
(:func:`tandem.scheduling.intervals.with_fuzz`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCALE = 2.0**-64
"""A 64-bit seed times this is the fuzz factor."""
_blake2b: Callable[..., Any] | None = None


def card_seed(card_key: str) -> Any:
    """The seed's hash with the card's part in (the key and a zero byte): a copy of it,
    with the review count added, gives ``fuzz_seed``'s digest (a replay hashes a card's key
    once for all its answers)."""
    global _blake2b
    if _blake2b is None:  # on first use: a first card needs no interval yet
        from hashlib import blake2b

        _blake2b = blake2b
    return _blake2b(f"{card_key}\x00".encode(), digest_size=8)


def fuzz_seed(card_key: str, reps: int) -> int:
    """A stable 64-bit seed (independent of Python's hash randomisation)."""
    seed = card_seed(card_key)
    seed.update(b"%d" % reps)
    return int.from_bytes(seed.digest(), "big")


def fuzz_factor(card_key: str, reps: int) -> float:
    """Where in its fuzz range the card's next interval falls: 0 <= factor < 1."""
    return fuzz_seed(card_key, reps) * SCALE
