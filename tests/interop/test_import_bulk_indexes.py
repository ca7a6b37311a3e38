"""An import or a first sync bigger than the database makes the indexes of the tables it fills
after the insert (states, review log, the notes' search index): the rows, the indexes and what
search finds are those of the row-by-row path, which updates every index as each row goes in."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from types import SimpleNamespace

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, ids
from tandem.services import Services, build_services
from tandem.storage import cards
from tandem.storage.db import Store
from tandem.storage.reviews import ReviewsRepo
from tandem.storage.states import StatesRepo

from .test_import_bulk import _package

TABLES = ("notes", "cards", "card_state", "reviews", "notes_fts")
SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


def _import(root: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Services:
    seeded = random.Random(7)  # the same new card ids on both sides
    monkeypatch.setattr(ids, "os", SimpleNamespace(urandom=seeded.randbytes))
    paths = resolve_paths(root / "tandem.db", root / "decks")
    svc = build_services(paths, db=Store(paths.db), clock=clock)
    svc.people.add("alice")
    svc.people.add("bob")
    svc.importer.run(_package(root / "p.apkg", notes=29), person="alice")
    return svc


def _row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every index and trigger kept in place while the rows go in."""

    def keep(self: object, entries: int) -> Iterator[None]:
        return nullcontext()  # type: ignore[return-value]

    monkeypatch.setattr(StatesRepo, "drop_indexes", lambda self: [])
    monkeypatch.setattr(cards, "_MANY_NOTES", 10**9)
    monkeypatch.setattr(ReviewsRepo, "indexes_after", keep)


def _contents(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    found = {table: sorted(conn.execute(f"SELECT * FROM {table}"), key=repr) for table in TABLES}
    found["schema"] = conn.execute(SCHEMA).fetchall()
    found["search"] = conn.execute(
        "SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'cell OR answer OR div' ORDER BY rowid"
    ).fetchall()
    return found


def test_the_bulk_import_leaves_what_the_row_by_row_import_does(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped: list[str] = []
    drop = StatesRepo.drop_indexes

    def spied(self: StatesRepo) -> list[str]:
        dropped.extend(drop(self))
        return dropped

    monkeypatch.setattr(StatesRepo, "drop_indexes", spied)
    monkeypatch.setattr(cards, "_MANY_NOTES", 1)  # each deck file's notes in one statement
    bulk = _import(tmp_path / "bulk", clock, monkeypatch)
    assert len(dropped) == 7  # card_state's secondary indexes (schema v12)
    with monkeypatch.context() as patched:
        _row_by_row(patched)
        slow = _import(tmp_path / "slow", clock, patched)
    found, expected = _contents(bulk.ctx.store.conn), _contents(slow.ctx.store.conn)
    assert len(found["reviews"]) > 29
    assert len(found["search"]) > 10
    assert found == expected
    conn = bulk.ctx.store.conn
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('integrity-check')")
    bulk.close()
    slow.close()


def test_a_failing_bulk_import_leaves_the_indexes_in_place(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve_paths(tmp_path / "tandem.db", tmp_path / "decks")
    svc = build_services(paths, db=Store(paths.db), clock=clock)
    svc.people.add("alice")
    before = svc.ctx.store.conn.execute(SCHEMA).fetchall()

    @contextmanager
    def failing(self: object, entries: int) -> Iterator[None]:
        raise sqlite3.OperationalError("disk I/O error")
        yield

    monkeypatch.setattr(ReviewsRepo, "indexes_after", failing)
    with pytest.raises(Exception, match="disk I/O error|nothing was saved"):
        svc.importer.run(_package(tmp_path / "p.apkg", notes=20), person="alice")
    assert svc.ctx.store.conn.execute(SCHEMA).fetchall() == before
    assert svc.ctx.store.conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    svc.close()


def _first_sync(root: Path, clock: FrozenClock) -> Services:
    decks = root / "decks"
    decks.mkdir(parents=True)
    for number in range(3):
        cards = "\n".join(
            f"Q: question {number}-{n} word{n % 4}\nA: answer {n}\nR: yes\n" for n in range(150)
        )
        (decks / f"deck-{number}.md").write_text(f"# Deck {number}\n\n{cards}")
    svc = build_services(resolve_paths(root / "t.db", decks), db=Store(root / "t.db"), clock=clock)
    svc.people.add("alice")
    svc.people.add("bob")
    assert svc.sync.run().added == 450
    return svc


def test_a_first_sync_in_bulk_leaves_what_the_row_by_row_sync_does(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk = _first_sync(tmp_path / "bulk", clock)
    with monkeypatch.context() as patched:
        _row_by_row(patched)
        slow = _first_sync(tmp_path / "slow", clock)
    found, expected = _contents(bulk.ctx.store.conn), _contents(slow.ctx.store.conn)
    assert len(found["card_state"]) == 2 * 450  # a reversed card each way, two people
    assert found == expected
    assert bulk.ctx.store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    bulk.close()
    slow.close()
