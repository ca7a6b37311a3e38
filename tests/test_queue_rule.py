"""The queue a card is in: one rule, derived by SQLite, mirrored in memory; schema v3."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from tandem.models import FsrsState, Queue
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.schema import LATEST_VERSION, MIGRATIONS
from tandem.storage.states import in_queue, queue_of

NOW = "2026-03-04T10:00:00.000Z"


def _base(conn: sqlite3.Connection, cards: list[tuple[str, int]]) -> None:
    conn.execute("INSERT INTO people (name, created_at) VALUES ('alice', ?)", (NOW,))
    conn.execute("INSERT INTO decks (id, path, title) VALUES (1, 'd.md', 'D')")
    for index, (key, retired) in enumerate(cards, start=1):
        conn.execute(
            "INSERT INTO notes (id, deck_id, kind, question, answer, content_hash, position, "
            "retired, created_at, updated_at) VALUES (?, 1, 'basic', 'q', 'a', 'h', ?, ?, ?, ?)",
            (key, index, retired, NOW, NOW),
        )
        conn.execute(
            "INSERT INTO cards (key, note_id, variant, pos, retired, created_at) "
            "VALUES (?, ?, '', ?, ?, ?)",
            (key, key, index, retired, NOW),
        )


def test_sqlite_and_memory_agree_on_every_combination(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    combos = list(itertools.product(FsrsState, (False, True), (False, True), (False, True)))
    keys = [f"card{index:02d}" for index in range(len(combos))]
    with store.write() as conn:
        _base(conn, [(key, 0) for key in keys])
        for key, (state, suspended, buried, retired) in zip(keys, combos, strict=True):
            conn.execute(
                "INSERT INTO card_state (person, card, deck_id, pos, state, due, suspended, "
                "buried_until, retired) VALUES ('alice', ?, 1, 1, ?, ?, ?, ?, ?)",
                (key, int(state), NOW, suspended, NOW if buried else None, retired),
            )
    stored = dict(store.conn.execute("SELECT card, queue FROM card_state").fetchall())
    for key, (state, suspended, buried, retired) in zip(keys, combos, strict=True):
        assert Queue(stored[key]) is queue_of(state, suspended, buried, retired), key
    assert {Queue(q) for q in stored.values()} == set(Queue)
    for queue in Queue:  # the conditions the indexed reads use, over the same columns
        found = store.conn.execute(
            f"SELECT card FROM card_state WHERE {in_queue(queue, 'card_state')} ORDER BY card"
        ).fetchall()
        assert [key for (key,) in found] == sorted(k for k, q in stored.items() if q == queue)
    store.close()


def test_the_queue_cannot_be_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    with pytest.raises(sqlite3.OperationalError, match="generated column"):
        store.conn.execute("UPDATE card_state SET queue = 2")
    store.close()


def _schema_v2(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    rows = [  # card, card retired, state, queue, buried_until, suspended
        ("new", 0, 0, 0, None, 0),
        ("learning", 0, 1, 1, None, 0),
        ("review", 0, 2, 2, None, 0),
        ("relearning", 0, 3, 1, None, 0),
        ("suspended", 0, 2, -1, None, 1),
        ("buried", 0, 2, -2, "2026-03-05T04:00:00.000Z", 0),
        ("retired", 1, 2, -3, None, 0),
        ("retired-suspended", 1, 2, -3, None, 1),
        ("unburied-left-a-date", 0, 2, 2, "2026-03-01T04:00:00.000Z", 0),
    ]
    _base(conn, [(card, retired) for card, retired, *_ in rows])
    for card, _, state, queue, buried, suspended in rows:
        conn.execute(
            "INSERT INTO card_state (person, card, deck_id, pos, queue, state, due, "
            "buried_until, suspended, stability) VALUES ('alice', ?, 1, 1, ?, ?, ?, ?, ?, 2.5)",
            (card, queue, state, NOW, buried, suspended),
        )
    conn.close()


def test_schema_2_migrates_with_every_queue_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_v2(path)
    store = Store(path)
    assert store.user_version() == LATEST_VERSION
    found = {
        card: (queue, retired, buried, stability)
        for card, queue, retired, buried, stability in store.conn.execute(
            "SELECT card, queue, retired, buried_until, stability FROM card_state"
        )
    }
    assert found == {
        "new": (0, 0, None, 2.5),
        "learning": (1, 0, None, 2.5),
        "review": (2, 0, None, 2.5),
        "relearning": (1, 0, None, 2.5),
        "suspended": (-1, 0, None, 2.5),
        "buried": (-2, 0, "2026-03-05T04:00:00.000Z", 2.5),
        "retired": (-3, 1, None, 2.5),
        "retired-suspended": (-3, 1, None, 2.5),
        "unburied-left-a-date": (2, 0, None, 2.5),
    }
    backups = list((tmp_path / "backups").glob("tandem-*-before-migration-v2.db"))
    assert len(backups) == 1
    plan = " ".join(
        row[3]
        for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT card FROM card_state WHERE person = 'alice' "
            f"AND {in_queue(Queue.REVIEW)} AND due < 'x' ORDER BY due, pos"
        )
    )
    assert "card_state_queue" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
    store.close()
