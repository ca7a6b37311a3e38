"""Schema v7: the log takes due dates set by hand (``manual`` entries, with their ``due``);
the entries of a v6 log are kept as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.schema import MIGRATIONS

AT = "2026-03-01T10:00:00.000000Z"


def _v6_database(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(1, 7):
        for step in MIGRATIONS[version]:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute("PRAGMA user_version = 6")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO people VALUES ('alice', ?, '{}')", (AT,))
    conn.execute("INSERT INTO decks (id, path, title) VALUES (1, 'd.md', 'd')")
    conn.execute(
        "INSERT INTO notes (id, deck_id, kind, question, answer, content_hash, position, "
        "created_at, updated_at) VALUES ('card1', 1, 'basic', 'q', 'a', 'h', 0, ?, ?)",
        (AT, AT),
    )
    conn.execute("INSERT INTO cards VALUES ('card1', 'card1', '', 0, 0, ?)", (AT,))
    conn.executemany(
        "INSERT INTO reviews (id, card, person, rating, at, grader, prev_state, kind) "
        "VALUES (?, 'card1', 'alice', ?, ?, 'alice', 0, ?)",
        [("r1", 3, AT, "review"), ("r2", None, "2026-03-02T10:00:00.000000Z", "reset")],
    )
    conn.close()


def test_v6_log_is_kept_and_manual_entries_fit(tmp_path: Path) -> None:
    _v6_database(tmp_path / "t.db")
    store = Store(tmp_path / "t.db")
    rows = store.conn.execute("SELECT id, rating, kind, due FROM reviews ORDER BY seq").fetchall()
    assert rows == [("r1", 3, "review", None), ("r2", None, "reset", None)]
    insert = (
        "INSERT INTO reviews (id, card, person, rating, at, grader, kind, due) "
        "VALUES (?, 'card1', 'alice', ?, ?, 'alice', ?, ?)"
    )
    store.conn.execute(insert, ("r3", None, AT, "manual", "2026-04-01T04:00:00.000000Z"))
    with pytest.raises(sqlite3.IntegrityError):  # a manual entry without its date
        store.conn.execute(insert, ("r4", None, AT, "manual", None))
    with pytest.raises(sqlite3.IntegrityError):  # a manual entry has no rating
        store.conn.execute(insert, ("r5", 3, AT, "manual", "2026-04-01T04:00:00.000000Z"))
    with pytest.raises(sqlite3.IntegrityError):  # only a manual entry has a date
        store.conn.execute(insert, ("r6", 3, AT, "review", "2026-04-01T04:00:00.000000Z"))
    store.close()
