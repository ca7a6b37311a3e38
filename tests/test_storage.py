"""Storage rules: pragmas, refusing foreign files, migrations, transactions, two writers."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tandem.models import DatabaseBusyError, Queue, StorageError
from tandem.services import Services
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.schema import LATEST_VERSION
from tandem.storage.states import in_queue

from .conftest import add_notes


def test_pragmas_and_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    pragma = lambda name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 5000
    assert pragma("application_id") == APPLICATION_ID
    assert pragma("user_version") == LATEST_VERSION
    tables = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"people", "decks", "notes", "cards", "card_state", "reviews", "settings"} <= tables
    store.close()


def test_a_report_cache_commits_without_waiting_for_the_disk(tmp_path: Path) -> None:
    from tandem.services.logs.team_cache import cache_made, open_cache

    where = tmp_path / "report-cache" / "c.db"
    cache = open_cache(where)  # a new one is filled without a WAL
    assert cache.conn.execute("PRAGMA synchronous").fetchone()[0] == 0  # OFF
    assert cache.conn.execute("PRAGMA journal_mode").fetchone()[0] == "memory"
    cache.close()
    assert not list(where.parent.glob("*-wal"))
    cache_made(where, cache)
    cache = open_cache(where)  # a finished one is used as it is
    assert cache.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert cache.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cache.close()


def test_a_report_cache_whose_filling_was_cut_short_is_made_again(tmp_path: Path) -> None:
    from tandem.services.logs.team_cache import cache_made, open_cache

    where = tmp_path / "report-cache" / "c.db"
    cache = open_cache(where)
    with cache.write():
        cache.conn.execute("INSERT INTO people (name, created_at) VALUES ('half', 'x')")
    cache.close()  # never marked made (a crash, a bad deck file)
    cache = open_cache(where)
    assert cache.conn.execute("SELECT name FROM people").fetchall() == []
    with cache.write():
        cache.conn.execute("INSERT INTO people (name, created_at) VALUES ('whole', 'x')")
    cache.close()
    cache_made(where, cache)
    cache = open_cache(where)
    assert cache.conn.execute("SELECT name FROM people").fetchall() == [("whole",)]
    cache.close()
    assert {"c.db", "c.key"} <= {p.name for p in where.parent.iterdir()}


def test_two_report_caches_filled_at_once_leave_a_whole_one(tmp_path: Path) -> None:
    from tandem.services.logs.team_cache import cache_made, open_cache

    where = tmp_path / "report-cache" / "c.db"
    first, second = open_cache(where), open_cache(where)  # two first reports at once
    for cache, name in ((first, "first"), (second, "second")):
        with cache.write():
            cache.conn.execute("INSERT INTO people (name, created_at) VALUES (?, 'x')", (name,))
    first.close()
    cache_made(where, first)
    second.close()  # never finished: it does not replace the whole one
    cache = open_cache(where)
    assert cache.conn.execute("SELECT name FROM people").fetchall() == [("first",)]
    cache.close()


def test_a_filling_whose_process_is_gone_is_removed(tmp_path: Path) -> None:
    from tandem.services.logs.team_cache import open_cache

    where = tmp_path / "report-cache" / "c.db"
    where.parent.mkdir()
    abandoned = where.parent / f"c.{_ended_pid()}-0000.filling.db"
    abandoned.write_bytes(b"half")
    running = where.parent / f"c.{os.getpid()}-0000.filling.db"  # this process: still filling
    running.write_bytes(b"half")
    open_cache(where).close()
    assert not abandoned.exists()
    assert running.exists()


def _ended_pid() -> int:
    """The id of a process that has ended."""
    ended = subprocess.Popen([sys.executable, "-c", ""])  # noqa: S603
    ended.wait()
    return ended.pid


def test_refuses_a_database_that_is_not_tandems(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="not a tandem database"):
        Store(other)


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="cannot open database"):
        Store(junk)
    assert junk.read_bytes() == b"this is not sqlite" * 100


def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError, match="newer tandem"):
        Store(path)


def test_write_rolls_back_on_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")

    def fail() -> None:
        with store.write() as conn:
            conn.execute("INSERT INTO settings VALUES ('a', 'b')")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    assert store.conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    assert not store.conn.in_transaction


def test_a_bulk_write_holds_more_pages_then_the_default_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    size = lambda: store.conn.execute("PRAGMA cache_size").fetchone()[0]  # noqa: E731
    default = size()
    with store.page_cache(64), store.write():
        assert size() == -64 * 1024
        with store.page_cache(8):  # as large already: left as it is
            assert size() == -64 * 1024
        store.conn.execute("INSERT INTO settings VALUES ('k', 'v')")
    assert size() == default
    with pytest.raises(RuntimeError), store.page_cache(64):
        raise RuntimeError("boom")
    assert size() == default
    assert store.conn.execute("SELECT value FROM settings WHERE key = 'k'").fetchone() == ("v",)
    store.close()


def test_write_takes_the_write_lock_at_begin(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    first, second = Store(path), Store(path, busy_timeout_ms=50)
    with first.write(), pytest.raises(DatabaseBusyError, match="busy"), second.write():
        pass
    with second.write() as conn:
        conn.execute("INSERT INTO settings VALUES ('ok', '1')")
    first.close()
    second.close()


def test_backup_is_verified_copy(tmp_path: Path, svc: Services) -> None:
    svc.people.add("alice")
    add_notes(svc, 3)
    target = svc.ctx.store.backup_to(tmp_path / "b" / "copy.db")
    copy = Store(target)
    assert copy.conn.execute("SELECT count(*) FROM card_state").fetchone()[0] == 3
    copy.close()


def test_indexes_serve_the_queue_and_deck_counts(svc: Services) -> None:
    conn = svc.ctx.store.conn
    plans = {
        "next": f"SELECT * FROM card_state WHERE person='a' AND {in_queue(Queue.REVIEW)} "
        "AND due<'x' ORDER BY due, pos LIMIT 1",
        "counts": "SELECT count(*) FROM card_state WHERE person='a' AND deck_id = 1 AND "
        f"{in_queue(Queue.NEW)} AND due < 'x'",
        "today": "SELECT count(*) FROM reviews WHERE person='a' AND at >= 'x' AND prev_state=0",
    }
    for name, sql in plans.items():
        plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "USING COVERING INDEX" in plan or "USING INDEX" in plan, (name, plan)
        assert "TEMP B-TREE" not in plan, (name, plan)


def test_a_cards_log_is_read_by_index_not_by_scanning_the_log(svc: Services) -> None:
    """A card's reviews (the browser's history panel, a log-folder sync) come from an index
    lookup: a scan of a million-review log took most of a second per card."""
    conn = svc.ctx.store.conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        svc.ctx.reviews.of_card("n0000")
        svc.ctx.reviews.for_card("alice", "n0000")
    finally:
        conn.set_trace_callback(None)
    reads = [sql for sql in statements if sql.lstrip().startswith("SELECT")]
    assert len(reads) == 2
    for sql in reads:
        plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "SCAN reviews" not in plan, plan
        assert "reviews_card" in plan, plan


WORKER = textwrap.dedent(
    """
    import sys
    from tandem.config import resolve_paths
    from tandem.models import Rating
    from tandem.services import build_services
    from tandem.storage.db import Store
    person, db = sys.argv[1], sys.argv[2]
    svc = build_services(resolve_paths(), db=Store(db))
    session = svc.study(person)
    done = 0
    while (card := session.next_card()) is not None:
        session.answer(card.key, Rating.EASY)
        done += 1
    print(done)
    """
)


@pytest.mark.slow
def test_two_processes_answer_at_once_without_lock_errors(svc: Services, tmp_path: Path) -> None:
    svc.people.add("alice")
    svc.people.add("bob")
    add_notes(svc, 150)
    svc.people.update_settings("alice", svc.people.settings("alice").updated({"new_per_day": 150}))
    svc.people.update_settings("bob", svc.people.settings("bob").updated({"new_per_day": 150}))
    db = svc.ctx.store.path
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, person, db],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for person in ("alice", "bob")
    ]
    results = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err
        assert out.strip() == "150"
    assert svc.ctx.reviews.count("alice") == 150
    assert svc.ctx.reviews.count("bob") == 150
    assert svc.doctor.check(full=True).ok


def test_reads_by_key_take_more_keys_than_one_statement_can(svc: Services) -> None:
    svc.people.add("alice")
    add_notes(svc, 3)
    keys = [f"x{n:07d}" for n in range(300_000)] + ["n0002", "n0000"]  # over SQLite's cap
    assert [row.card for row in svc.ctx.states.many("alice", keys)] == ["n0000", "n0002"]
    assert svc.ctx.cards.known_cards(keys) == {"n0000", "n0002"}


def test_references_checked_here_turns_the_checks_off_outside_a_write_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    checked = lambda: store.conn.execute("PRAGMA foreign_keys").fetchone()[0]  # noqa: E731
    with store.references_checked_here(), store.write():
        assert checked() == 0
    assert checked() == 1
    with pytest.raises(RuntimeError), store.references_checked_here():
        raise RuntimeError("boom")
    assert checked() == 1
    with store.write(), store.references_checked_here():  # too late to turn them off
        assert checked() == 1
    store.close()
