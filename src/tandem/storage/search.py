"""Provides the full-text index over the notes: an FTS5 table that sqlite-utils makes, checks
and rebuilds (``card_query`` searches it).

The index (``notes_fts``) reads its text from ``notes`` (question, answer, tags) and is kept
in step by triggers on every insert, update and delete of a note. It folds case and accents
(``unicode61 remove_diacritics 2``).
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

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


class NotesSearch:
    """The index over the notes' question, answer and tags."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

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
