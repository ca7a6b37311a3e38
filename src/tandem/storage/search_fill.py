"""Provides filling the notes' search index in one statement after a bulk insert of notes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

_TRIGGER = "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND name = 'notes_ai'"


@contextmanager
def search_filled_after(conn: sqlite3.Connection) -> Iterator[None]:
    """Notes inserted in the block go in without the trigger that indexes each one; the
    index then reads them all in one statement, and the trigger is made again (in the
    caller's transaction: a failure brings it back). One insert into the index is some
    four times cheaper than one per note. Only inserts may run in the block."""
    found = conn.execute(_TRIGGER).fetchone()
    if found is None:  # no index to keep (a database before schema v4)
        yield
        return
    columns = ", ".join(
        str(name) for (name,) in conn.execute("SELECT name FROM pragma_table_info('notes_fts')")
    )
    # A new row takes a rowid above every one there (``notes`` has no INTEGER PRIMARY KEY).
    top = int(conn.execute("SELECT ifnull(max(rowid), 0) FROM main.notes").fetchone()[0])
    conn.execute("DROP TRIGGER main.notes_ai")
    yield
    conn.execute(
        f"INSERT INTO notes_fts (rowid, {columns}) SELECT rowid, {columns} FROM main.notes "
        "WHERE rowid > ?",
        (top,),
    )
    conn.execute(str(found[0]))
