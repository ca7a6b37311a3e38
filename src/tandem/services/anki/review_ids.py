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
    """The revlog ids of a log's entries: each entry's own row, by its place in the log, and
    the reset a restart goes out with, by the restart's place."""

    entries: list[int]
    resets: dict[int, int]


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


def revlog_ids(log: Sequence[Logged], person: str) -> RevlogIds:
    """The revlog ids of every entry of ``person``'s whole ``log`` (in time order, then log
    order); unique, and each entry's the same whichever entries go out.

    One pass gives each row the first free millisecond from its own; a run of rows whose
    milliseconds crowd each other is worked out again only when that moved an entry born in
    Anki off its own id (rows that move nothing from Anki get the same ids either way).
    """
    born = {i for i, e in enumerate(log) if e.restart and is_from_anki(e.id, e.ms, person)}
    slots = sorted(_slots(log, born))  # nearly sorted already: one pass
    ids = RevlogIds([0] * len(log), {})
    start, end, moved_anki = 0, -(2**63), False
    for number, (ms, index, reset) in enumerate(slots):
        if ms > end:
            if moved_anki:
                _place(ids, _run_ids(slots[start:number], log, person))
            start, end, moved_anki = number, ms, False
        else:
            end += 1
            if not reset and not moved_anki:
                moved_anki = is_from_anki(log[index].id, ms, person)
        if reset:
            ids.resets[index] = end
        else:
            ids.entries[index] = end
    if moved_anki:
        _place(ids, _run_ids(slots[start:], log, person))
    _resets_below(ids, sorted(born))
    return ids


def _slots(log: Iterable[Logged], born: set[int]) -> Iterable[tuple[int, int, bool]]:
    """(wanted millisecond, entry index, is a reset) of every row the log goes out as, but
    the resets of restarts from Anki (``born``), which go below their answer's own id."""
    for index, entry in enumerate(log):
        if entry.restart and index not in born:
            yield entry.ms - 1, index, True
        yield entry.ms, index, False


def _place(ids: RevlogIds, placed: Iterable[tuple[tuple[int, bool], int]]) -> None:
    for (index, reset), ms in placed:
        if reset:
            ids.resets[index] = ms
        else:
            ids.entries[index] = ms


def _run_ids(
    run: list[tuple[int, int, bool]], log: Sequence[Logged], person: str
) -> Iterable[tuple[tuple[int, bool], int]]:
    """The ids of a run of rows whose wanted milliseconds crowd each other (sorted): those
    born in Anki first, on their own id, then each other row on the first free millisecond
    from its own (a reset still before its answer), in one pass: a row's is never before
    the one before it took. The run's ids stay within its first millisecond and as many
    after as it has rows, so no other run's are touched."""
    anki: dict[int, tuple[int, bool]] = {}
    for ms, index, reset in run:
        if not reset and ms not in anki and is_from_anki(log[index].id, ms, person):
            anki[ms] = (index, reset)
    placed = set(anki.values())
    ids = [(row, ms) for ms, row in anki.items()]
    free = run[0][0]
    for ms, index, reset in run:
        if (index, reset) in placed:
            continue
        free = max(free, ms)
        while free in anki:
            free += 1
        ids.append(((index, reset), free))
        free += 1
    return ids


def _resets_below(ids: RevlogIds, restarts: list[int]) -> None:
    """Gives each restart from Anki (by entry index, in log order) the first free id below
    its answer's, for its reset: the answer keeps Anki's id, and the reset comes first."""
    if not restarts:
        return
    taken = set(ids.entries) | set(ids.resets.values())
    for index in restarts:
        free = ids.entries[index] - 1
        while free in taken:
            free -= 1
        taken.add(free)
        ids.resets[index] = free
