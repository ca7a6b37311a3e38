"""Provides finding cards: full-text search over the notes (an FTS5 index that sqlite-utils
makes and queries), the cards of the notes found, and a person's suspended cards.

The index (``notes_fts``) reads its text from ``notes`` (question, answer, tags) and is kept
in step by triggers on every insert, update and delete of a note. Words match without case
or accents (``unicode61 remove_diacritics 2``), and each word of a query also matches the
words it begins (``reba`` finds ``rebase``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import sqlite_utils

from tandem.storage.note_rows import SOURCE_COLUMNS, SOURCE_JOINS, DeckRow, NoteRow, card_source

_COLUMNS = ["question", "answer", "tags"]
_TOKENIZE = "unicode61 remove_diacritics 2"


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    # No plugins and no PRAGMA changes on tandem's connection: only the table helpers.
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def _notes(db: sqlite_utils.Database) -> sqlite_utils.db.Table:
    return db.table("notes")


def enable_notes_search(conn: sqlite3.Connection) -> None:
    """Makes the index and its triggers and fills it (a migration step; inside its lock)."""
    _notes(_database(conn)).enable_fts(_COLUMNS, create_triggers=True, tokenize=_TOKENIZE)


_CARDS_OF_NOTE = (
    f"SELECT c.key, {SOURCE_COLUMNS} FROM cards c {SOURCE_JOINS} "
    "WHERE c.note_id = ? AND c.retired = 0 ORDER BY c.pos"
)
_SUSPENDED = (
    f"SELECT c.key, {SOURCE_COLUMNS} FROM card_state s JOIN cards c ON c.key = s.card "
    f"{SOURCE_JOINS} WHERE s.person = ? AND s.suspended = 1 AND s.retired = 0 "
    "ORDER BY d.path, n.position, c.pos"
)
CardSource = tuple[str, str, NoteRow, DeckRow]
"""A card found: its key, variant, note and deck."""


class NotesSearch:
    """Finds notes by the words of their question, answer and tags, and their cards."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def note_ids(self, query: str, limit: int) -> list[str]:
        """The ids of notes in a deck that match every word of ``query``, best first.

        The query is text, not FTS syntax: quotes group words into a phrase, and nothing
        else is special (``NOT``, ``-``, ``*`` are words).
        """
        db = _database(self.conn)
        match = " ".join(f"{word}*" for word in db.quote_fts(query).split()) if query else ""
        if not match.strip('"* '):
            return []
        rows = _notes(db).search(match, columns=["id"], where="retired = 0", limit=limit)
        return [str(row["id"]) for row in rows]

    def cards_of(self, note_ids: Sequence[str]) -> list[CardSource]:
        """The cards in a deck of each note, note by note in the order given."""
        found = []
        for note_id in note_ids:
            rows = self.conn.execute(_CARDS_OF_NOTE, (note_id,)).fetchall()
            found += [(str(row[0]), *card_source(row[1:])) for row in rows]
        return found

    def suspended(self, person: str) -> list[CardSource]:
        """``person``'s suspended cards (leeches among them), in deck order."""
        rows = self.conn.execute(_SUSPENDED, (person,)).fetchall()
        return [(str(row[0]), *card_source(row[1:])) for row in rows]

    def index_problem(self) -> str | None:
        """``None`` when the index matches the notes, else what FTS5's check said."""
        check = "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)"
        try:
            self.conn.execute(check)
        except sqlite3.DatabaseError as error:
            return str(error)
        return None

    def rebuild(self) -> None:
        """Reads every note into the index again (after a restore, or to repair it)."""
        _notes(_database(self.conn)).rebuild_fts()
