"""Provides the ids a review has across formats: tandem's id of an entry from Anki's log, and
the Anki revlog id an entry of a person's log goes out under, the same in every export.

Anki's revlog id is the answer time in milliseconds and the table's key: Anki's package
import adds a row whose id it does not hold yet and leaves one it holds. So an entry must go
out under one id whatever else goes out with it, or a later export (another set of cards, a
card retired and brought back) gives Anki the same review twice. An entry's id is its
millisecond when that is free; entries of one millisecond (a due date set on several cards
at once, a forget of several, imports of day-long times) take the next free ones. Which ones
is decided over the person's whole log, exported or not, never over the export: entries born
in Anki keep their own revlog id (tandem's id of one is derived from it), the others take the
first millisecond from their own that no entry of the log holds yet, in time order, then log
order. A restart also goes out as a reset before its answer: made in tandem, on the
millisecond before its own (or the first free one after it, still before its answer's); from
Anki, on the first free millisecond below its answer's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from tandem.models.ids import ID_ALPHABET

_PAIRS = [a + b for a in ID_ALPHABET for b in ID_ALPHABET]  # 10 bits -> 2 characters


class Logged(NamedTuple):
    """An entry of a person's log as its revlog id depends on it."""

    id: str
    ms: int  # its time, whole milliseconds since the epoch
    restart: bool  # a restart (``ReviewKind.RESTART``)


class RevlogIds(NamedTuple):
    """The revlog ids of one entry: the reset before a restart's answer, and its own."""

    reset: int | None
    entry: int


def review_id(anki_id: int, timestamp: float, person: str) -> str:
    """A review id derived from Anki's revlog id: the same on every import, sorted by time."""
    return _base32(int(timestamp * 1000)) + _anki_part(anki_id, person)


def is_from_anki(entry_id: str, ms: int, person: str) -> bool:
    """Whether ``entry_id`` is the id an import gives the revlog row of id ``ms``."""
    return entry_id[10:] == _anki_part(ms, person)


def _anki_part(anki_id: int, person: str) -> str:
    digest = hashlib.sha256(f"anki:{anki_id}:{person}".encode()).digest()
    return _base32(int.from_bytes(digest[:7]) >> 6)


def _base32(n: int) -> str:
    """The low 50 bits of ``n`` as 10 base-32 characters, most significant first."""
    pairs = _PAIRS
    return (
        pairs[n >> 40 & 1023] + pairs[n >> 30 & 1023] + pairs[n >> 20 & 1023]
        + pairs[n >> 10 & 1023] + pairs[n & 1023]
    )  # fmt: skip


def revlog_ids(log: Sequence[Logged], person: str) -> dict[str, RevlogIds]:
    """The revlog ids of every entry of ``person``'s whole ``log`` (in time order, then log
    order), by entry id; unique, and each entry's the same whichever entries go out.

    Entries that share no millisecond with another (nearly all) keep theirs at the cost of
    one pass; only a run of entries whose milliseconds crowd each other is worked out.
    """
    born = [entry.restart and is_from_anki(entry.id, entry.ms, person) for entry in log]
    slots = sorted(_slots(log, born))  # nearly sorted already: one pass
    ids: dict[tuple[int, bool], int] = {}
    run: list[tuple[int, int, bool]] = []
    end = -(2**63)
    for slot in slots:
        if slot[0] > end and run:
            ids.update(_run_ids(run, log, person))
            run = []
        run.append(slot)
        end = max(slot[0], end + 1)
    if run:
        ids.update(_run_ids(run, log, person))
    _resets_below(ids, [index for index, anki in enumerate(born) if anki])
    return {
        entry.id: RevlogIds(ids.get((index, True)), ids[(index, False)])
        for index, entry in enumerate(log)
    }


def _slots(log: Iterable[Logged], born: list[bool]) -> Iterable[tuple[int, int, bool]]:
    """(wanted millisecond, entry index, is a reset) of every row the log goes out as, but
    the resets of restarts from Anki (``born``), which go below their answer's own id."""
    for index, entry in enumerate(log):
        if entry.restart and not born[index]:
            yield entry.ms - 1, index, True
        yield entry.ms, index, False


def _run_ids(
    run: list[tuple[int, int, bool]], log: Sequence[Logged], person: str
) -> Iterable[tuple[tuple[int, bool], int]]:
    """The ids of a run of rows whose wanted milliseconds crowd each other (sorted): those
    born in Anki first, on their own id; then each other row on the first free millisecond
    from its own (a reset still before its answer). The run's ids stay within its first
    millisecond and as many after as it has rows, so no other run's are touched."""
    if len(run) == 1:
        ms, index, reset = run[0]
        return [((index, reset), ms)]
    taken: dict[int, tuple[int, bool]] = {}
    for ms, index, reset in run:
        if not reset and ms not in taken and is_from_anki(log[index].id, ms, person):
            taken[ms] = (index, reset)
    placed = set(taken.values())
    for ms, index, reset in run:
        if (index, reset) in placed:
            continue
        free = ms
        while free in taken:
            free += 1
        taken[free] = (index, reset)
    return [(row, ms) for ms, row in taken.items()]


def _resets_below(ids: dict[tuple[int, bool], int], restarts: list[int]) -> None:
    """Gives each restart from Anki (by entry index, in log order) the first free id below
    its answer's, for its reset: the answer keeps Anki's id, and the reset comes first."""
    if not restarts:
        return
    taken = set(ids.values())
    for index in restarts:
        free = ids[(index, False)] - 1
        while free in taken:
            free -= 1
        taken.add(free)
        ids[(index, True)] = free
