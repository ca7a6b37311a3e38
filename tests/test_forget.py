"""Forget: a card back to new for one person, as a reset in the log; history kept, replay
agrees, and the reset travels with the person's log to another database."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.models import FrozenClock, FsrsState, Queue, Rating, ReviewKind
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .conftest import add_notes


def _answered(svc: Services, clock: FrozenClock) -> Services:
    svc.people.add("alice")
    svc.people.add("bob")
    add_notes(svc, 3)
    alice, bob = svc.study("alice"), svc.study("bob")
    for rating in (Rating.GOOD, Rating.GOOD, Rating.AGAIN):
        alice.answer("n0000", rating)
        bob.answer("n0000", rating)
        clock.advance(days=3)
    alice.answer("n0001", Rating.EASY)
    return svc


def test_a_forgotten_card_is_new_with_its_history_kept(svc: Services, clock: FrozenClock) -> None:
    _answered(svc, clock)
    before = svc.cards.history("n0000")
    bob_before = svc.ctx.states.get("bob", "n0000")
    assert svc.cards.forget("alice", "card:n0000 or card:n0002") == ["n0000"]  # n0002 is new
    row = svc.ctx.states.get("alice", "n0000")
    assert row is not None
    assert (row.queue, row.memory.state, row.memory.reps) == (Queue.NEW, FsrsState.NEW, 0)
    after = svc.cards.history("n0000")
    assert after[: len(before)] == before
    [reset] = after[len(before) :]
    assert (reset.person, reset.grader, reset.rating, reset.kind, reset.at) == (
        "alice", "alice", None, ReviewKind.RESET, clock.now()
    )  # fmt: skip
    assert svc.ctx.states.get("bob", "n0000") == bob_before  # only alice's card
    assert [f.card.key for f in svc.cards.find("is:new", person="alice")] == ["n0000", "n0002"]
    assert svc.doctor.check().differences == []  # the state is a replay of the log


def test_after_a_forget_the_card_learns_like_a_new_one(svc: Services, clock: FrozenClock) -> None:
    _answered(svc, clock)
    svc.cards.forget_cards("alice", ["n0000"])
    again = svc.study("alice").answer("n0000", Rating.GOOD).memory
    fresh = svc.study("alice").answer("n0002", Rating.GOOD).memory
    assert replace(again, due=None, last_review=None) == replace(fresh, due=None, last_review=None)


def test_a_leech_stays_a_suspended_leech(svc: Services, clock: FrozenClock) -> None:
    _answered(svc, clock)
    row = svc.ctx.states.get("alice", "n0001")
    assert row is not None
    with svc.ctx.store.write():
        svc.ctx.states.put(replace(row, suspended=True))
    svc.cards.forget_cards("alice", ["n0001"])
    row = svc.ctx.states.get("alice", "n0001")
    assert row is not None
    assert (row.memory.state, row.suspended) == (FsrsState.NEW, True)


def test_the_reset_travels_with_the_log(tmp_path: Path, clock: FrozenClock) -> None:
    laptop = _answered(
        build_services(resolve_paths(), db=Store(tmp_path / "a.db"), clock=clock), clock
    )
    desktop = build_services(resolve_paths(), db=Store(tmp_path / "b.db"), clock=clock)
    desktop.people.add("alice")
    desktop.people.add("bob")
    add_notes(desktop, 3)
    laptop.cards.forget_cards("alice", ["n0000"])
    log = tmp_path / "alice.jsonl"
    log.write_text("".join(line + "\n" for line in laptop.log.export_lines("alice")))
    desktop.log.import_file(log)
    ours = [r.memory.scheduling_fields() for r in laptop.ctx.states.for_person("alice")]
    theirs = [r.memory.scheduling_fields() for r in desktop.ctx.states.for_person("alice")]
    assert ours == theirs
    row = desktop.ctx.states.get("alice", "n0000")
    assert row is not None
    assert row.queue is Queue.NEW
    assert desktop.cards.history("n0000")[-1].kind is ReviewKind.RESET
    laptop.close()
    desktop.close()


def test_cli_forget(tmp_path: Path) -> None:
    runner = CliRunner()
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "d.md").write_text(
        "Q: a\nA: b\n<!-- id: aaaa0001 -->\n\nQ: c\nA: d\n<!-- id: aaaa0002 -->\n"
    )
    db = ["--db", str(tmp_path / "t.db"), "--decks", str(decks)]
    assert runner.invoke(cli, [*db, "people", "add", "alice"]).exit_code == 0
    assert runner.invoke(cli, [*db, "sync"]).exit_code == 0
    svc = build_services(resolve_paths(tmp_path / "t.db", decks))
    svc.study("alice").answer("aaaa0001", Rating.GOOD)
    svc.close()
    done = runner.invoke(cli, [*db, "cards", "forget", "-is:new", "--as", "alice"])
    assert (done.exit_code, done.output) == (0, "1 card new again\n")
    listed = runner.invoke(cli, [*db, "cards", "is:new", "--as", "alice", "--json"])
    assert [card["key"] for card in json.loads(listed.output)] == ["aaaa0001", "aaaa0002"]
    again = runner.invoke(cli, [*db, "cards", "forget", "", "--as", "alice", "--json"])
    assert json.loads(again.output) == {"forget": []}
