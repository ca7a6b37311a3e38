"""A log import bigger than the log drops the log's secondary indexes and makes them again
after the insert: the same indexes, the same plans, and none lost when the import fails."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import BadInputError, FrozenClock, Rating, StorageError
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tandem.storage.states import StatesRepo

from .conftest import add_notes

_INDEXES = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'reviews' ORDER BY name"
_STATE_INDEXES = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'card_state' ORDER BY name"


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


def _with_every_kind_log(tmp_path: Path, name: str, clock: FrozenClock) -> tuple[Services, Path]:
    """A database ``name`` with alice, bob and 12 notes, and a log of every kind of entry on
    those cards (the same file for every database of a test)."""
    svc = build_services(resolve_paths(), db=Store(tmp_path / name), clock=clock)
    svc.people.add("alice")
    svc.people.add("bob")
    keys = add_notes(svc, 12)
    log = tmp_path / "every-kind.jsonl"
    _every_kind_log(log, keys, clock.now())
    return svc, log


def _every_kind_log(path: Path, keys: list[str], now: datetime) -> None:
    """A history of ``keys`` with answers of every rating, cramming, restarts, resets and
    due dates set by hand, in time order over some weeks."""
    draw = random.Random(7)
    at = now - timedelta(days=400)
    lines = []
    for n in range(400):
        at += timedelta(minutes=draw.choice([1, 7, 90, 600, 1500, 4000]))
        line: dict[str, object] = {"id": f"e{n}", "card": draw.choice(keys), "person": "alice"}
        kind = draw.choices(["review", "cram", "restart", "reset", "manual"], [20, 2, 1, 1, 1])[0]
        if kind not in ("reset", "manual"):
            line["rating"] = draw.randint(1, 4)
        line["at"] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        line["grader"] = draw.choice(["alice", "bob"])
        if kind != "review":
            line["kind"] = kind
        if kind == "manual":
            line["due"] = (at + timedelta(days=draw.randint(1, 30))).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(json.dumps(line) + "\n")
    path.write_text("".join(lines))


def test_a_big_import_replays_every_kind_as_a_small_one_does(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big import (indexes made after; the states before set while two are still to be
    made; the state table's indexes made again after its rows are written) stores the same
    states and states before as one that keeps every index in place."""
    found, dropped = [], []
    drop = StatesRepo.drop_indexes
    for name, big in (("big.db", True), ("small.db", False)):
        svc, log = _with_every_kind_log(tmp_path, name, clock)
        if big:  # in small batches: the state table's indexes are dropped and made again
            monkeypatch.setattr("tandem.services.maintenance.replay._FLUSH", 4)
            monkeypatch.setattr(
                StatesRepo, "drop_indexes", lambda repo: dropped.append(1) or drop(repo)
            )
        else:  # the old path: every index in place during the insert and replay
            monkeypatch.undo()
            monkeypatch.setattr(
                "tandem.storage.reviews.ReviewsRepo.indexes_after",
                _keeping_indexes,
            )
        assert svc.log.import_file(log).added == 400
        conn = svc.ctx.store.conn
        found.append((
            conn.execute("SELECT * FROM card_state ORDER BY person, card").fetchall(),
            conn.execute("SELECT id, prev_state FROM reviews ORDER BY seq").fetchall(),
            conn.execute(_INDEXES).fetchall(),
            conn.execute(_STATE_INDEXES).fetchall(),
        ))  # fmt: skip
        assert svc.doctor.check().ok
        svc.close()
    assert dropped == [1]
    assert found[0] == found[1]
    written = (tmp_path / "every-kind.jsonl").read_text()
    assert all(f'"kind": "{k}"' in written for k in ("cram", "restart", "reset", "manual"))
    assert {state for _, state in found[0][1]} >= {0, 1, 2, 3}


def _keeping_indexes(self: object, entries: int) -> object:
    from contextlib import nullcontext

    from tandem.storage.reviews import LaterIndexes

    return nullcontext(LaterIndexes(self.conn, []))  # type: ignore[attr-defined]


def test_a_log_of_distinct_ids_imports_as_the_grouping_path_does(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No id on two lines: the staging leaves out the grouping by id, and the log, the
    states before and the states come out as when every line is grouped (some of the ids
    are in the log already, and are skipped both ways)."""
    from tandem.storage.log_staging import LogStaging

    index = LogStaging.index
    found, repeats = [], []
    for name, grouped in (("distinct.db", False), ("grouped.db", True)):
        svc, log = _with_every_kind_log(tmp_path, name, clock)
        first = tmp_path / "first.jsonl"
        first.write_text("".join(log.read_text().splitlines(keepends=True)[:150]))
        assert svc.log.import_file(first).added == 150

        def staged(staging: LogStaging, grouped: bool = grouped) -> None:
            index(staging)
            repeats.append(staging.repeats)
            staging.repeats = staging.repeats or grouped

        monkeypatch.setattr(LogStaging, "index", staged)
        result = svc.log.import_file(log)
        monkeypatch.undo()
        assert (result.added, result.skipped) == (250, 150)
        conn = svc.ctx.store.conn
        found.append((
            conn.execute("SELECT * FROM reviews ORDER BY seq").fetchall(),
            conn.execute("SELECT * FROM card_state ORDER BY person, card").fetchall(),
        ))  # fmt: skip
        assert svc.doctor.check().ok
        svc.close()
    assert repeats == [False, False]
    assert found[0] == found[1]
    assert [row[1] for row in found[0][0]] == [f"e{n}" for n in range(400)]


def test_an_id_on_two_lines_is_still_found(tmp_path: Path, clock: FrozenClock) -> None:
    """The same line twice is one review; the same id with other content refuses the log."""
    _, log = _source(tmp_path, clock)
    lines = log.read_text().splitlines(keepends=True)
    twice = tmp_path / "twice.jsonl"
    twice.write_text("".join(lines + lines[:1]))
    target = _target(tmp_path, clock)
    result = target.log.import_file(twice)
    assert (result.added, result.skipped) == (12, 1)
    other = json.loads(lines[1])
    other["rating"] = other["rating"] % 4 + 1
    clash = tmp_path / "clash.jsonl"
    clash.write_text("".join(lines[:2]) + json.dumps(other) + "\n")
    with pytest.raises(BadInputError, match="1 bad line") as raised:
        _target(tmp_path / "c", clock).log.import_file(clash)
    assert raised.value.details == [
        f"{clash}:3: id: {other['id']!r} also on line 2 with other content"
    ]


def test_an_import_leaves_the_references_whole_and_checked(
    tmp_path: Path, clock: FrozenClock
) -> None:
    """The import checks cards and people itself (SQLite's checks are off while it adds):
    every review names a card and a person here, a log naming another card is refused
    whole, and the checks are on again after either."""
    _, log = _source(tmp_path, clock)
    target = _target(tmp_path, clock)
    conn = target.ctx.store.conn
    lines = log.read_text().splitlines(keepends=True)
    stranger = json.loads(lines[3])
    stranger["card"] = "no-such-card"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines[:3]) + json.dumps(stranger) + "\n")
    with pytest.raises(BadInputError, match="1 bad line"):
        target.log.import_file(bad)
    assert target.ctx.reviews.count() == 0
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert target.log.import_file(log).added == 12
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
