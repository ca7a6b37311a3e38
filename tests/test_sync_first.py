"""A first sync (a database without notes) inserts every note without looking it up and makes
the notes' and cards' secondary indexes after the rows: the rows of every table, what search
finds and the ids written into the files are those of the sync of the same folder into a
database that has notes (each note looked up, every index kept in place)."""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from tandem.config import resolve_paths
from tandem.models import StorageError, ids
from tandem.services import Services, build_services
from tandem.services.sync.outcome import SyncReport
from tandem.storage import cards
from tandem.storage.cards import CardsRepo
from tandem.storage.db import Store
from tests.conftest import START, FrozenClock, first_sync

_DECKS = {
    "a.md": (
        '+++\ntitle = "Alpha"\ntags = ["greek"]\n+++\n\nSome notes before the cards.\n\n'
        "Q: one\nA: 1\n\nQ: two\nA: 2\n<!-- by: bob · reverse -->\n\n"
        "C: {{c1::x}} and {{c2::y}}\n<!-- tags: letters, pairs -->\n\n"
        "Q: Hund\nA: dog\nF: Example: Der Hund bellt.\nF: Source: atlas\n"
        "<!-- id: hund0001 · tags: de -->\n"
    ),
    "b/c.md": (
        '+++\ntitle = "C"\n+++\n\nQ: kept\nA: id\n<!-- id: keep0001 · by: alice -->\n\n'
        "Q: new\nA: n\n\nQ: one\nA: 1\n\nQ: même\nA: accents\n<!-- tags: fr -->\n"
    ),
    "d.md": "C: {{c1::Lisbon}} is in {{c2::Portugal}}, {{c1::Lisbon}} again\n",
    # The same id twice: both files are refused, as by any sync.
    "e.md": "Q: taken\nA: twice\n<!-- id: dup00001 -->\n",
    "f.md": "Q: also taken\nA: twice\n<!-- id: dup00001 -->\n",
    "empty.md": "Just prose, no cards.\n",
}
_TABLES = {
    "notes": "id",
    "cards": "key",
    "card_state": "person, card",
    "decks": "id",
}
_SEARCHED = ("dog", "accents", "lisbon", "greek OR letters", "meme", "atlas")


def _synced(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[SyncReport, dict[str, object]]:
    seeded = random.Random(11)  # the same new ids on both sides
    monkeypatch.setattr(ids, "os", SimpleNamespace(urandom=seeded.randbytes))
    monkeypatch.setattr(cards, "_MANY_NOTES", 1)  # each file's notes in one statement
    report = first_sync(root, _DECKS, ("bob", "alice"))
    with sqlite3.connect(root / "t.db") as conn:
        found: dict[str, object] = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
            for table, order in _TABLES.items()
        }
        found["schema"] = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        found["search"] = {
            words: conn.execute(
                "SELECT n.id FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid "
                "WHERE notes_fts MATCH ? ORDER BY n.id",
                (words,),
            ).fetchall()
            for words in _SEARCHED
        }
        found["search_check"] = conn.execute(
            "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)"
        ).fetchall()
        found["indexes"] = [  # name, unique, origin, partial (the order they were made aside)
            sorted(row[1:] for row in conn.execute(f"PRAGMA index_list({table})"))
            for table in _TABLES
        ]
        found["integrity"] = conn.execute("PRAGMA integrity_check").fetchall()
        found["foreign_keys"] = conn.execute("PRAGMA foreign_key_check").fetchall()
    found["files"] = {rel: (root / "decks" / rel).read_bytes() for rel in _DECKS}
    return report, found


def _without_mtimes(found: dict[str, object]) -> dict[str, object]:
    """The decks' rows without the files' mtimes (each side wrote its own files)."""
    decks = found["decks"]
    assert isinstance(decks, list)
    return {**found, "decks": [row[:7] + row[8:] for row in decks]}


