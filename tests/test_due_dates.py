"""Set due date: a card's due date moved by hand, as a ``manual`` entry in the log; the
memory stays, a replay and a log import give the same date back."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.models import (
    BadInputError,
    CardState,
    FrozenClock,
    FsrsState,
    Queue,
    Rating,
    ReviewKind,
)
from tandem.services import Services, build_services
from tandem.storage.db import Store

from .conftest import add_notes


def _answered(svc: Services, clock: FrozenClock) -> Services:
    svc.people.add("alice")
    add_notes(svc, 3)
    study = svc.study("alice")
    for rating in (Rating.GOOD, Rating.GOOD):
        study.answer("n0000", rating)
        study.answer("n0001", rating)
        clock.advance(days=3)
    return svc


def test_set_due_moves_only_the_due_date(svc: Services, clock: FrozenClock) -> None:
    _answered(svc, clock)
    before = svc.ctx.states.get("alice", "n0000")
    assert before is not None
    due = svc.cards.due_on("alice", days=30)
    assert due == svc.ctx.person("alice").days.start_of(
        svc.cards.study_date("alice", clock.now()) + timedelta(days=30)
    )
    assert svc.cards.due("alice", "card:n0000", due) == ["n0000"]
    after = svc.ctx.states.get("alice", "n0000")
    assert after is not None
    assert after.memory.due == after.due == due
    assert (after.memory.stability, after.memory.difficulty, after.memory.reps) == (
        before.memory.stability, before.memory.difficulty, before.memory.reps
    )  # fmt: skip
    entry = svc.cards.history("n0000")[-1]
    assert (entry.kind, entry.rating, entry.due, entry.at) == (
        ReviewKind.MANUAL, None, due, clock.now()
    )  # fmt: skip
    assert svc.doctor.check().differences == []


def test_a_new_card_set_due_becomes_a_review_card_due_then_as_in_anki(
    svc: Services, clock: FrozenClock
) -> None:
    """Anki's ``set_due_date`` makes a new card a review card due that day, without a memory:
    its first answer starts one (a first answer's stability and difficulty) and is scheduled
    as a review (no learning steps). The replay (doctor, log import) gives the same."""
    _answered(svc, clock)
    due = svc.cards.due_on("alice", days=2)
    assert svc.cards.due("alice", "card:n0002", due) == ["n0002"]
    row = svc.ctx.states.get("alice", "n0002")
    assert row is not None
    assert row.memory == CardState(FsrsState.REVIEW, None, None, None, due, None, 0, 0)
    assert row.queue is Queue.REVIEW
    assert "n0002" not in [f.card.key for f in svc.cards.find("is:new", person="alice")]
    assert "n0002" not in [f.card.key for f in svc.cards.find("is:due", person="alice")]
    assert svc.doctor.check(rebuild=True).differences == []
    clock.advance(days=2)
    assert "n0002" in [f.card.key for f in svc.cards.find("is:due", person="alice")]
    first = svc.ctx.person("alice").scheduler.review("x", CardState(), Rating.GOOD, clock.now())
    svc.study("alice").answer("n0002", Rating.GOOD)
    answered = svc.ctx.states.get("alice", "n0002")
    assert answered is not None
    memory = answered.memory
    assert (memory.stability, memory.difficulty) == (first.stability, first.difficulty)
    assert (memory.state, memory.step, memory.reps, memory.last_review) == (
        FsrsState.REVIEW, None, 1, clock.now()
    )  # fmt: skip
    assert memory.due is not None
    assert memory.due - clock.now() >= timedelta(days=1)  # a review's interval, not a step
    assert svc.doctor.check(rebuild=True).differences == []
    assert svc.ctx.states.get("alice", "n0002") == answered


def test_rebuild_keeps_the_date_and_answers_later_use_the_memory(
    svc: Services, clock: FrozenClock
) -> None:
    _answered(svc, clock)
    due = svc.cards.due_on("alice", days=0)  # today: due now
    svc.cards.set_due("alice", ["n0000"], due)
    report = svc.doctor.check(rebuild=True)
    assert report.differences == []
    row = svc.ctx.states.get("alice", "n0000")
    assert row is not None
    assert row.due == due
    assert "n0000" in [f.card.key for f in svc.cards.find("is:due", person="alice")]
    # the entry is not an answer: the next answer counts elapsed time from the last answer
    svc.study("alice").answer("n0000", Rating.GOOD)
    assert svc.doctor.check().differences == []
    assert [r.kind for r in svc.cards.history("n0000")] == [
        ReviewKind.REVIEW, ReviewKind.REVIEW, ReviewKind.MANUAL, ReviewKind.REVIEW
    ]  # fmt: skip


def test_a_past_date_is_refused(svc: Services, clock: FrozenClock) -> None:
    _answered(svc, clock)
    with pytest.raises(BadInputError, match="is not between today"):
        svc.cards.due_on("alice", on=date(2000, 1, 1))
    with pytest.raises(BadInputError, match="one of them"):
        svc.cards.due_on("alice")


def test_the_date_travels_with_the_log(tmp_path: Path, clock: FrozenClock) -> None:
    laptop = _answered(
        build_services(resolve_paths(), db=Store(tmp_path / "a.db"), clock=clock), clock
    )
    desktop = build_services(resolve_paths(), db=Store(tmp_path / "b.db"), clock=clock)
    desktop.people.add("alice")
    add_notes(desktop, 3)
    due = laptop.cards.due_on("alice", days=12)
    laptop.cards.set_due("alice", ["n0001"], due)
    lines = list(laptop.log.export_lines("alice"))
    manual = json.loads(lines[-1])
    assert (manual["kind"], manual["card"], "rating" in manual) == ("manual", "n0001", False)
    assert manual["due"] == due.strftime("%Y-%m-%dT%H:%M:%SZ")
    log = tmp_path / "alice.jsonl"
    log.write_text("".join(line + "\n" for line in lines))
    desktop.log.import_file(log)
    ours = [r.memory.scheduling_fields() for r in laptop.ctx.states.for_person("alice")]
    theirs = [r.memory.scheduling_fields() for r in desktop.ctx.states.for_person("alice")]
    assert ours == theirs
    row = desktop.ctx.states.get("alice", "n0001")
    assert row is not None
    assert row.due == due
    assert desktop.doctor.check().differences == []
    laptop.close()
    desktop.close()


def test_a_manual_line_without_a_due_date_is_refused(svc: Services, clock: FrozenClock) -> None:
    _answered(svc, clock)
    log = Path(svc.ctx.store.path).parent / "bad.jsonl"
    log.write_text(
        '{"id": "x1", "card": "n0000", "person": "alice", "at": "2026-01-01T00:00:00Z", '
        '"grader": "alice", "kind": "manual"}\n'
    )
    with pytest.raises(BadInputError) as raised:
        svc.log.import_file(log)
    assert "bad.jsonl:1: " in raised.value.details[0]
    assert "manual entry has a due date" in raised.value.details[0]


def test_cli_due(tmp_path: Path) -> None:
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
    day = svc.cards.study_date("alice", svc.ctx.clock.now()) + timedelta(days=5)
    svc.close()
    done = runner.invoke(cli, [*db, "cards", "due", "", "--as", "alice", "--days", "5"])
    assert (done.exit_code, done.output) == (0, f"2 cards due on {day.isoformat()}\n")
    on = runner.invoke(
        cli, [*db, "cards", "due", "card:aaaa0001", "--as", "alice", "--date", "2000-01-01"]
    )
    assert on.exit_code == 65
    assert "2000-01-01 is not between today" in on.output
    listed = runner.invoke(cli, [*db, "cards", "card:aaaa0001", "--as", "alice", "--json"])
    assert json.loads(listed.output)[0]["due"].startswith(day.isoformat()[:8])
    # the card that was new, never answered: in review, with the date it was given
    never = runner.invoke(cli, [*db, "cards", "card:aaaa0002", "--as", "alice", "--json"])
    (found,) = json.loads(never.output)
    assert (found["queue"], found["due"]) == ("review", json.loads(listed.output)[0]["due"])
