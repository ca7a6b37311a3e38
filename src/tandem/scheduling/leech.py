"""Provides the leech rule: when a card a person keeps forgetting gets set aside."""

from __future__ import annotations


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """Anki's rule: a card is a leech at ``threshold`` lapses, then every half threshold
    (rounded up) after that."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(-(-threshold // 2), 1) == 0
