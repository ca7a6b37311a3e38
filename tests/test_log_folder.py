"""The log folder: machines that exchange their folders end with identical states."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tandem.models import FrozenClock, Rating, ReviewKind, format_rfc3339

from .logfolder import (
    Machine,
    due_json,
    exchange_by_copy,
    machine,
    states,
    write_decks,
)


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    return write_decks(tmp_path / "decks")


def _two(
    tmp_path: Path, clock: FrozenClock, decks: Path, people: list[str]
) -> tuple[Machine, Machine]:
    laptop = machine(tmp_path, "laptop", clock, decks, tmp_path / "laptop-logs", people)
    desktop = machine(tmp_path, "desktop", clock, decks, tmp_path / "desktop-logs", people)
    return laptop, desktop


def test_nothing_is_published_before_opting_in(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    laptop, _ = _two(tmp_path, clock, decks, ["alice"])
    laptop.answer("alice", "head0001", 3)
    assert laptop.exchange().published == 0
    assert not list(laptop.logs.rglob("*.jsonl"))
    assert laptop.svc.logs.share("alice", "topics") == 1
    [own] = laptop.logs.rglob("*.jsonl")
    kinds = [next(iter(json.loads(line))) for line in own.read_text().splitlines()]
    assert kinds == ["share", "id"]


def test_laptop_and_desktop_converge_by_copying(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    cards = [f"more{n:04d}" for n in range(12)] + ["head0001", "perro001", "perro001:r"]
    for step in range(40):
        clock.advance(minutes=37 * (step % 5) + 1, hours=5 * (step % 3 == 0))
        who = laptop if step % 4 < 2 else desktop
        who.answer("alice", cards[(step * 7) % len(cards)], 1 + step % 4)
        if step % 9 == 8:
            exchange_by_copy(laptop, desktop)
    exchange_by_copy(laptop, desktop)
    assert states(laptop.svc) == states(desktop.svc)
    assert due_json(laptop.svc) == due_json(desktop.svc)
    assert laptop.svc.ctx.reviews.count() == 40
    for m in (laptop, desktop):
        assert m.svc.doctor.check().differences == []


def test_a_partners_quiz_grades_reach_the_answerers_other_machine(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    from tandem.models import Rating
    from tandem.services.quiz.results import QuizScope

    alice, bob = _two(tmp_path, clock, decks, ["alice", "bob"])  # alice's and bob's machines
    bob.svc.logs.share("bob", "cards")  # on his own machine; the choice travels
    exchange_by_copy(alice, bob)
    quiz = alice.svc.quiz("alice", "bob", swap_every=100, scope=QuizScope.ALL)
    graded = []
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD):
        card = quiz.next_card()
        assert card is not None
        clock.advance(seconds=40)
        quiz.grade(rating)
        graded.append(card.key)
    quiz.undo()  # the last grade taken back: published, so retracted
    exchange_by_copy(alice, bob)
    on_bob = [(r.card, r.grader) for r in bob.svc.ctx.reviews.for_person("bob")]
    assert on_bob == [(key, "alice") for key in graded[:3]]
    assert states(alice.svc) == states(bob.svc)
    assert list(bob.svc.ctx.reviews.for_person("alice")) == []  # alice never shared
    published = {p.parent.name for p in tmp_path.glob("*-logs/*/*.jsonl")}
    assert published == {"bob"}


def test_an_undone_answer_is_retracted_everywhere(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    from tandem.models import Rating

    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    session = laptop.svc.study("alice")
    first = session.answer("more0000", Rating.GOOD).review_id
    clock.advance(minutes=1)
    second = session.answer("more0001", Rating.AGAIN).review_id
    exchange_by_copy(laptop, desktop)
    assert desktop.svc.ctx.reviews.known_ids([first, second]) == {first, second}
    assert session.undo() is not None
    own = next(laptop.logs.rglob("*.jsonl")).read_text().splitlines()
    assert json.loads(own[-1])["retract"] == second
    assert json.loads(own[-2])["id"] == second  # history is appended to, never rewritten
    report = desktop.exchange()  # before the copy: nothing new
    exchange_by_copy(laptop, desktop)
    assert desktop.svc.ctx.reviews.known_ids([first, second]) == {first}
    assert states(laptop.svc) == states(desktop.svc)
    assert report.retracted == 0


def test_an_answer_the_folder_missed_is_published_by_the_next_sync(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    desktop.svc.logs.share("alice", "topics")
    exchange_by_copy(laptop, desktop)
    own = laptop.logs / "alice" / f"{laptop.svc.logs.folder().device}.jsonl"  # type: ignore[union-attr]
    own.mkdir()  # the folder cannot take the line (as a full disk or a lost mount)
    review_id = laptop.answer("alice", "more0000", 3)
    assert laptop.svc.ctx.journal.failure is not None
    assert laptop.svc.ctx.reviews.known_ids([review_id]) == {review_id}  # the answer stays
    own.rmdir()
    assert laptop.exchange().published == 1
    assert laptop.exchange().published == 0
    exchange_by_copy(laptop, desktop)
    assert desktop.svc.ctx.reviews.known_ids([review_id]) == {review_id}


def test_an_older_review_replays_only_its_card(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    exchange_by_copy(laptop, desktop)
    for key in ("more0000", "more0001"):
        clock.advance(hours=1)
        desktop.answer("alice", key, 3)
    clock.advance(days=2)
    desktop.answer("alice", "more0000", 4)
    exchange_by_copy(laptop, desktop)
    untouched = laptop.svc.ctx.states.get("alice", "more0001")
    # a phone whose clock ran a day behind answered more0000 between the desktop's two
    late = desktop.svc.ctx.reviews.for_card("alice", "more0000")[0].at + timedelta(hours=5)
    phone = laptop.logs / "alice" / "phone-0000.jsonl"
    phone.write_text(json.dumps({"id": "late-1", "card": "more0000", "person": "alice",
                                 "rating": 1, "at": format_rfc3339(late),
                                 "grader": "alice"}) + "\n")  # fmt: skip
    report = laptop.exchange()
    assert (report.added, report.cards) == (1, 1)
    assert laptop.svc.ctx.states.get("alice", "more0001") == untouched
    [history] = [[r.id for r in laptop.svc.ctx.reviews.for_card("alice", "more0000")]]
    assert history[1] == "late-1"
    assert laptop.svc.doctor.check().differences == []
    exchange_by_copy(laptop, desktop)
    assert states(laptop.svc) == states(desktop.svc)


def test_unsharing_stops_every_device(tmp_path: Path, clock: FrozenClock, decks: Path) -> None:
    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "cards")
    exchange_by_copy(laptop, desktop)
    desktop.answer("alice", "more0000", 3)
    clock.advance(minutes=1)
    desktop.svc.logs.unshare("alice")
    clock.advance(minutes=1)
    desktop.answer("alice", "more0001", 3)
    exchange_by_copy(laptop, desktop)
    clock.advance(minutes=1)
    laptop.answer("alice", "more0002", 3)
    exchange_by_copy(laptop, desktop)
    assert laptop.svc.ctx.reviews.count() == 2  # its own, and the one before the choice
    assert laptop.svc.logs.status().sharing == {"alice": "off"}


def test_a_folder_not_mounted_is_not_made_and_catches_up_when_back(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    from tandem.models import MissingInputError

    laptop, _ = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    away = laptop.logs.rename(tmp_path / "unmounted")
    review_id = laptop.answer("alice", "more0003", 2)
    assert laptop.svc.ctx.reviews.known_ids([review_id]) == {review_id}
    assert not laptop.logs.exists()  # never made on the local disk in its place
    with pytest.raises(MissingInputError, match="the log folder is not there"):
        laptop.exchange()
    with pytest.raises(MissingInputError):
        laptop.svc.logs.share("alice", "cards")
    away.rename(laptop.logs)
    assert laptop.exchange().published == 1


CRASH_AFTER_COMMIT = """
import os, signal, sys
from pathlib import Path
from tandem.config import Paths
from tandem.models import Rating
from tandem.services import build_services
from tandem.services.logs.journal import Journal

