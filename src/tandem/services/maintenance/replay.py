"""Provides replay: recomputing memory states and leeches from the review log, and comparing.

A card's log is folded by Anki's rules (``scheduling.history``): resets and restarts start the
card afresh, cramming schedules nothing, a due date set by hand (``manual``) moves the due
date only, and a leech lapse tags the card a leech and suspends it. Suspending and burying
by hand are not in the log, so a replay keeps them; it suspends a leech only when the row
has not taken in that leech lapse yet (the person may have brought the card back since:
``tandem cards unsuspend``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from tandem.config.settings import PersonSettings
from tandem.models import CardState, FsrsState
from tandem.models.timefmt import parse_utc
from tandem.scheduling.history import Folded, fold
from tandem.scheduling.scheduler import PersonScheduler
from tandem.services.context import Context
from tandem.storage.reviews import NO_STATE, Logged, ReviewsRepo
from tandem.storage.states import StateRow, StatesRepo, state_row

_FIELDS = [f.name for f in fields(CardState)]
_FSRS_STATES = {int(state): state for state in FsrsState}
R = TypeVar("R")
L = TypeVar("L")


@dataclass(frozen=True)
class Difference:
    """A state that does not match what replaying the log gives."""

    person: str
    card: str
    stored: CardState
    replayed: CardState
    stored_flags: tuple[bool, bool] = (False, False)
    """(leech, suspended) as stored."""
    replayed_flags: tuple[bool, bool] = (False, False)
    """(leech, suspended) as the log gives them."""

    def describe(self) -> str:
        changed = [
            f"{name}: {getattr(self.stored, name)!r} != {getattr(self.replayed, name)!r}"
            for name, a, b in zip(_FIELDS, self.stored.scheduling_fields(),
                                   self.replayed.scheduling_fields(), strict=True)
            if a != b
        ]  # fmt: skip
        for name, a, b in zip(("leech", "suspended"), self.stored_flags, self.replayed_flags,
                              strict=True):  # fmt: skip
            if a != b:
                changed.append(f"{name}: {a!r} != {b!r}")
        return f"{self.person} {self.card}: " + "; ".join(changed)


WHOLE_LOG_FROM = 2_000
"""From this many cards on, a replay of some cards reads the person's whole log in one
ordered pass (skipping the others) rather than looking each card up."""
_FLUSH = 20_000
"""Fixed states are written this many at a time (one statement)."""
_NONE = bytes([NO_STATE])
_NEVER_REVIEWED = Folded()
"""What ``fold`` gives for an empty log (a new card, no flags), made once: many cards of a
collection were never reviewed by someone. Only read, never changed."""


class Replayer:
    """Recomputes states from reviews with each person's current settings, card by card:
    the state rows and the log are read side by side in card order, in batches, so memory
    does not grow with the collection."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def run(
        self, person: str, cards: Iterable[str] | None = None, *, fix: bool
    ) -> list[Difference]:
        """Replays ``person``'s cards (all, or only ``cards``); with ``fix``, writes the result.

        Call inside ``store.write()`` when ``fix`` is set.
        """
        if cards is None and not fix:
            scheduler = self.ctx.person(person).scheduler
            return _check(self.ctx.states, self.ctx.reviews, scheduler, person, "", None)
        differences: list[Difference] = []
        self._run(person, cards, differences, fix=fix)
        return differences

    def fix(self, person: str, cards: Iterable[str] | None = None) -> int:
        """Replays and writes like ``run(..., fix=True)``, keeping no ``Difference`` (an
        import or a rebuild changes every state: memory stays flat). Returns how many
        states changed. Call inside ``store.write()``."""
        return self._run(person, cards, None, fix=True)

    def _run(
        self,
        person: str,
        cards: Iterable[str] | None,
        differences: list[Difference] | None,
        *,
        fix: bool,
    ) -> int:
        scheduler = self.ctx.person(person).scheduler
        batches: Iterable[list[Logged]]
        rows: Iterable[StateRow]
        if cards is None:  # every card: its rows and its log side by side, in card order
            rows = (row for batch in self.ctx.states.batches_of_person(person) for row in batch)
            batches = self.ctx.reviews.history_batches(person, stored=False)
        elif len(wanted := set(cards)) >= WHOLE_LOG_FROM:
            rows = (row for batch in self.ctx.states.batches_of_person(person)
                    for row in batch if row.card in wanted)  # fmt: skip
            batches = self.ctx.reviews.history_batches(person, stored=False)
        else:  # a few cards (a merge, an import): only their rows and their log are read
            rows = self.ctx.states.many(person, wanted)
            batches = self.ctx.reviews.history_batches_of(person, wanted)
        writes = _Writes(self.ctx) if fix else None
        changed = 0
        for row, log in _side_by_side(rows, _histories(batches)):
            changed += _replay(scheduler, row, log, differences, writes)
        if writes is not None:
            writes.close()
        return changed


