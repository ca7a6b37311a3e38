"""Provides the catalogue: notes and their cards in the database, and who has a state for them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from tandem.models import CardState, Queue, parse_utc
from tandem.services.context import Context
from tandem.storage import NoteRow, StateRow

QUEUE_OF_ACTIVE_CARD = (
    "CASE WHEN suspended THEN -1 WHEN buried_until IS NOT NULL THEN -2 "
    "WHEN state = 0 THEN 0 WHEN state = 2 THEN 2 ELSE 1 END"
)
"""SQL for the queue of a card that is in a deck: its flags, else its FSRS state."""


@dataclass(frozen=True)
class NoteChange:
    """What saving one note did."""

    added: bool
    moved: bool
    edited: bool


class Catalog:
    """Keeps notes, cards and per-person state rows consistent. Call inside ``store.write()``."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def save_note(self, note: NoteRow, variants: Iterable[str]) -> NoteChange:
        """Inserts or updates ``note`` with exactly the cards ``variants`` ('', r, c1, ...)."""
        cards, conn, now = self.ctx.cards, self.ctx.store.conn, self.ctx.clock.now()
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
                self._set_retired([key], False)
        gone = [key for key, retired in existing.items() if key not in wanted and not retired]
        self._set_retired(gone, True)
        moved = old is not None and old.deck_id != note.deck_id
        if moved:
            marks = ", ".join("?" * len(wanted))
            conn.execute(
                f"UPDATE card_state SET deck_id = ? WHERE card IN ({marks})",
                (note.deck_id, *wanted),
            )
        edited = old is not None and old.content_hash != note.content_hash
        return NoteChange(added=old is None, moved=moved, edited=edited)

    def retire_note(self, note_id: str) -> None:
        """Takes a note out of every queue; its cards and their history stay."""
        note = self.ctx.cards.note(note_id)
        if note is None or note.retired:
            return
        self.ctx.cards.save_note(replace(note, retired=True), self.ctx.clock.now())
        self._set_retired(list(self.ctx.cards.card_keys(note_id)), True)

    def add_person_states(self, person: str) -> None:
        """Gives a new person a state row (new) for every active card."""
        rows = (
            StateRow(
                person=person,
                card=key,
                deck_id=deck_id,
                pos=pos,
                queue=Queue.NEW,
                memory=CardState(),
                due=parse_utc(created),
            )
            for key, deck_id, pos, created in self.ctx.cards.active_cards()
        )
        self.ctx.states.insert_many(rows)

    def _add_states(self, key: str, deck_id: int, pos: int) -> None:
        now = self.ctx.clock.now()
        self.ctx.states.insert_many(
            StateRow(person, key, deck_id, pos, Queue.NEW, CardState(), now)
            for person in self.ctx.people.names()
        )

    def _set_retired(self, keys: list[str], retired: bool) -> None:
        if not keys:
            return
        conn = self.ctx.store.conn
        marks = ", ".join("?" * len(keys))
        conn.execute(f"UPDATE cards SET retired = ? WHERE key IN ({marks})", (int(retired), *keys))
        queue = str(int(Queue.RETIRED)) if retired else QUEUE_OF_ACTIVE_CARD
        conn.execute(f"UPDATE card_state SET queue = {queue} WHERE card IN ({marks})", keys)


def _key(note_id: str, variant: str) -> str:
    return f"{note_id}:{variant}" if variant else note_id