def test_a_first_sync_leaves_what_the_sync_into_a_database_with_notes_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped: list[str] = []
    indexes_after = CardsRepo.indexes_after

    def spied(self: CardsRepo, first: bool):  # type: ignore[no-untyped-def]
        if first:
            dropped.extend(
                str(name)
                for (name,) in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                    "AND tbl_name IN ('notes', 'cards')"
                )
            )
        return indexes_after(self, first)

    monkeypatch.setattr(CardsRepo, "indexes_after", spied)
    first_report, first = _synced(tmp_path / "first", monkeypatch)
    assert sorted(dropped) == ["cards_note", "cards_pos", "notes_deck"]  # cards_pos is kept
    monkeypatch.undo()
    monkeypatch.setattr(CardsRepo, "is_empty", lambda self: False)  # the existing path
    report, expected = _synced(tmp_path / "kept", monkeypatch)

    assert (first_report.added, first_report.ids_assigned) == (report.added, report.ids_assigned)
    assert first_report.added == 9
    assert first_report.refused == report.refused == ["e.md", "f.md"]
    assert _without_mtimes(first) == _without_mtimes(expected)
    notes = first["notes"]
    assert isinstance(notes, list)
    assert {row[0] for row in notes} >= {"hund0001", "keep0001"}
    files = first["files"]
    assert isinstance(files, dict)
    assert files["e.md"] == _DECKS["e.md"].encode()  # refused: left as it was
    assert b"<!-- id: " in files["d.md"]  # new ids written, the same on both sides
    search = first["search"]
    assert isinstance(search, dict)
    assert search["dog"] == [("hund0001",)]
    assert search["atlas"] == [("hund0001",)]
    assert len(search["meme"]) == 1  # accents folded


def _alice_with(root: Path, files: dict[str, str]) -> tuple[Path, Services]:
    """A decks folder holding ``files`` and services over a new database with alice in it."""
    decks = root / "decks"
    decks.mkdir()
    for rel, text in files.items():
        (decks / rel).write_text(text)
    svc = build_services(
        resolve_paths(root / "t.db", decks), db=Store(root / "t.db"), clock=FrozenClock(START)
    )
    svc.people.add("alice")
    return decks, svc


def test_a_first_sync_failing_halfway_leaves_the_indexes_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks, svc = _alice_with(tmp_path, {"a.md": "Q: one\nA: 1\n\nQ: two\nA: 2\n"})
    schema = "SELECT name, sql FROM sqlite_master ORDER BY name"
    before = svc.ctx.store.conn.execute(schema).fetchall()

    def broken(self: CardsRepo, rows: object, at: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(CardsRepo, "insert_cards", broken)
    with pytest.raises(StorageError, match="nothing was saved"):
        svc.sync.run()
    conn = svc.ctx.store.conn
    assert conn.execute(schema).fetchall() == before
    assert conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    assert (decks / "a.md").read_text() == "Q: one\nA: 1\n\nQ: two\nA: 2\n"


def test_only_a_first_sync_leaves_the_foreign_key_look_ups_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks, svc = _alice_with(tmp_path, {"a.md": "Q: one\nA: 1\n"})
    checked: list[int] = []
    insert = CardsRepo.insert_cards

    def spied(self: CardsRepo, rows: object, at: object) -> None:
        checked.append(self.conn.execute("PRAGMA foreign_keys").fetchone()[0])
        insert(self, rows, at)  # type: ignore[arg-type]

    monkeypatch.setattr(CardsRepo, "insert_cards", spied)
    svc.sync.run()
    (decks / "b.md").write_text("Q: two\nA: 2\n")
    svc.sync.run()
    assert checked == [0, 1]  # the first sync's cards, then the second's
    assert svc.ctx.store.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_new_ids_go_into_many_files_side_by_side_and_a_failed_write_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tandem.config.files import write_atomically

    texts = {f"d{number:02d}.md": f"Q: card {number}\nA: {number}\n" for number in range(20)}
    decks, svc = _alice_with(tmp_path, texts)

    def fails_once(path: Path, data: bytes) -> None:
        if path.name == "d07.md":
            raise StorageError(f"{path}: cannot write: disk full; nothing was changed")
        write_atomically(path, data)

    monkeypatch.setattr("tandem.services.sync.id_writing.write_atomically", fails_once)
    with pytest.raises(StorageError, match="d07.md: cannot write"):
        svc.sync.run()
    assert svc.ctx.store.conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    assert (decks / "d07.md").read_text() == texts["d07.md"]
    monkeypatch.undo()
    report = svc.sync.run()  # files written before the failure are read with their ids
    assert report.added == 20
    # Files written beside the failed one have their ids already; the rest get them now,
    # written in order and each recorded with its new bytes.
    assert "d07.md" in report.written
    assert report.written == sorted(report.written)
    rows = {deck.path: deck for deck in svc.ctx.cards.decks()}
    for rel in texts:
        data = (decks / rel).read_bytes()
        assert re.fullmatch(rb"Q: card \d+\nA: \d+\n<!-- id: \w{8} -->\n", data)
        assert rows[rel].sha256 == hashlib.sha256(data).hexdigest()
    assert svc.sync.run().files_read == 0  # every file recorded as written