Part = tuple[str, PersonSettings, str, str | None]
"""Some of a person's cards to check: the person, their settings, the first card and the
card before which the part ends (``None``: to the last)."""


def check_parts_in(
    states: StatesRepo,
    reviews: ReviewsRepo,
    scheduler_of: Callable[[str], PersonScheduler],
    parts: list[Part],
) -> list[Difference]:
    """The differences of ``parts``, in order, read through ``states`` and ``reviews``."""
    differences: list[Difference] = []
    for person, _, first, before in parts:
        differences += _check(states, reviews, scheduler_of(person), person, first, before)
    return differences


def _check(
    states: StatesRepo,
    reviews: ReviewsRepo,
    scheduler: PersonScheduler,
    person: str,
    first: str,
    before: str | None,
) -> list[Difference]:
    """The differences of ``person``'s cards from ``first`` to before ``before``: the rows
    and the log as read, a ``StateRow`` made only for a card whose state differs."""
    rows = (values for batch in states.values_of_person(person, first=first, before=before)
            for values in batch)  # fmt: skip
    logs = (log for batch in reviews.card_logs(person, first=first, before=before)
            for log in batch)  # fmt: skip
    differences: list[Difference] = []
    with _no_cycle_collection():
        for values, entries in _side_by_side(rows, logs, itemgetter(1)):
            folded = fold(scheduler, values[1], entries) if entries else _NEVER_REVIEWED
            if not _values_agree(values, folded):
                row = state_row(values)
                differences.append(_difference(row, replayed_row(row, folded)))
    return differences


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the block: a check makes tuples by the million
    (each batch of the log read whole) and none in a cycle, and the collector walking
    them again and again took a fifth of the check's time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _replay(
    scheduler: PersonScheduler,
    row: StateRow,
    log: list[Logged],
    differences: list[Difference] | None,
    writes: _Writes | None,
) -> bool:
    """Replays one card; whether its state changed."""
    entries = ((kind, rating, at, due) for _, _, kind, rating, at, _, due in log)
    folded = fold(scheduler, row.card, entries)
    changed = not _agrees(row, folded)
    if changed:
        after = replayed_row(row, folded)
        if differences is not None:
            differences.append(_difference(row, after))
        if writes is not None:
            writes.states.append(after)
    if writes is not None:
        if log:
            writes.note_before(log, folded.before)
        if len(writes.states) >= _FLUSH:
            writes.flush()
    return changed


class _Writes:
    """What a fixing replay has to write: changed states in batches (``executemany``), and
    the state before each entry, one byte an entry by its ``seq``, written at the end in one
    pass over the log in table order (only the rows that change are written). The log is
    read from its index alone, not the table, so nothing is read per entry to compare.

    Once a batch's worth of states has changed (an import, a rebuild), the state table's
    indexes are dropped until the end (``close``), then made again in one sort each."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.states: list[StateRow] = []
        self.before = bytearray()
        """The state before each replayed entry at its ``seq`` (``NO_STATE``: not replayed)."""
        self.dropped: list[str] | None = None
        self.written = 0
        """States written so far."""

    def note_before(self, log: list[Logged], states: list[FsrsState]) -> None:
        """Keeps the state before each entry of one card's ``log``."""
        before = self.before
        seqs = [entry[1] for entry in log]
        highest = max(seqs)
        if highest >= len(before):
            before.extend(_NONE * (highest + 1 - len(before)))
        for seq, state in zip(seqs, states, strict=True):
            before[seq] = state

    def flush(self) -> None:
        self.written += len(self.states)
        if self.dropped is None and self.written >= _FLUSH:
            self.dropped = self.ctx.states.drop_indexes()
        self.ctx.states.put_many(self.states)
        self.states = []

    def close(self) -> None:
        """Writes what is left, and makes the dropped indexes again."""
        self.flush()
        self.ctx.reviews.set_prev_states_by_seq(self.before)
        self.before = bytearray()
        if self.dropped is not None:
            self.ctx.states.make_indexes(self.dropped)
            self.dropped = None


