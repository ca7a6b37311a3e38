"""A fixing replay reads a card's log whichever way suits the number of cards (looked up,
or one ordered pass over the whole log) and writes in batches: the same states either way,
the same as answering gave, previous states included."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tandem.models import FrozenClock, Rating
from tandem.services import Services
from tandem.services.maintenance import replay
from tandem.services.maintenance.replay import Replayer

from .conftest import add_notes


def _answered(svc: Services, clock: FrozenClock) -> list[str]:
    svc.people.add("alice")
    keys = add_notes(svc, 12, reverse=True)
    rng = random.Random(3)
    session = svc.study("alice")
    for _ in range(150):
        session.answer(rng.choice(keys), Rating(rng.randint(1, 4)))
        clock.advance(minutes=rng.randint(0, 60 * 24 * 4))
    return keys


@pytest.mark.parametrize("whole_log_from", [1, 10_000])
def test_a_fixing_replay_of_some_cards_gives_back_what_answering_gave(
    svc: Services, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, whole_log_from: int
) -> None:
    monkeypatch.setattr(replay, "WHOLE_LOG_FROM", whole_log_from)
    monkeypatch.setattr(replay, "_FLUSH", 7)  # several batches of writes
    keys = _answered(svc, clock)
    answered = {row.card: row for row in svc.ctx.states.for_person("alice")}
    prev = svc.ctx.reviews.prev_states("alice")
    some = keys[::2]
    conn = svc.ctx.store.conn
    with svc.ctx.store.write():
        conn.execute("UPDATE card_state SET stability = 99, reps = 40, due = '2000-01-01'")
        conn.execute("UPDATE reviews SET prev_state = 3")
    with svc.ctx.store.write():
        differences = Replayer(svc.ctx).run("alice", some, fix=True)
    assert sorted(d.card for d in differences) == sorted(
        key for key in some if answered[key].memory.reps
    )
    after = {row.card: row for row in svc.ctx.states.for_person("alice")}
    for key in keys:
        if key in some:
            assert after[key] == answered[key]
        elif answered[key].memory.reps:
            assert after[key].memory.stability == 99
    restored = svc.ctx.reviews.prev_states("alice")
    on_some = {r.id for key in some for r in svc.ctx.reviews.for_card("alice", key)}
    assert on_some
    assert {rid: restored[rid] for rid in on_some} == {rid: prev[rid] for rid in on_some}
    assert all(int(restored[rid]) == 3 for rid in restored.keys() - on_some)


def test_state_rows_come_in_card_order_in_batches(svc: Services, clock: FrozenClock) -> None:
    keys = _answered(svc, clock)
    batches = list(svc.ctx.states.batches_of_person("alice", size=5))
    assert [len(batch) for batch in batches] == [5, 5, 5, 5, 4]
    assert [row.card for batch in batches for row in batch] == sorted(keys)
    assert [row for batch in batches for row in batch] == svc.ctx.states.for_person("alice")


def test_doctor_over_many_batches_finds_exactly_the_tampered_card(
    svc: Services, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = _answered(svc, clock)
    states, reviews = svc.ctx.states, svc.ctx.reviews
    by_three, by_cards = type(states).values_of_person, type(reviews).card_logs
    monkeypatch.setattr("tandem.storage.reviews.CARD_LOGS_ENTRIES", 4)  # a card or two a batch
    read: list[str] = []

    def by_three_rows(person: str, **kwargs: Any) -> Any:
        read.append("rows")
        return by_three(states, person, 3, **kwargs)

    def by_few_cards(person: str, **kwargs: Any) -> Any:
        read.append("log")
        return by_cards(reviews, person, **kwargs)

    monkeypatch.setattr(states, "values_of_person", by_three_rows)
    monkeypatch.setattr(reviews, "card_logs", by_few_cards)
    assert svc.doctor.check().differences == []
    assert read == ["rows", "log"]
    tampered = sorted(keys)[13]
    with svc.ctx.store.write() as conn:
        conn.execute("UPDATE card_state SET reps = 99 WHERE card = ?", (tampered,))
    assert [d.card for d in svc.doctor.check().differences] == [tampered]
