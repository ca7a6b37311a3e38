"""A log imported into an empty log goes straight into the table (no staging table), and
leaves every row as the staging path does; any line the staging path has something to say
about sends the import there, with nothing of the direct attempt left behind."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

import pytest

from tandem.config import resolve_paths
from tandem.models import BadInputError, FrozenClock
from tandem.services import Services, build_services
from tandem.services.log_direct import NotDirect
from tandem.services.reviewlog import ImportResult, ReviewLog
from tandem.storage.aliases import AliasesRepo
from tandem.storage.db import Store
from tandem.storage.log_staging import LogStaging

from .conftest import add_notes

_TABLES = {
    "reviews": "SELECT * FROM reviews ORDER BY seq",
    "card_state": "SELECT * FROM card_state ORDER BY person, card",
    "schema": "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name",
    "days_changed": "SELECT * FROM review_days_changed ORDER BY person, day",
}


def _database(tmp_path: Path, name: str, clock: FrozenClock) -> tuple[Services, list[str]]:
    svc = build_services(resolve_paths(), db=Store(tmp_path / name), clock=clock)
    for person in ("alice", "bob"):
        svc.people.add(person)
    return svc, add_notes(svc, 12)


def _log(path: Path, keys: list[str], now: datetime, lines: int = 600) -> list[dict[str, Any]]:
    """Two people's histories of ``keys`` with every kind of entry (answers of each rating,
    cramming, restarts, resets, due dates set by hand), some lines with a fraction of a
    second, others without a duration, in time order; written to ``path``."""
    draw = random.Random(11)
    at = now - timedelta(days=500)
    entries: list[dict[str, Any]] = []
    for n in range(lines):
        at += timedelta(minutes=draw.choice([1, 7, 90, 600, 1500, 4000]), seconds=n % 3)
        person = draw.choice(["alice", "bob"])
        line: dict[str, Any] = {"id": f"r{n:04}", "card": draw.choice(keys), "person": person}
        kind = draw.choices(["review", "cram", "restart", "reset", "manual"], [20, 2, 1, 1, 1])[0]
        if kind not in ("reset", "manual"):
            line["rating"] = draw.randint(1, 4)
        stamp = at.strftime("%Y-%m-%dT%H:%M:%S")
        line["at"] = f"{stamp}.25Z" if n % 7 == 0 else f"{stamp}Z"
        line["grader"] = draw.choice(["alice", "bob"])
        if n % 5:
            line["duration_ms"] = draw.randint(0, 60_000)
        if kind != "review":
            line["kind"] = kind
        if kind == "manual":
            line["due"] = (at + timedelta(days=draw.randint(1, 30))).strftime("%Y-%m-%dT%H:%M:%SZ")
        entries.append(line)
    _write(path, entries)
    return entries


def _write(path: Path, entries: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(entry) + "\n" for entry in entries))


def _rows(svc: Services) -> dict[str, list[Any]]:
    conn = svc.ctx.store.conn
    return {name: conn.execute(query).fetchall() for name, query in _TABLES.items()}


def _staged_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: ReviewLog, path: Path) -> ImportResult:
        raise NotDirect

    monkeypatch.setattr(ReviewLog, "_import_direct", refuse)


def _staging_spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the staging tables made from now on."""
    made: list[int] = []
    enter = LogStaging.__enter__

    def counted(self: LogStaging) -> LogStaging:
        made.append(1)
        return enter(self)

    monkeypatch.setattr(LogStaging, "__enter__", counted)
    return made


def _both_ways(
    tmp_path: Path,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
    entries: int = 600,
    *,
    shuffled: bool = False,
) -> tuple[list[ImportResult], list[dict[str, list[Any]]], list[list[int]]]:
    """The same log imported into two databases alike: directly, then through the staging
    table; each import's result, rows, and staging tables made. ``shuffled``: the lines
    out of time order, and some of one card at one time (``_shuffled``)."""
    results, rows, staged = [], [], []
    for name in ("direct.db", "staged.db"):
        svc, keys = _database(tmp_path, name, clock)
        with svc.ctx.store.write():  # a card merged into another: its reviews follow it
            svc.ctx.store.repo(AliasesRepo).add(keys[11], keys[10], clock.now())
        written = _log(tmp_path / "log.jsonl", keys, clock.now(), entries)
        if shuffled:
            _write(tmp_path / "log.jsonl", _shuffled(written))
        if name == "staged.db":
            _staged_only(monkeypatch)
        made = _staging_spy(monkeypatch)
        results.append(svc.log.import_file(tmp_path / "log.jsonl"))
        monkeypatch.undo()
        rows.append(_rows(svc))
        staged.append(made)
        assert svc.doctor.check().ok
        _checks_on(svc)
        svc.close()
    return results, rows, staged


