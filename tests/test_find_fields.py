"""Search reads a note's extra fields (``F: Name: text``) as well as its question, answer and
tags; a database of schema v9 gets them into its index when it is opened (schema v10)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tandem.services import Services
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.schema import LATEST_VERSION, MIGRATIONS
from tandem.storage.search import NotesSearch

DECK = """+++
title = "German"
+++

Q: der Hund
A: the dog
F: Example: Der Hund bellt im Garten.
F: Notes: masculine; plural die Hünde
<!-- id: hund0001 -->

Q: die Katze
A: the cat
<!-- id: katze001 -->
"""


def _keys(svc: Services, query: str) -> list[str]:
    return [found.card.key for found in svc.cards.find(query)]


def test_words_of_extra_fields_are_found_and_follow_edits(svc: Services) -> None:
    svc.paths.decks.mkdir(parents=True)
    deck = svc.paths.decks / "german.md"
    deck.write_text(DECK)
    svc.sync.run()
    assert _keys(svc, "bellt") == ["hund0001"]
    assert _keys(svc, "garten hund") == ["hund0001"]
    assert _keys(svc, "hunde") == ["hund0001"]  # accents folded, as in the other columns
    assert _keys(svc, "example") == []  # a field's name is not its text
    deck.write_text(DECK.replace("bellt im Garten", "schläft").replace("Q: die Katze", "Q: Ga"))
    svc.sync.run()
    assert _keys(svc, "bellt") == []
    assert _keys(svc, "schlaft") == ["hund0001"]
    assert svc.ctx.store.repo(NotesSearch).index_problem() is None


def test_a_schema_9_database_indexes_its_fields_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(1, 10):
        for step in MIGRATIONS[version]:
            if isinstance(step, str):
                conn.execute(step)
            else:
                step(conn)
    conn.execute("PRAGMA user_version = 9")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO decks (id, path, title) VALUES (1, 'd.md', 'D')")
    fields = json.dumps([["Example", "Der Hund bellt."], ["Notes", "die Hünde"]])
    for note, extra in (("hund0001", fields), ("katze001", "[]")):
        conn.execute(
            "INSERT INTO notes (id, deck_id, kind, question, answer, content_hash, position, "
            "created_at, updated_at, fields) VALUES (?, 1, 'basic', ?, 'x', 'h', 1, 'x', 'x', ?)",
            (note, note[:4], extra),
        )
    conn.close()
    store = Store(path)
    try:
        assert store.user_version() == LATEST_VERSION >= 10
        assert store.repo(NotesSearch).index_problem() is None
        rows = store.conn.execute("SELECT id, fields_text FROM notes ORDER BY id").fetchall()
        assert rows == [("hund0001", "Der Hund bellt.\ndie Hünde"), ("katze001", "")]
        found = store.conn.execute(
            "SELECT n.id FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid "
            "WHERE notes_fts MATCH 'hunde bellt'"
        )
        assert found.fetchall() == [("hund0001",)]
    finally:
        store.close()
