"""A log import bigger than the log drops the log's secondary indexes and makes them again
after the insert: the same indexes, the same plans, and none lost when the import fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating, StorageError
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .conftest import add_notes

_INDEXES = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'reviews' ORDER BY name"


def _source(tmp_path: Path, clock: FrozenClock) -> tuple[Services, Path]:
    svc = build_services(resolve_paths(), db=Store(tmp_path / "a.db"), clock=clock)
    svc.people.add("alice")
    keys = add_notes(svc, 5)
    session = svc.study("alice")
    for n in range(12):
        session.answer(keys[n % 5], Rating(n % 4 + 1))
        clock.advance(hours=20)
    log = tmp_path / "alice.jsonl"
    log.write_text("".join(line + "\n" for line in svc.log.export_lines("alice")))
    return svc, log


def _target(tmp_path: Path, clock: FrozenClock) -> Services:
    svc = build_services(resolve_paths(), db=Store(tmp_path / "b.db"), clock=clock)
    svc.people.add("alice")
    add_notes(svc, 5)
    return svc


def test_a_big_import_keeps_the_indexes_and_the_states(tmp_path: Path, clock: FrozenClock) -> None:
    source, log = _source(tmp_path, clock)
    target = _target(tmp_path, clock)
    before = target.ctx.store.conn.execute(_INDEXES).fetchall()
    assert {name for name, _ in before} >= {"reviews_person_at", "reviews_card"}
    result = target.log.import_file(log)
    assert result.added == 12
    assert target.ctx.store.conn.execute(_INDEXES).fetchall() == before
    assert target.ctx.states.for_person("alice") == source.ctx.states.for_person("alice")
    assert target.doctor.check().ok


def test_a_failing_big_insert_leaves_the_indexes_in_place(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, log = _source(tmp_path, clock)
    target = _target(tmp_path, clock)
    before = target.ctx.store.conn.execute(_INDEXES).fetchall()

    def broken_replay(self: object, person: str, cards: object = None) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("tandem.services.maintenance.replay.Replayer.fix", broken_replay)
    with pytest.raises(StorageError, match="nothing was saved"):
        target.log.import_file(log)
    assert target.ctx.store.conn.execute(_INDEXES).fetchall() == before
    assert target.ctx.reviews.count() == 0
