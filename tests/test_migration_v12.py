"""Schema v12: the queue indexes hold the queue's own columns, so that due counts read an
index alone; a v11 database keeps every review, state and setting as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.config.settings import PersonSettings
from tandem.models import FrozenClock, Queue, Rating, format_utc
from tandem.services import Services, build_services
from tandem.services.study.values import QueueCounts
from tandem.storage.db import Store

from .conftest import add_notes

_TABLES = ("people", "decks", "notes", "cards", "card_state", "reviews", "settings")


def _contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in _TABLES
    }


def _studied(svc: Services, clock: FrozenClock) -> None:
    """Two people with answers of every rating, a buried sibling, a suspended card, a lapse."""
    svc.people.add("alice")
    svc.people.add("bob")
    svc.people.update_settings("bob", PersonSettings(new_per_day=7, reviews_per_day=50))
    add_notes(svc, 12, reverse=True)
    for person in ("alice", "bob"):
        session = svc.study(person)
        for rating in (*Rating, Rating.GOOD, Rating.EASY):
            card = session.next_card()
            assert card is not None
            session.answer(card.key, rating, 1500)
    clock.advance(days=3)
    session = svc.study("alice")
    card = session.next_card()
    assert card is not None
    session.answer(card.key, Rating.AGAIN)
    session.suspend("n0011")


def test_a_v11_database_keeps_everything_and_counts_from_the_index_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FrozenClock
) -> None:
    import tandem.storage.db as db

    path = tmp_path / "t.db"
    with monkeypatch.context() as patched:
        patched.setattr(db, "LATEST_VERSION", 11)
        svc = build_services(resolve_paths(), db=Store(path), clock=clock)
        assert svc.ctx.store.user_version() == 11
        _studied(svc, clock)
        before = _contents(svc.ctx.store)
        due_before = svc.due.for_person("alice"), svc.due.for_person("bob")
        counts_before = svc.study("alice").counts()
        svc.close()
    assert len(before["reviews"]) == 13
    assert len(before["card_state"]) == 48

    svc = build_services(resolve_paths(), db=Store(path), clock=clock)
    store = svc.ctx.store
    assert store.user_version() == 12
    assert list((tmp_path / "backups").glob("*before-migration-v11.db"))
    assert _contents(store) == before
    indexes = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "card_state_by_interval" not in indexes  # no statement read it
    assert {"card_state_queue", "card_state_deck", "card_state_by_due"} <= indexes
    assert (svc.due.for_person("alice"), svc.due.for_person("bob")) == due_before
    assert svc.study("alice").counts() == counts_before
    # 24 cards: 6 new answered, one suspended, one buried by today's answer; 4 learning
    assert counts_before == QueueCounts(new=16, learning=4, review=0)
    svc.close()


def test_due_counts_read_the_indexes_alone(svc: Services) -> None:
    from tandem.storage.states import _DECK_COUNTS, in_queue

    conn = svc.ctx.store.conn
    plan = " ".join(
        str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {_DECK_COUNTS}", ("p", "x", 1) * 3)
    )
    assert plan.count("COVERING INDEX card_state_deck") == 3, plan
    count = (
        "SELECT count(*) FROM card_state INDEXED BY card_state_queue "
        f"WHERE person = 'p' AND {in_queue(Queue.REVIEW)} AND due < 'x'"
    )
    plan = " ".join(str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {count}"))
    assert "COVERING INDEX card_state_queue" in plan, plan


def test_deck_counts_follow_burying_suspending_and_the_caps(
    svc: Services, clock: FrozenClock
) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 5, reverse=True) + add_notes(svc, 3, deck="other.md", prefix="o")
    session = svc.study("alice")
    session.answer(keys[0], Rating.GOOD)  # learning (due within the learn-ahead); reverse buried
    session.suspend(keys[2])

    def counts() -> dict[str, tuple[int, int, int]]:
        return {d.path: (d.new, d.learning, d.review) for d in svc.due.for_person("alice").decks}

    assert counts() == {"deck.md": (7, 1, 0), "other.md": (3, 0, 0)}
    svc.people.update_settings("alice", PersonSettings(new_per_day=6))
    assert counts() == {"deck.md": (5, 1, 0), "other.md": (3, 0, 0)}  # 6 - 1 answered today
    assert svc.due.for_person("alice").new == 5
    clock.advance(days=1)  # the next study day: a sitting unburies the sibling; 6 new again
    assert svc.study("alice").counts().new == 6
    assert counts() == {"deck.md": (6, 1, 0), "other.md": (3, 0, 0)}


def test_each_queue_read_takes_its_cards_in_due_order_and_no_hidden_one(
    svc: Services, clock: FrozenClock
) -> None:
    from datetime import timedelta

    from tandem.storage.queue import QueueRepo

    svc.people.add("alice")
    keys = add_notes(svc, 10)
    at = clock.now()
    due = {key: at + timedelta(minutes=(7 * n) % 10) for n, key in enumerate(keys)}
    # (state, suspended, buried, retired): learning and relearning interleaved by due time
    kinds = [(1, 0, 0, 0), (3, 0, 0, 0), (1, 0, 0, 0), (3, 0, 0, 0), (2, 0, 0, 0),
             (2, 0, 0, 0), (3, 1, 0, 0), (1, 0, 1, 0), (3, 0, 0, 1), (0, 0, 0, 0)]  # fmt: skip
    with svc.ctx.store.write() as conn:
        for key, (state, suspended, buried, retired) in zip(keys, kinds, strict=True):
            conn.execute(
                "UPDATE card_state SET state = ?, due = ?, suspended = ?, retired = ?, "
                "buried_until = ? WHERE card = ?",
                (state, format_utc(due[key]), suspended, retired,
                 format_utc(at + timedelta(days=1)) if buried else None, key),
            )  # fmt: skip
    queues = svc.ctx.store.repo(QueueRepo)

    def read(queue: Queue) -> list[str]:
        found = queues.first("alice", queue, at + timedelta(hours=1), 50)
        return [card.row.card for card in found]

    def expected(*picked: int) -> list[str]:
        return sorted((keys[n] for n in picked), key=lambda key: (due[key], key))

    assert read(Queue.LEARN) == expected(0, 1, 2, 3)
    assert read(Queue.REVIEW) == expected(4, 5)
    assert read(Queue.NEW) == [keys[9]]
    assert read(Queue.SUSPENDED) == [keys[6]]
    assert read(Queue.BURIED) == [keys[7]]
    assert read(Queue.RETIRED) == [keys[8]]
