"""doctor: integrity and states against a replay of the log."""

from __future__ import annotations

import random

from click.testing import CliRunner

from tandem.cli import cli
from tandem.config.settings import PersonSettings
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


def test_invariants_are_found_and_repaired_in_one_go(svc: Services) -> None:
    svc.people.add("alice")
    svc.people.add("bob")
    keys = add_notes(svc, 3)
    svc.study("alice").answer(keys[0], Rating.GOOD)
    conn = svc.ctx.store.conn
    with svc.ctx.store.write():
        conn.execute("DELETE FROM card_state WHERE person = 'bob' AND card = ?", (keys[1],))
        conn.execute("UPDATE card_state SET retired = 1 WHERE card = ?", (keys[2],))
        conn.execute("UPDATE cards SET retired = 1 WHERE key = ?", (keys[1],))
        conn.execute("UPDATE cards SET retired = 0 WHERE key = ?", (keys[1],))
        conn.execute("UPDATE card_state SET deck_id = 999 WHERE person = 'alice' AND card = ?",
                     (keys[1],))  # fmt: skip
    report = svc.doctor.check()
    assert not report.ok
    assert report.problems["card without a state for a person"] == 1
    assert report.problems["active card taken out of the queues"] == 2
    assert report.problems["state in the wrong deck"] == 1
    repaired = svc.doctor.check(repair=True)
    assert repaired.ok
    after = svc.doctor.check()
    assert after.ok
    assert not any(after.problems.values())
    assert svc.study("bob").counts().new == 3


def test_reviews_of_unknown_cards_are_reported_not_deleted(svc: Services) -> None:
    svc.people.add("alice")
    [key] = add_notes(svc, 1)
    svc.study("alice").answer(key, Rating.GOOD)
    conn = svc.ctx.store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    with svc.ctx.store.write():
        conn.execute("UPDATE reviews SET card = 'ghost'")
    conn.execute("PRAGMA foreign_keys = ON")
    report = svc.doctor.check(repair=True)
    assert report.problems["review of a card that does not exist"] == 1
    assert report.foreign_keys
    assert not report.ok
    assert svc.ctx.reviews.count() == 1


def test_settings_changed_by_hand_are_reported_then_repaired_keeping_valid_values(
    svc: Services,
) -> None:
    svc.people.add("alice")
    svc.people.add("bob")
    stored = '{"new_per_day": 30, "desired_retention": 7, "colour": "red"}'
    with svc.ctx.store.write() as conn:
        conn.execute("UPDATE people SET settings = ? WHERE name = 'alice'", (stored,))
        conn.execute("UPDATE people SET settings = '[1]' WHERE name = 'bob'")
    report = svc.doctor.check()
    assert not report.ok
    assert report.settings == {
        "alice": {"desired_retention": "must be at most 0.99", "colour": "unknown setting"},
        "bob": {"settings": "not a JSON object"},
    }
    repaired = svc.doctor.check(repair=True)
    assert repaired.ok
    assert svc.people.settings("alice") == PersonSettings(new_per_day=30)
    assert svc.people.settings("bob") == PersonSettings()
    assert svc.doctor.check().settings == {}


def test_doctor_prints_damaged_settings(svc: Services) -> None:
    svc.people.add("alice")
    with svc.ctx.store.write() as conn:
        conn.execute("UPDATE people SET settings = '{\"fuzz\": \"maybe\"}' WHERE name = 'alice'")
    svc.close()
    result = CliRunner().invoke(cli, ["--db", svc.ctx.store.path, "doctor"])
    assert result.exit_code == 1
    assert "settings of alice: fuzz: must be a valid boolean" in result.output
    assert "(--repair resets them)" in result.output


def test_invariants_of_foreign_keys_are_counted_from_them_as_the_tables_give_them(
    svc: Services,
) -> None:
    from tandem.storage.integrity import FOREIGN_KEY_INVARIANTS, IntegrityChecks

    svc.people.add("alice")
    svc.people.add("bob")
    keys = add_notes(svc, 4)
    for key in keys:
        svc.study("alice").answer(key, Rating.GOOD)
    svc.study("bob").answer(keys[0], Rating.GOOD)
    conn = svc.ctx.store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    with svc.ctx.store.write():
        conn.execute("UPDATE reviews SET card = 'ghost' WHERE card = ?", (keys[0],))  # 2
        conn.execute("UPDATE reviews SET person = 'carol' WHERE card = ?", (keys[1],))
        conn.execute("UPDATE reviews SET person = 'dan', card = 'gone' WHERE card = ?",
                     (keys[2],))  # fmt: skip
        conn.execute("UPDATE card_state SET card = 'lost' WHERE person = 'bob' AND card = ?",
                     (keys[3],))  # fmt: skip
        conn.execute("UPDATE card_state SET person = 'eve' WHERE person = 'bob' AND card = ?",
                     (keys[2],))  # fmt: skip
    conn.execute("PRAGMA foreign_keys = ON")
    checks = svc.ctx.store.repo(IntegrityChecks)
    counted = checks.invariant_problems(repair=False)
    derived = checks.invariant_problems(repair=False, foreign_keys=checks.foreign_key_rows())
    assert derived == counted
    assert {name: counted[name] for name in FOREIGN_KEY_INVARIANTS} == {
        "state of a card that does not exist": 1,
        "state of a person who does not exist": 1,
        "review of a card that does not exist": 3,
        "review of a person who does not exist": 2,
    }
    report = svc.doctor.check()
    assert {name: report.problems[name] for name in FOREIGN_KEY_INVARIANTS} == {
        name: counted[name] for name in FOREIGN_KEY_INVARIANTS
    }
    assert len(report.foreign_keys) == 7
