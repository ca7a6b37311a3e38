"""Provides the study queue's read: the first due cards of one queue, with their notes."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from tandem.models import Queue, format_utc
from tandem.storage.note_rows import SOURCE_COLUMNS, SOURCE_JOINS, DeckRow, NoteRow, card_source
from tandem.storage.scope import Scope, scoped
from tandem.storage.states import DUE_COLUMN, STATE_COLUMNS, StateRow, in_queue, state_row

_STATE = ", ".join(f"s.{column}" for column in STATE_COLUMNS.split(", "))
_FIRST = (
    f"SELECT {_STATE}, {SOURCE_COLUMNS} FROM card_state s INDEXED BY card_state_queue "
    f"JOIN cards c ON c.key = s.card {SOURCE_JOINS} "
    "WHERE s.person = ? AND {queue} AND s.due < ?{condition} ORDER BY s.due, s.pos LIMIT ?"
)
_WIDTH = len(STATE_COLUMNS.split(", "))


class QueuedCard:
    """A card as a queue read found it: its state, note and deck, decoded when first used."""

    __slots__ = ("_row", "_source", "_values", "card", "due_text")

    def __init__(self, values: tuple[object, ...]) -> None:
        self.card = str(values[1])
        self.due_text = str(values[DUE_COLUMN])  # as stored: fixed-width UTC text, sorts like times
        self._values = values
        self._row: StateRow | None = None
        self._source: tuple[str, NoteRow, DeckRow] | None = None

    @property
    def row(self) -> StateRow:
        if self._row is None:
            self._row = state_row(self._values[:_WIDTH])
        return self._row

    @property
    def source(self) -> tuple[str, NoteRow, DeckRow]:
        """The card's variant, note and deck."""
        if self._source is None:
            self._source = card_source(self._values[_WIDTH:])
        return self._source


class QueueRepo:
    """Reads a person's study queues (one statement text each, so SQLite compiles it once)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def first(
        self,
        person: str,
        queue: Queue,
        due_before: datetime,
        limit: int,
        scope: Scope | None = None,
    ) -> list[QueuedCard]:
        """Up to ``limit`` cards of ``queue`` due before ``due_before``, earliest first
        (new cards: in deck order)."""
        condition, values = scoped(scope)
        rows = self.conn.execute(
            _FIRST.format(queue=in_queue(queue, "s"), condition=condition),
            (person, format_utc(due_before), *values, limit),
        ).fetchall()
        return [QueuedCard(values) for values in rows]
