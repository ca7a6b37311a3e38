"""Provides the catalogue: notes and their cards in the database, and who has a state for them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from tandem.models import CardKey, CardState, FsrsState, format_utc
from tandem.services.context import Context
from tandem.storage.note_rows import NoteRow


@dataclass(frozen=True)
class NoteChange:
    """What saving one note did."""

    added: bool
    moved: bool
    edited: bool


_ADDED = NoteChange(added=True, moved=False, edited=False)
_NEW_STATE = int(FsrsState.NEW)


class Catalog:
    """Keeps notes, cards and per-person state rows consistent. Call inside ``store.write()``.

    ``initial_states`` holds, by (person, card key), the memory state a card gets when the
    catalog creates it (an import brings the history of its new cards); others start new.
    """

    def __init__(
        self, ctx: Context, initial_states: Mapping[tuple[str, str], CardState] | None = None
    ) -> None:
        self.ctx = ctx
        self.initial_states = initial_states or {}
        self.fresh = False
        """Every note saved is new to the database (a first sync): not looked up first."""
        self.deferred: list[tuple[int, int]] | None = None
        """Inside ``states_after``: the positions ``[start, stop)`` of the cards added whose
        state rows are made when it ends."""

    @contextmanager
    def states_after(self, bulk: bool) -> Iterator[None]:
        """With ``bulk``, the state rows of the cards the block adds in bulk (``save_notes``)
        are made when it ends, everyone's in one statement in the table's key order (see
        ``StatesRepo.insert_new_of_cards``); without, or when cards bring initial states,
        as the cards are added."""
        if not bulk or self.initial_states:
            yield
            return
        self.deferred = []
        try:
            yield
            ranges = self.deferred
        finally:
            self.deferred = None
        when = format_utc(self.ctx.clock.now())
        for start, stop in ranges:
            self.ctx.states.insert_new_of_cards(start, stop, when)

    def save_notes(self, notes: Sequence[tuple[NoteRow, Sequence[str]]]) -> list[NoteChange]:
        """``save_note`` for each of ``notes``, in order; new notes go in by the batch."""
        if self.fresh:
            self._add_notes(notes)
            return [_ADDED] * len(notes)
        existing = self.ctx.cards.notes(note.id for note, _ in notes)
        changes: list[NoteChange] = []
        batch: list[tuple[NoteRow, Sequence[str]]] = []
        for note, variants in notes:
            if note.id in existing:
                self._add_notes(batch)  # first: cards take positions in file order
                batch = []
                changes.append(self.save_note(note, variants))
            else:
                batch.append((note, variants))
                changes.append(_ADDED)
        self._add_notes(batch)
        return changes

    def save_note(self, note: NoteRow, variants: Iterable[str]) -> NoteChange:
        """Inserts or updates ``note`` with exactly the cards ``variants`` ('', r, c1, ...)."""
        cards, now = self.ctx.cards, self.ctx.clock.now()
        old = cards.note(note.id)
        cards.save_note(note, now)
        existing = cards.card_keys(note.id)
        wanted = {_key(note.id, v): v for v in variants}
        for key, variant in wanted.items():
            if key not in existing:
                pos = cards.next_pos()
                cards.add_card(key, note.id, variant, pos, now)
                self._add_states(key, note.deck_id, pos)
            elif existing[key]:
                cards.set_retired([key], False)
        gone = [key for key, retired in existing.items() if key not in wanted and not retired]
        cards.set_retired(gone, True)
        moved = old is not None and old.deck_id != note.deck_id
        if moved:
            cards.move_states(list(wanted), note.deck_id)
        edited = old is not None and old.content_hash != note.content_hash
        return NoteChange(added=old is None, moved=moved, edited=edited)

    def retire_note(self, note_id: str) -> None:
        """Takes a note out of every queue; its cards and their history stay."""
        note = self.ctx.cards.note(note_id)
        if note is None or note.retired:
            return
        self.ctx.cards.save_note(replace(note, retired=True), self.ctx.clock.now())
        self.ctx.cards.set_retired(list(self.ctx.cards.card_keys(note_id)), True)

    def add_person_states(self, person: str) -> None:
        """Gives a new person a state row (new) for every active card."""
        self.ctx.states.insert_new_for_person(person)

    def _add_notes(self, notes: Sequence[tuple[NoteRow, Sequence[str]]]) -> None:
        """Inserts notes new to the database, their cards and everyone's state rows."""
        if not notes:
            return
        cards, now = self.ctx.cards, self.ctx.clock.now()
        cards.insert_notes((note for note, _ in notes), now)
        pos = cards.next_pos()
        added: list[tuple[str, str, str, int]] = []
        states: list[tuple[str, int, int]] = []
        for note, variants in notes:
            for variant in dict.fromkeys(variants):
                key = _key(note.id, variant)
                added.append((key, note.id, variant, pos))
                states.append((key, note.deck_id, pos))
                pos += 1
        cards.insert_cards(added, now)
        if self.deferred is None:
            self._insert_states(states, now)
        elif added:
            start = added[0][3]
            if self.deferred and self.deferred[-1][1] == start:  # right after the last ones
                start = self.deferred.pop()[0]
            self.deferred.append((start, pos))

    def _add_states(self, key: str, deck_id: int, pos: int) -> None:
        self._insert_states([(key, deck_id, pos)], self.ctx.clock.now())

    def _insert_states(self, cards: list[tuple[str, int, int]], now: datetime) -> None:
        """Everyone's state row of each new card (key, deck id, pos), in one statement.

        A row is new (due ``now``) unless ``initial_states`` has the card's state.
        """
        when, initial = format_utc(now), self.initial_states
        rows: list[tuple[object, ...]] = []
        for person in self.ctx.people.names():
            for key, deck_id, pos in cards:
                m = initial.get((person, key)) if initial else None
                if m is None or m.state is FsrsState.NEW or m.due is None:
                    rows.append((person, key, deck_id, pos, _NEW_STATE, None, None, None, when,
                                 None, 0, 0))  # fmt: skip
                else:
                    last = format_utc(m.last_review) if m.last_review else None
                    rows.append((person, key, deck_id, pos, int(m.state), m.step, m.stability,
                                 m.difficulty, format_utc(m.due), last, m.reps,
                                 m.lapses))  # fmt: skip
        self.ctx.states.insert_unflagged(rows)


def _key(note_id: str, variant: str) -> str:
    return str(CardKey(note_id, variant))
