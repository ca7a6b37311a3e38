"""Provides the full-text index over the notes: an FTS5 table that sqlite-utils makes, checks
and rebuilds (``card_query`` searches it).

The index (``notes_fts``) reads its text from ``notes`` (question, answer, tags, and from
schema v10 on the text of the extra fields, ``fields_text``) and is kept in step by triggers
on every insert, update and delete of a note. It folds case and accents
(``unicode61 remove_diacritics 2``).
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

_V4_COLUMNS = ["question", "answer", "tags"]
COLUMNS = [*_V4_COLUMNS, "fields_text"]
"""The columns of ``notes`` the index holds (schema v10 on)."""
_TOKENIZE = "unicode61 remove_diacritics 2"


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    # No plugins and no PRAGMA changes on tandem's connection: only the table helpers.
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def _notes(db: sqlite_utils.Database) -> sqlite_utils.db.Table:
    return db.table("notes")


def enable_notes_search(conn: sqlite3.Connection) -> None:
    """Makes the index of schema v4 and its triggers and fills it (a migration step)."""
    _notes(_database(conn)).enable_fts(_V4_COLUMNS, create_triggers=True, tokenize=_TOKENIZE)


def notes_search_statements() -> list[str]:
    """The statements that make the index over ``COLUMNS`` anew, its triggers, and fill it:
    the index sqlite-utils' ``enable_fts`` makes, written out so that a migration runs them
    inside its transaction (``executescript`` would commit it)."""
    columns = ", ".join(COLUMNS)
    old = ", ".join(f"old.{c}" for c in COLUMNS)
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    delete = (
        f"INSERT INTO notes_fts (notes_fts, rowid, {columns}) VALUES ('delete', old.rowid, {old});"
    )
    insert = f"INSERT INTO notes_fts (rowid, {columns}) VALUES (new.rowid, {new});"
    return [
        "DROP TRIGGER IF EXISTS notes_ai",
        "DROP TRIGGER IF EXISTS notes_ad",
        "DROP TRIGGER IF EXISTS notes_au",
        "DROP TABLE IF EXISTS notes_fts",
        # As sqlite-utils writes it, which is how its ``rebuild_fts`` finds the index.
        'CREATE VIRTUAL TABLE "notes_fts" USING FTS5 (\n    '
        + ", ".join(f'"{c}"' for c in COLUMNS)
        + f",\n    tokenize='{_TOKENIZE}',\n    content=\"notes\"\n)",
        f"INSERT INTO notes_fts (rowid, {columns}) SELECT rowid, {columns} FROM notes",
        f"CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN {insert} END",
        f"CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN {delete} END",
        f"CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN {delete} {insert} END",
    ]


class NotesSearch:
    """The index over the notes' question, answer, tags and extra fields' text."""

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