def die(self, review):  # the machine stops between the commit and the line
    print(review.id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

Journal.answered = die
home, decks = Path(sys.argv[1]), Path(sys.argv[2])
paths = Paths(home / "data" / "tandem.db", decks, home / "data", home / "config")
build_services(paths).study("alice").answer("more0005", Rating.GOOD)
"""


@pytest.mark.slow
def test_a_crash_between_commit_and_publishing_is_caught_up_by_the_next_sync(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    import subprocess
    import sys

    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    done = subprocess.run(
        [sys.executable, "-c", CRASH_AFTER_COMMIT, str(tmp_path / "laptop"), str(decks)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == -9, done.stderr
    review_id = done.stdout.strip()
    assert laptop.svc.ctx.reviews.known_ids([review_id]) == {review_id}  # committed
    own = next(laptop.logs.rglob("*.jsonl"))
    assert review_id not in own.read_text()  # and not published
    assert laptop.exchange().published == 1  # the next sync (or start) catches up
    from tandem.models import SystemClock

    clock.advance(seconds=(SystemClock().now() - clock.now()).total_seconds() + 60)
    exchange_by_copy(laptop, desktop)  # (the child answered at the real time: now it is past)
    assert desktop.svc.ctx.reviews.known_ids([review_id]) == {review_id}
    assert states(laptop.svc) == states(desktop.svc)


def test_anki_history_kinds_travel_and_replay_the_same(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    start = clock.now() - timedelta(days=40)
    lines = [  # a reset, a restart and cramming, as an Anki import brings them
        ("r1", 3, "review", 0), ("r2", 3, "review", 3), ("r3", None, "reset", 10),
        ("r4", 4, "review", 11), ("r5", 2, "cram", 12), ("r6", 1, "review", 20),
        ("r7", 3, "restart", 21), ("r8", 3, "review", 25),
    ]  # fmt: skip
    log = tmp_path / "anki.jsonl"
    log.write_text("".join(
        json.dumps({"id": f"{rid}aaaaaaaaaaaaaaaa", "card": "head0001", "person": "alice",
                    **({"rating": rating} if rating else {}),
                    "at": format_rfc3339(start + timedelta(days=day)), "grader": "alice",
                    **({"kind": kind} if kind != "review" else {})}) + "\n"
        for rid, rating, kind, day in lines
    ))  # fmt: skip
    laptop.svc.log.import_file(log)
    exchange_by_copy(laptop, desktop)
    assert states(laptop.svc) == states(desktop.svc)
    kinds = [r.kind for r in desktop.svc.ctx.reviews.for_card("alice", "head0001")]
    assert [str(k) for k in kinds] == [kind for *_, kind, _ in lines]
    assert desktop.svc.doctor.check().differences == []


def test_a_due_date_set_by_hand_travels_through_the_folder(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> None:
    laptop, desktop = _two(tmp_path, clock, decks, ["alice"])
    laptop.svc.logs.share("alice", "topics")
    laptop.svc.study("alice").answer("head0001", Rating.GOOD)
    clock.advance(minutes=1)
    due = laptop.svc.cards.due_on("alice", days=20)
    assert laptop.svc.cards.set_due("alice", ["head0001"], due) == ["head0001"]
    exchange_by_copy(laptop, desktop)
    row = desktop.svc.ctx.states.get("alice", "head0001")
    assert row is not None
    assert row.due == due
    assert desktop.svc.cards.history("head0001")[-1].kind is ReviewKind.MANUAL
    assert states(laptop.svc) == states(desktop.svc)
    assert desktop.svc.doctor.check().differences == []
