"""Provides the three-way merge of keyed sequences that deck merges are built on.

Each version is a list of ``(key, value)`` pairs with unique keys: cards keyed by id,
notes keyed by the card before them, front-matter keys by name. A key's value is merged on
its own (the usual three-way rule); the order is ours, with the keys only theirs has placed
after the key that comes before them in theirs.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True)
class Clash(Generic[V]):
    """Both sides changed a value, differently; ``None`` is a side that deleted it."""

    ours: V | None
    theirs: V | None


def merge_value(base: V | None, ours: V | None, theirs: V | None) -> V | Clash[V] | None:
    """Merges one value three ways; ``None`` stands for absent (never added, or deleted).

    Returns:
        The merged value, ``None`` when it is deleted, or a ``Clash`` when the two sides
        changed it differently (an edit against a deletion counts as a clash too: the
        edit is not thrown away without anyone seeing it).
    """
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    return Clash(ours, theirs)


def merge_keyed(
    base: Sequence[tuple[K, V]], ours: Sequence[tuple[K, V]], theirs: Sequence[tuple[K, V]]
) -> list[tuple[K, V | Clash[V]]]:
    """Merges three keyed sequences; deleted keys are left out of the result.

    Raises:
        ValueError: a key appears twice in one version.
    """
    maps = [_unique(version) for version in (base, ours, theirs)]
    merged: list[tuple[K, V | Clash[V]]] = []
    order = merge_order([key for key, _ in ours], [key for key, _ in theirs], set(maps[0]))
    for key in order:
        value = merge_value(*(found.get(key) for found in maps))
        if value is not None:
            merged.append((key, value))
    return merged


def merge_order(ours: Sequence[K], theirs: Sequence[K], base: set[K]) -> list[K]:
    """Ours' keys in ours' order, each key only theirs has after the key that comes before
    it in theirs (or at the start), past the keys ours added right there: when both sides
    add at the same place, ours' additions come first, then theirs'. Keys theirs added one
    after another stay together."""
    known = set(ours)
    run_end = _run_ends(ours, base)
    after: dict[K | None, list[K]] = {}
    previous: K | None = None
    for key in theirs:
        if key not in known:
            anchor = (
                run_end.get(previous, previous)
                if previous in known or previous is None
                else previous
            )
            after.setdefault(anchor, []).append(key)
        previous = key
    order: list[K] = []
    # An explicit stack: a thousand new cards in a row would be a thousand recursive calls.
    stack: list[K] = list(reversed([*after.get(None, []), *ours]))
    while stack:
        key = stack.pop()
        order.append(key)
        stack.extend(reversed(after.get(key, [])))
    return order


def _run_ends(ours: Sequence[K], base: set[K]) -> dict[K | None, K]:
    """For each of ours' keys (and the start, ``None``) the last of the keys ours added
    right after it, when it has any."""
    ends: dict[K | None, K] = {}
    anchor: K | None = None
    for key in ours:
        if key in base:
            anchor = key
        else:
            ends[anchor] = key
    return ends


def _unique(version: Sequence[tuple[K, V]]) -> dict[K, V]:
    found = dict(version)
    if len(found) != len(version):
        raise ValueError("a key appears twice in one version")
    return found
