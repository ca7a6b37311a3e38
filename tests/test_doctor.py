"""doctor: integrity and states against a replay of the log."""

from __future__ import annotations

import random

from tandem.models import FrozenClock, Rating
from tandem.services import Services

from .conftest import add_notes


def test_rebuild_after_1000_random_answers_finds_no_difference(
    svc: Services, clock: FrozenClock
) -> None:
    svc.people.add("alice")
    svc.people.add("bob")
    keys = add_notes(svc, 60, reverse=True)
    rng = random.Random(7)
    sessions = {"alice": svc.study("alice"), "bob": svc.study("bob", grader="alice")}
    for _ in range(1000):
        person = rng.choice(["alice", "bob"])
        sessions[person].answer(rng.choice(keys), Rating(rng.randint(1, 4)))
        clock.advance(minutes=rng.randint(0, 60 * 24 * 3))
    assert svc.ctx.reviews.count() == 1000
    report = svc.doctor.check(full=True)
    assert report.ok, [d.describe() for d in report.differences[:5]]
    rebuilt = svc.doctor.check(rebuild=True)
    assert rebuilt.differences == []


def test_a_tampered_state_is_reported_and_rebuilt(svc: Services) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 2)
    svc.study("alice").answer(keys[0], Rating.GOOD)
    with svc.ctx.store.write() as conn:
        conn.execute("UPDATE card_state SET stability = 99, reps = 5 WHERE card = ?", (keys[0],))
    report = svc.doctor.check()
    assert len(report.differences) == 1
    assert "stability: 99.0 !=" in report.differences[0].describe()
    assert "reps: 5 != 1" in report.differences[0].describe()
    assert svc.doctor.check(rebuild=True).rebuilt
    assert svc.doctor.check().ok
    row = svc.ctx.states.get("alice", keys[0])
    assert row is not None
    assert row.memory.reps == 1
