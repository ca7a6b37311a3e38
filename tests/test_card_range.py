"""The batched reads of a person's rows in card order (a check's, a replay's) start and stop
SQLite's index range at their bounds: a bound that was only a filter made every batch read
the index from the person's first card again, and a part's last batch read on to the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tandem.models import FsrsState, Rating, Review
from tandem.services import Services
from tandem.storage.card_range import card_bounds

from .conftest import add_notes

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_the_bounds_name_only_the_bounds_given() -> None:
    assert card_bounds(None, None) == "card >= :first"
    assert card_bounds("k2", None) == "card > :after"
    assert card_bounds(None, "k9") == "card >= :first AND card < :before"
    assert card_bounds("k2", "k9") == "card > :after AND card < :before"


def _plans(svc: Services, read: Callable[[], Iterator[Any]]) -> list[str]:
    """The query plan of every statement ``read`` runs on the card tables."""
    conn = svc.ctx.store.conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        list(read())
    finally:
        conn.set_trace_callback(None)
    reads = [s for s in statements if "ORDER BY card" in s]
    assert reads
    return [" ".join(str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {s}"))
            for s in reads]  # fmt: skip


@pytest.fixture
def logged(svc: Services, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    svc.people.add("alice")
    keys = sorted(add_notes(svc, 6))
    reviews = [Review(f"r{n}", key, "alice", Rating.GOOD, START + timedelta(days=n), "alice")
               for n, key in enumerate(keys)]  # fmt: skip
    with svc.ctx.store.write():
        svc.ctx.reviews.add_many((review, FsrsState.NEW) for review in reviews)
    monkeypatch.setattr("tandem.storage.reviews.CARD_LOGS_ENTRIES", 1)  # a card a batch
    return keys


def test_a_checks_log_reads_each_batch_from_where_the_last_ended(
    svc: Services, logged: list[str]
) -> None:
    plans = _plans(svc, lambda: svc.ctx.reviews.card_logs("alice", first=logged[1],
                                                           before=logged[4]))  # fmt: skip
    assert len(plans) == 4  # three cards, one a batch, and the empty batch after them
    assert all("(person=? AND card>? AND card<?)" in plan for plan in plans), plans
    whole = _plans(svc, lambda: svc.ctx.reviews.card_logs("alice"))
    assert all("(person=? AND card>?)" in plan for plan in whole), whole


def test_state_rows_and_a_replays_log_are_read_within_the_part(
    svc: Services, logged: list[str]
) -> None:
    states = _plans(svc, lambda: svc.ctx.states.values_of_person("alice", 2, first=logged[1],
                                                                 before=logged[4]))  # fmt: skip
    assert len(states) == 3
    assert all("(person=? AND card>? AND card<?)" in plan for plan in states), states
    log = _plans(svc, lambda: svc.ctx.reviews.history_batches("alice", 2, first=logged[1],
                                                              before=logged[4]))  # fmt: skip
    assert all("card<?" in plan for plan in log), log


def test_a_log_is_cut_between_cards_even_where_one_card_has_more_than_a_piece(
    svc: Services,
) -> None:
    svc.people.add("alice")
    keys = sorted(add_notes(svc, 4))
    counts = {keys[0]: 1, keys[1]: 5, keys[2]: 1, keys[3]: 2}  # keys[1]: more than a piece
    reviews = [Review(f"{key}-{n}", key, "alice", Rating.GOOD, START + timedelta(days=n), "alice")
               for key, count in counts.items() for n in range(count)]  # fmt: skip
    with svc.ctx.store.write():
        svc.ctx.reviews.add_many((review, FsrsState.NEW) for review in reviews)
    # pieces of 3: keys[0] and two of keys[1]'s, then keys[1]'s five whole, then the rest
    assert svc.ctx.reviews.cuts("alice", 3) == [keys[1], keys[2]]
    assert svc.ctx.reviews.cuts("alice", 1) == keys[1:]
    assert svc.ctx.reviews.cuts("alice", 9) == []
    assert svc.ctx.reviews.cuts("bob", 1) == []
