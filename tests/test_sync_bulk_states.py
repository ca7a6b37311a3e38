"""A first sync makes everyone's state rows after its cards, in one statement in key order:
the rows are the very ones the sync made card by card before."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.services import build_services
from tandem.services.sync import catalog as catalog_module
from tandem.storage.db import Store
from tandem.storage.states import StatesRepo
from tests.conftest import START, FrozenClock, first_sync, write_files

_DECKS = {
    "a.md": "Q: one\nA: 1\n\nQ: two\nA: 2\n<!-- reverse -->\n\nC: {{c1::x}} and {{c2::y}}\n",
    "b/c.md": '+++\ntitle = "C"\n+++\n\nQ: kept\nA: id\n<!-- id: keep0001 -->\n\nQ: new\nA: n\n',
}


def _synced(
    root: Path, monkeypatch: pytest.MonkeyPatch, *, deferred: bool, ranges: list | None = None
) -> list[tuple]:
    if ranges is not None:
        insert = StatesRepo.insert_new_of_cards

        def spy(self: StatesRepo, start: int, stop: int, due: str) -> None:
            ranges.append((start, stop))
            insert(self, start, stop, due)

        monkeypatch.setattr(StatesRepo, "insert_new_of_cards", spy)
    if not deferred:

        @contextmanager
        def as_added(self: object, bulk: bool) -> Iterator[None]:
            yield

        monkeypatch.setattr(catalog_module.Catalog, "states_after", as_added)
    assert first_sync(root, _DECKS, ("bob", "alice")).added == 5
    monkeypatch.undo()
    with sqlite3.connect(root / "t.db") as conn:
        return conn.execute("SELECT * FROM card_state ORDER BY person, card").fetchall()


def test_a_first_syncs_state_rows_are_the_ones_made_card_by_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranges: list[tuple[int, int]] = []
    deferred = _synced(tmp_path / "deferred", monkeypatch, deferred=True, ranges=ranges)
    assert [stop - start for start, stop in ranges] == [7]  # one statement for the 7 cards
    by_card = _synced(tmp_path / "by-card", monkeypatch, deferred=False)
    assert deferred == by_card
    assert len(deferred) == 2 * 7  # two people, 7 cards (a reverse, two clozes)
    assert {row[0] for row in deferred} == {"alice", "bob"}


def test_cards_added_to_a_synced_folder_get_their_state_rows_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _synced(tmp_path, monkeypatch, deferred=True)
    svc = build_services(
        resolve_paths(tmp_path / "t.db", tmp_path / "decks"),
        db=Store(tmp_path / "t.db"),
        clock=FrozenClock(START),
    )
    deck = tmp_path / "decks" / "a.md"
    deck.write_text(deck.read_text() + "\nQ: later\nA: l\n")
    assert svc.sync.run().added == 1
    (key,) = {row[1] for row in svc.ctx.store.conn.execute("SELECT * FROM card_state")} - {
        row[1] for row in _rows_before(tmp_path)
    }
    people = svc.ctx.store.conn.execute(
        "SELECT person FROM card_state WHERE card = ? ORDER BY person", (key,)
    ).fetchall()
    assert people == [("alice",), ("bob",)]
    svc.close()


def _rows_before(root: Path) -> list[tuple]:
    with sqlite3.connect(root / "t.db") as conn:
        return conn.execute(
            "SELECT * FROM card_state WHERE card IN (SELECT key FROM cards "
            "WHERE note_id IN (SELECT id FROM notes WHERE question != 'later'))"
        ).fetchall()


def test_a_first_sync_writes_with_a_larger_page_cache_and_gives_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tandem.services.sync.sync import BULK_CACHE_MIB, Sync

    store = Store(":memory:")
    size = lambda: store.conn.execute("PRAGMA cache_size").fetchone()[0]  # noqa: E731
    default, seen = size(), []
    save = Sync._save

    def spy(self: Sync, *args: object, **kwargs: object) -> object:
        seen.append(size())
        return save(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Sync, "_save", spy)
    root = write_files(tmp_path / "decks", _DECKS)
    svc = build_services(resolve_paths(decks=root), db=store, clock=FrozenClock(START))
    assert svc.sync.run().added == 5
    deck = root / "a.md"
    deck.write_text(deck.read_text(encoding="utf-8") + "\nQ: more\nA: m\n", encoding="utf-8")
    assert svc.sync.run().added == 1  # fewer notes than are stored: not a bulk write
    assert seen == [-BULK_CACHE_MIB * 1024, default]
    assert size() == default