def test_an_import_into_an_empty_log_leaves_every_row_as_the_staging_path_does(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    results, (direct, staged), made = _both_ways(tmp_path, clock, monkeypatch)
    assert made == [[], [1]]  # the first went straight in, the second through the staging
    assert results[0] == results[1]
    assert results[0].added == 600
    assert results[0].people == ("alice", "bob")
    for table in _TABLES:
        assert direct[table] == staged[table], table
    conn = sqlite3.connect(tmp_path / "direct.db")
    ids = [rid for (rid,) in conn.execute("SELECT id FROM reviews ORDER BY seq")]
    assert ids == [f"r{n:04}" for n in range(600)]  # file order: seq as the staging gives
    cards = conn.execute("SELECT count(DISTINCT card) FROM reviews").fetchone()[0]
    assert cards == 11  # the merged card's reviews are on the card it went into
    states = {state for (state,) in conn.execute("SELECT prev_state FROM reviews")}
    assert states >= {0, 1, 2, 3}  # as the replay set them
    kinds = {kind for (kind,) in conn.execute("SELECT kind FROM reviews")}
    assert kinds == {"review", "cram", "restart", "reset", "manual"}
    conn.close()


def _shuffled(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entries`` in another order (the same every run), every seventh line made an entry
    of the line before's person and card at its very time (entries at one time are replayed
    in the order they came)."""
    lines = [dict(entry) for entry in entries]
    random.Random(5).shuffle(lines)
    for n in range(1, len(lines), 7):
        lines[n] |= {key: lines[n - 1][key] for key in ("person", "card", "at")}
    return lines


def test_a_log_out_of_time_order_leaves_every_row_as_the_staging_path_does(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines not in time order, some of one card at one time: each card is replayed in
    time order, entries at one time in file order, by either path."""
    results, (direct, staged), made = _both_ways(tmp_path, clock, monkeypatch, shuffled=True)
    assert made == [[], [1]]
    assert results[0] == results[1]
    for table in _TABLES:
        assert direct[table] == staged[table], table
    times = [(row[2], row[3], row[5]) for row in direct["reviews"]]  # card, person, time
    assert len(times) - len(set(times)) >= 60  # the same card at one time: many
    assert sorted(times, key=itemgetter(2)) != times  # and the lines not in time order
    assert {row[8] for row in direct["reviews"]} >= {0, 1, 2, 3}  # states before, replayed


def test_an_empty_file_into_an_empty_log_adds_nothing(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc, _ = _database(tmp_path, "t.db", clock)
    before = _rows(svc)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    made = _staging_spy(monkeypatch)
    assert svc.log.import_file(empty) == ImportResult(0, 0, (), 0)
    assert made == []
    assert _rows(svc) == before


def _import_bad(tmp_path: Path, clock: FrozenClock, change: str) -> tuple[Services, Path]:
    """An empty database, and a log of it with one line made bad in the way ``change``
    says, near the end (the direct import has added the lines before it)."""
    svc, keys = _database(tmp_path, f"{change}.db", clock)
    entries = _log(tmp_path / "good.jsonl", keys, clock.now(), 200)
    bad = dict(entries[150])
    if change == "card":
        bad["card"] = "no-such-card"
    elif change == "grader":
        bad["grader"] = "carol"
    elif change == "twice":
        bad = dict(entries[20])
    elif change == "clash":
        bad = {**entries[20], "grader": "bob" if entries[20]["grader"] == "alice" else "alice"}
    elif change == "no rating":  # each of the log's CHECK constraints, left off while adding
        bad = {k: v for k, v in bad.items() if k != "rating"} | {"kind": "review"}
    elif change == "reset rated":
        bad |= {"kind": "reset", "rating": 3}
    elif change == "review due":
        bad |= {"kind": "review", "rating": 3, "due": bad["at"]}
    elif change == "kind":
        bad["kind"] = "weird"
    else:
        bad["rating"] = 9
    entries[150] = bad
    path = tmp_path / f"{change}.jsonl"
    _write(path, entries)
    return svc, path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("card", "card: unknown card 'no-such-card'"),
        ("grader", "grader: unknown person 'carol'"),
        ("clash", "id: 'r0020' also on line 21 with other content"),
        ("rating", "rating: Input should be less than or equal to 4"),
        (
            "no rating",
            "line: Value error, a reset or manual entry has no rating; every other kind has one",
        ),
        (
            "reset rated",
            "line: Value error, a reset or manual entry has no rating; every other kind has one",
        ),
        ("review due", "line: Value error, a manual entry has a due date; no other kind has one"),
        ("kind", "kind: Input should be 'review', 'restart', 'cram', 'reset' or 'manual'"),
    ],
)
def test_a_bad_line_refuses_the_log_as_the_staging_path_says(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, change: str, message: str
) -> None:
    svc, path = _import_bad(tmp_path, clock, change)
    before = _rows(svc)
    made = _staging_spy(monkeypatch)
    with pytest.raises(BadInputError, match="1 bad line") as raised:
        svc.log.import_file(path)
    assert raised.value.details == [f"{path}:151: {message}"]
    assert made == [1]  # the staging path said it
    assert _rows(svc) == before  # nothing of the direct attempt: rows, indexes
    _checks_on(svc)