def _side_by_side(
    rows: Iterable[R],
    logs: Iterator[tuple[str, list[L]]],
    card_of: Callable[[R], str] = attrgetter("card"),
) -> Iterator[tuple[R, list[L]]]:
    """Each state row with its card's log (empty for a card never reviewed), both given in
    card order; a log without a row (no such card for this person) is passed over."""
    log = next(logs, None)
    for row in rows:
        card = card_of(row)
        while log is not None and log[0] < card:
            log = next(logs, None)
        if log is not None and log[0] == card:
            yield row, log[1]
            log = next(logs, None)
        else:
            yield row, []


def _histories(batches: Iterable[list[Logged]]) -> Iterator[tuple[str, list[Logged]]]:
    """Each card's log whole, card by card, from rows in card order (read in batches): the
    rows as read, grouped (no object made per entry)."""
    card, log = "", list[Logged]()
    for batch in batches:
        for key, rows in groupby(batch, itemgetter(0)):
            if key == card:  # a card whose log goes on from the batch before
                log += rows
                continue
            if log:
                yield card, log
            card, log = key, list(rows)
    if log:
        yield card, log


def replayed_row(row: StateRow, folded: Folded) -> StateRow:
    """``row`` with the state and leech flags its log gives (see the module's docstring)."""
    state = folded.state
    if state.state is FsrsState.NEW:
        after = replace(row, memory=CardState())  # a new card's due time is not used
    else:
        after = row.with_memory(state)
    seen = row.leech and row.memory.last_review == state.last_review
    suspended = row.suspended or (folded.suspend and not seen)
    if (row.leech, row.suspended) != (folded.leech, suspended):
        after = replace(after, leech=folded.leech, suspended=suspended)
    return after


_NEW_FIELDS = CardState().scheduling_fields()


def _agrees(row: StateRow, folded: Folded) -> bool:
    """``not differs(row, replayed_row(row, folded))``, without making the row (nearly
    every card of a check agrees)."""
    state = folded.state
    fields = _NEW_FIELDS if state.state is FsrsState.NEW else state.scheduling_fields()
    if row.memory.scheduling_fields() != fields:
        return False
    seen = row.leech and row.memory.last_review == state.last_review
    suspended = row.suspended or (folded.suspend and not seen)
    return (row.leech, row.suspended) == (folded.leech, suspended)


def _values_agree(values: Sequence[Any], folded: Folded) -> bool:
    """``_agrees(state_row(values), folded)`` from a row as read (``STATE_COLUMNS``),
    without making it (nearly every card of a check agrees)."""
    (_, _, _, _, state, step, stability, difficulty, due, last, reps, lapses,
     suspended, _, leech, _) = values  # fmt: skip
    replayed = folded.state
    last_review = parse_utc(last) if last else None
    fields = _NEW_FIELDS if replayed.state is FsrsState.NEW else replayed.scheduling_fields()
    stored_due = None if _FSRS_STATES[state] is FsrsState.NEW else parse_utc(due)
    if (_FSRS_STATES[state], step, stability, difficulty, stored_due, last_review, reps,
            lapses) != fields:  # fmt: skip
        return False
    seen = bool(leech) and last_review == replayed.last_review
    now_suspended = bool(suspended) or (folded.suspend and not seen)
    return (bool(leech), bool(suspended)) == (folded.leech, now_suspended)


def differs(row: StateRow, after: StateRow) -> bool:
    """Whether ``after`` changes what a replay must reproduce: the state and leech flags."""
    return row.memory.scheduling_fields() != after.memory.scheduling_fields() or (
        (row.leech, row.suspended) != (after.leech, after.suspended)
    )


def _difference(row: StateRow, after: StateRow) -> Difference:
    return Difference(
        row.person,
        row.card,
        row.memory,
        after.memory,
        (row.leech, row.suspended),
        (after.leech, after.suspended),
    )
