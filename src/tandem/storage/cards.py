"""Provides queries on ``decks``, ``notes`` and ``cards``: what there is to learn."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from tandem.models import format_utc, parse_utc
from tandem.storage.chunks import in_chunks
from tandem.storage.note_rows import (
    DECK_COLUMNS,
    NOTE_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_JOINS,
    DeckRow,
    NoteRow,
    card_source,
    decode_deck,
    decode_note,
    fields_json,
    fields_text,
)
from tandem.storage.search_fill import search_filled_after

_MANY_NOTES = 100
"""From this many notes inserted at once, the search index takes them in one statement."""
_KEPT_INDEX = "cards_pos"
"""The one secondary index of ``notes`` and ``cards`` a bulk insert keeps: ``next_pos``
reads the top ``pos`` from it, and new cards append to it in order anyway."""
_CARD_WITH_NOTE = f"SELECT {SOURCE_COLUMNS} FROM cards c {SOURCE_JOINS} WHERE c.key = ?"


_INSERT_NOTE = (
    f"INSERT INTO notes ({NOTE_COLUMNS}, fields_text, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _note_values(note: NoteRow, tags_json: str) -> tuple[object, ...]:
    """The note's columns after ``id`` (``NOTE_COLUMNS``, then ``fields_text``), without the
    times (as ``save_note`` writes them)."""
    return (
        note.deck_id,
        note.kind,
        note.question,
        note.answer,
        note.author,
        note.content_hash,
        note.position,
        tags_json,
        int(note.reverse),
        note.guid,
        int(note.retired),
        fields_json(note.fields),
        fields_text(note.fields),
    )


class CardsRepo:
    """Reads and writes decks, notes and cards."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # decks -----------------------------------------------------------------------------
    def decks(self) -> list[DeckRow]:
        rows = self.conn.execute(f"SELECT {DECK_COLUMNS} FROM decks ORDER BY path").fetchall()
        return [decode_deck(row) for row in rows]

    def save_deck(self, deck: DeckRow) -> int:
        """Inserts or updates the deck at ``deck.path``; returns its id."""
        values = (
            deck.title,
            deck.date,
            json.dumps(list(deck.partners)),
            json.dumps(list(deck.tags)),
            deck.size,
            deck.mtime_ns,
            deck.sha256,
            int(deck.present),
            deck.path,
        )
        cursor = self.conn.execute(
            "UPDATE decks SET title = ?, date = ?, partners = ?, tags = ?, size = ?, "
            "mtime_ns = ?, sha256 = ?, present = ? WHERE path = ?",
            values,
        )
        if cursor.rowcount:
            row = self.conn.execute("SELECT id FROM decks WHERE path = ?", (deck.path,)).fetchone()
            return int(row[0])
        cursor = self.conn.execute(
            "INSERT INTO decks (title, date, partners, tags, size, mtime_ns, sha256, present, "
            "path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # notes -----------------------------------------------------------------------------
    def notes(self, ids: Iterable[str] | None = None) -> dict[str, NoteRow]:
        if ids is None:
            rows = self.conn.execute(f"SELECT {NOTE_COLUMNS} FROM notes").fetchall()
        else:
            rows = []
            for chunk, marks in in_chunks(ids):
                rows += self.conn.execute(
                    f"SELECT {NOTE_COLUMNS} FROM notes WHERE id IN ({marks})", chunk
                ).fetchall()
        return {str(row[0]): decode_note(row) for row in rows}

    def active_note_decks(self, ids: Iterable[str]) -> Iterator[tuple[str, int]]:
        """``(id, deck id)`` of the notes of these ids that are not retired."""
        for chunk, marks in in_chunks(ids):
            yield from self.conn.execute(
                f"SELECT id, deck_id FROM notes WHERE retired = 0 AND id IN ({marks})", chunk
            )

    def active_note_ids(self, deck_ids: Iterable[int]) -> list[str]:
        """Ids of the notes of these decks that are not retired."""
        wanted = list(deck_ids)
        marks = ", ".join("?" * len(wanted))
        rows = self.conn.execute(
            f"SELECT id FROM notes WHERE retired = 0 AND deck_id IN ({marks})", wanted
        )
        return [str(row[0]) for row in rows]

    def is_empty(self) -> bool:
        """Whether the database has no note at all (nor any card: a card needs its note)."""
        return self.conn.execute("SELECT 1 FROM notes LIMIT 1").fetchone() is None

    @contextmanager
    def indexes_after(self, first: bool) -> Iterator[None]:
        """With ``first`` (a first sync: the database has no notes), the secondary indexes
        of ``notes`` and ``cards`` but ``cards_pos`` are dropped while the block inserts and
        made again after it, in the same transaction (a failure brings them back): one sort
        each instead of an entry put at a random place per row. Inside the block only
        inserts and look-ups by id, key or ``pos`` may run (``card_keys`` or a deck's notes
        would read the whole table). Without ``first``, nothing changes."""
        found = (
            self.conn.execute(
                "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' "
                "AND tbl_name IN ('notes', 'cards') AND sql IS NOT NULL AND name != ?",
                (_KEPT_INDEX,),
            ).fetchall()
            if first
            else []
        )
        for name, _ in found:
            self.conn.execute(f'DROP INDEX main."{name}"')  # a name from our own schema
        yield
        for _, sql in found:
            self.conn.execute(str(sql))

    def note_ids(self) -> set[str]:
        return {str(row[0]) for row in self.conn.execute("SELECT id FROM notes")}

    def active_note_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM notes WHERE retired = 0").fetchone()[0])

    def note(self, note_id: str) -> NoteRow | None:
        row = self.conn.execute(
            f"SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,)
        ).fetchone()
        return decode_note(row) if row else None

    def save_note(self, note: NoteRow, at: datetime) -> None:
        """Inserts the note, or updates it in place (its id, and so its history, stay)."""
        when = format_utc(at)
        values = _note_values(note, json.dumps(list(note.tags)))
        cursor = self.conn.execute(
            "UPDATE notes SET deck_id = ?, kind = ?, question = ?, answer = ?, author = ?, "
            "content_hash = ?, position = ?, tags = ?, reverse = ?, guid = ?, retired = ?, "
            "fields = ?, fields_text = ?, updated_at = ? WHERE id = ?",
            (*values, when, note.id),
        )
        if cursor.rowcount == 0:
            self.conn.execute(_INSERT_NOTE, (note.id, *values, when, when))

    def insert_notes(self, notes: Iterable[NoteRow], at: datetime) -> None:
        """Inserts notes that are not in the database yet, in one statement."""
        when = format_utc(at)
        tags: dict[tuple[str, ...], str] = {}  # notes share a few sets of tags
        rows = []
        for note in notes:
            if note.tags not in tags:
                tags[note.tags] = json.dumps(list(note.tags))
            rows.append((note.id, *_note_values(note, tags[note.tags]), when, when))
        if len(rows) < _MANY_NOTES:
            self.conn.executemany(_INSERT_NOTE, rows)
            return
        with search_filled_after(self.conn):
            self.conn.executemany(_INSERT_NOTE, rows)

    # cards -----------------------------------------------------------------------------
    def card_keys(self, note_id: str) -> dict[str, bool]:
        """The note's card keys, each with whether it is retired."""
        rows = self.conn.execute(
            "SELECT key, retired FROM cards WHERE note_id = ?", (note_id,)
        ).fetchall()
        return {str(key): bool(retired) for key, retired in rows}

    def add_card(self, key: str, note_id: str, variant: str, pos: int, at: datetime) -> None:
        self.conn.execute(
            "INSERT INTO cards (key, note_id, variant, pos, retired, created_at) "
            "VALUES (?, ?, ?, ?, 0, ?)",
            (key, note_id, variant, pos, format_utc(at)),
        )

    def insert_cards(self, cards: Iterable[tuple[str, str, str, int]], at: datetime) -> None:
        """Inserts new cards, each given as (key, note id, variant, pos), in one statement."""
        when = format_utc(at)
        self.conn.executemany(
            "INSERT INTO cards (key, note_id, variant, pos, retired, created_at) "
            "VALUES (?, ?, ?, ?, 0, ?)",
            [(*card, when) for card in cards],
        )

    def set_retired(self, keys: Sequence[str], retired: bool) -> None:
        """Retires the cards ``keys`` (or brings them back), for everyone at once."""
        if not keys:
            return
        marks = ", ".join("?" * len(keys))
        flag = int(retired)
        self.conn.execute(f"UPDATE cards SET retired = ? WHERE key IN ({marks})", (flag, *keys))
        self.conn.execute(
            f"UPDATE card_state SET retired = ? WHERE card IN ({marks})", (flag, *keys)
        )

    def move_states(self, keys: Sequence[str], deck_id: int) -> None:
        """Everyone's state rows of the cards ``keys`` follow their note to deck ``deck_id``."""
        marks = ", ".join("?" * len(keys))
        self.conn.execute(
            f"UPDATE card_state SET deck_id = ? WHERE card IN ({marks})", (deck_id, *keys)
        )

    def active_counts(self) -> dict[int, int]:
        """Deck id -> how many cards in it are not retired."""
        rows = self.conn.execute(
            "SELECT n.deck_id, count(*) FROM cards c JOIN notes n ON n.id = c.note_id "
            "WHERE c.retired = 0 GROUP BY n.deck_id"
        ).fetchall()
        return {int(deck): int(count) for deck, count in rows}

    def positions(self) -> dict[str, int]:
        """Every card's place in creation order (``pos``), by key."""
        return dict(self.conn.execute("SELECT key, pos FROM cards").fetchall())

    def next_pos(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(pos), 0) + 1 FROM cards").fetchone()[0])

    def active_cards(self) -> list[tuple[str, int, int, str]]:
        """(key, deck_id, pos, created_at) of every card that is not retired."""
        rows = self.conn.execute(
            "SELECT c.key, n.deck_id, c.pos, c.created_at FROM cards c "
            "JOIN notes n ON n.id = c.note_id WHERE c.retired = 0 ORDER BY c.pos"
        ).fetchall()
        return [(str(k), int(d), int(p), str(t)) for k, d, p, t in rows]

    def created_at(self, key: str) -> datetime | None:
        """When the card ``key`` came into this database (a new card is due from then)."""
        row = self.conn.execute("SELECT created_at FROM cards WHERE key = ?", (key,)).fetchone()
        return parse_utc(str(row[0])) if row else None

    def known_cards(self, keys: Iterable[str]) -> set[str]:
        known: set[str] = set()
        for chunk, marks in in_chunks(keys):
            rows = self.conn.execute(f"SELECT key FROM cards WHERE key IN ({marks})", chunk)
            known.update(row[0] for row in rows)
        return known

    def card_with_note(self, key: str) -> tuple[str, NoteRow, DeckRow] | None:
        """The card's variant, its note and its deck (one query)."""
        row = self.conn.execute(_CARD_WITH_NOTE, (key,)).fetchone()
        return None if row is None else card_source(row)