def _checks_on(svc: Services) -> None:
    """SQLite's own checks are on again (the import leaves them off while it adds)."""
    conn = svc.ctx.store.conn
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert conn.execute("PRAGMA ignore_check_constraints").fetchone() == (0,)
    with (
        pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"),
        svc.ctx.store.write(),
    ):
        conn.execute(
            "INSERT INTO reviews (id, card, person, rating, at, grader, kind) "
            "VALUES ('x', (SELECT key FROM cards LIMIT 1), 'alice', 7, '2026-01-01', 'alice', "
            "'review')"
        )


def test_a_line_the_staging_path_skips_is_skipped_from_an_empty_log_too(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same line twice is one review (the direct import finds it by the id's index)."""
    svc, path = _import_bad(tmp_path, clock, "twice")
    made = _staging_spy(monkeypatch)
    result = svc.log.import_file(path)
    assert (result.added, result.skipped) == (199, 1)
    assert made == [1]
    _checks_on(svc)
    assert "r0150" not in svc.ctx.reviews.known_ids(["r0150", "r0149"])
    assert svc.doctor.check().ok


def test_skip_unknown_into_an_empty_log_imports_the_others(
    tmp_path: Path, clock: FrozenClock
) -> None:
    svc, path = _import_bad(tmp_path, clock, "card")
    result = svc.log.import_file(path, skip_unknown=True)
    assert (result.added, result.refused) == (199, 1)
    assert result.problems == (f"{path}:151: card: unknown card 'no-such-card'",)
    assert svc.ctx.reviews.count() == 199


def test_a_log_that_is_not_empty_is_imported_through_the_staging(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc, keys = _database(tmp_path, "t.db", clock)
    entries = _log(tmp_path / "all.jsonl", keys, clock.now(), 100)
    _write(tmp_path / "first.jsonl", entries[:40])
    assert svc.log.import_file(tmp_path / "first.jsonl").added == 40
    made = _staging_spy(monkeypatch)
    result = svc.log.import_file(tmp_path / "all.jsonl")
    assert (result.added, result.skipped) == (60, 40)
    assert made == [1]


def test_an_unknown_card_stops_the_direct_import_soon_after_its_line(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cards are looked up a few at a time as the lines pass: a log of a card nobody has
    is not read to its end before the staging path takes over."""
    svc, path = _import_bad(tmp_path, clock, "card")
    monkeypatch.setattr("tandem.services.log_direct._CARDS_CHECKED", 1)
    read: list[int] = []
    lines = ReviewLog._checked_lines

    def counted(self: ReviewLog, *args: Any) -> Any:
        for row in lines(self, *args):
            read.append(row[0])
            yield row

    monkeypatch.setattr(ReviewLog, "_checked_lines", counted)
    with pytest.raises(BadInputError, match="1 bad line"):
        svc.log.import_file(path)
    first = read[: read.index(1, 1)]  # the direct attempt, then the staging path's read
    assert max(first) == 151  # its card looked up as it came
