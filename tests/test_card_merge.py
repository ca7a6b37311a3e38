"""One card, two ids, a clash resolved by hand: doctor finds it, a merge moves the history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.models import BadInputError, FrozenClock, Queue, Rating
from tandem.services import Services, build_services
from tandem.storage.db import Store

CARD = (
    "Q: What does `git reflog` show?\nA: Where HEAD has been.\n"
    "<!-- id: {id} · by: alice{more} -->\n"
)
CLOZE = "C: {{{{c1::reflog}}}} keeps {{{{c2::90 days}}}}{extra}\n<!-- id: {id} -->\n"
RATINGS = [Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY]


def _write(decks: Path, text: str) -> None:
    (decks / "git.md").write_text(text)


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    _write(
        folder,
        CARD.format(id="wsrysr80", more=" · reverse")
        + "\n"
        + "Q: other\nA: x\n<!-- id: other001 -->\n",
    )
    return folder


@pytest.fixture
def s(tmp_path: Path, decks: Path, clock: FrozenClock) -> Services:
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "tandem.db"), clock=clock)
    svc.people.add("alice")
    svc.people.add("bob")
    svc.sync.run()
    return svc


def _study(svc: Services, clock: FrozenClock, person: str, key: str) -> list[tuple[Rating, object]]:
    done = []
    session = svc.study(person)
    for rating in RATINGS:
        session.answer(key, rating)
        done.append((rating, clock.now()))
        clock.advance(days=3)
    return done


def _resolve_clash(decks: Path, svc: Services) -> None:
    """The conflict resolved by keeping the other clone's id for the same card."""
    _write(
        decks,
        CARD.format(id="vkwem85h", more=" · reverse")
        + "\n"
        + "Q: other\nA: x\n<!-- id: other001 -->\n",
    )
    report = svc.sync.run()
    assert (report.added, report.retired) == (1, 1)


def test_doctor_reports_the_clash_and_repair_moves_the_reviews(
    s: Services, decks: Path, clock: FrozenClock
) -> None:
    forward = _study(s, clock, "alice", "wsrysr80")
    backward = _study(s, clock, "bob", "wsrysr80:r")
    _resolve_clash(decks, s)
    found = s.doctor.check()
    assert [(c.retired, c.live, c.deck_path, c.reviews) for c in found.clashes] == [
        ("wsrysr80", "vkwem85h", "git.md", 8)
    ]
    assert not found.ok
    repaired = s.doctor.check(repair=True)
    assert [(m.moved, m.reviews, m.people) for m in repaired.merged] == [
        ({"wsrysr80": "vkwem85h", "wsrysr80:r": "vkwem85h:r"}, 8, ["alice", "bob"])
    ]
    for person, key, done in (("alice", "vkwem85h", forward), ("bob", "vkwem85h:r", backward)):
        fresh = s.ctx.person(person).scheduler.replay(key, done)  # rating by rating
        assert s.ctx.states.get(person, key).memory == fresh  # type: ignore[union-attr]
        assert [(r.rating, r.at) for r in s.ctx.reviews.for_card(person, key)] == done
    assert s.ctx.reviews.for_card("alice", "wsrysr80") == []
    assert s.doctor.check().clashes == []  # nothing left on the retired card
    rebuilt = s.doctor.check(rebuild=True)
    assert (rebuilt.differences, rebuilt.ok) == ([], True)  # the log gives the same state


def test_the_live_card_is_due_with_its_old_history(
    s: Services, decks: Path, clock: FrozenClock
) -> None:
    _study(s, clock, "alice", "wsrysr80")
    _resolve_clash(decks, s)
    assert s.ctx.states.get("alice", "vkwem85h").queue is Queue.NEW  # type: ignore[union-attr]
    assert s.stats.for_person("alice").counts.new == 3
    merged = s.merging.merge("wsrysr80", "vkwem85h")
    assert (merged.reviews, merged.left) == (4, [])
    row = s.ctx.states.get("alice", "vkwem85h")
    assert row is not None
    assert (row.queue, row.memory.reps) == (Queue.REVIEW, 4)
    counts = s.stats.for_person("alice").counts
    assert (counts.total, counts.new, counts.review) == (3, 2, 1)


def test_a_review_of_the_old_key_imported_after_the_merge_lands_on_the_new_card(
    s: Services, decks: Path, clock: FrozenClock, tmp_path: Path
) -> None:
    done = _study(s, clock, "alice", "wsrysr80")
    late = {"id": "late-1", "card": "wsrysr80", "person": "alice", "rating": 1,
            "at": "2026-03-14T10:00:00Z", "grader": "alice"}  # fmt: skip
    log = tmp_path / "other-device.jsonl"
    log.write_text(json.dumps(late) + "\n")
    _resolve_clash(decks, s)
    s.merging.merge("wsrysr80", "vkwem85h")
    result = s.log.import_file(log)
    assert (result.added, result.refused) == (1, 0)
    landed = s.ctx.reviews.by_ids(["late-1"])["late-1"]
    assert landed.card == "vkwem85h"
    history = [(r.rating, r.at) for r in s.ctx.reviews.for_card("alice", "vkwem85h")]
    assert history == [*done, (Rating.AGAIN, landed.at)]
    fresh = s.ctx.person("alice").scheduler.replay("vkwem85h", history)
    assert s.ctx.states.get("alice", "vkwem85h").memory == fresh  # type: ignore[union-attr]


def test_cloze_cards_merge_only_where_the_new_note_has_them(
    s: Services, decks: Path, clock: FrozenClock
) -> None:
    _write(decks, CLOZE.format(id="clozeold", extra=" {{c3::by default}}"))
    s.sync.run(retire=True)
    _study(s, clock, "alice", "clozeold:c3")
    _study(s, clock, "alice", "clozeold:c2")
    _write(decks, CLOZE.format(id="clozenew", extra=""))
    s.sync.run(retire=True)
    merged = s.merging.merge("clozeold", "clozenew")
    assert (merged.moved, merged.left, merged.reviews) == (
        {"clozeold:c1": "clozenew:c1", "clozeold:c2": "clozenew:c2"},
        ["clozeold:c3"],
        4,
    )
    assert len(s.ctx.reviews.for_card("alice", "clozeold:c3")) == 4


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wsrysr80", "wsrysr80", "wsrysr80: a card cannot be merged into itself"),
        ("vkwem85h", "wsrysr80", "wsrysr80: retired; merge into a card that is in a deck file"),
        ("wsrysr80", "nothere1", "nothere1: no card has this id (a note id: no ':')"),
        (
            "other001",
            "vkwem85h",
            "other001: still in a deck file; delete it there and sync first, so its reviews "
            "do not split between two cards",
        ),
    ],
)
def test_merges_that_cannot_be(s: Services, decks: Path, old: str, new: str, message: str) -> None:
    _resolve_clash(decks, s)
    with pytest.raises(Exception) as raised:  # noqa: PT011 - the message is the test
        s.merging.merge(old, new)
    assert raised.value.args[0] == message


def test_a_card_merged_away_is_no_target(s: Services, decks: Path) -> None:
    _resolve_clash(decks, s)
    kept = (decks / "git.md").read_text()
    _write(decks, kept.replace("Q: other\nA: x\n<!-- id: other001 -->\n", ""))
    s.sync.run(retire=True)  # other001 leaves its deck file
    s.merging.merge("other001", "vkwem85h")  # its history goes to vkwem85h
    _write(decks, kept)
    s.sync.run()  # other001 is back, live again
    with pytest.raises(BadInputError) as raised:
        s.merging.merge("vkwem85h", "other001")
    assert raised.value.message == "other001 was merged into vkwem85h: merge into vkwem85h instead"


def test_cli_doctor_and_cards_merge(s: Services, decks: Path, clock: FrozenClock) -> None:
    _study(s, clock, "alice", "wsrysr80")
    _resolve_clash(decks, s)
    s.close()
    runner = CliRunner()
    doctor = runner.invoke(cli, ["doctor"])
    assert doctor.exit_code == 1
    assert (
        "retired card wsrysr80 has the same text as live card vkwem85h (git.md); 4 reviews "
        "are on the retired one (--repair or `tandem cards merge` moves them)"
    ) in doctor.stdout.splitlines()
    merge = runner.invoke(cli, ["cards", "merge", "wsrysr80", "vkwem85h"])
    assert merge.exit_code == 0, merge.output
    assert merge.stdout == (
        "merged wsrysr80 into vkwem85h: wsrysr80 -> vkwem85h, wsrysr80:r -> vkwem85h:r, "
        "4 reviews (alice)\n"
    )
    assert runner.invoke(cli, ["doctor"]).exit_code == 0
    listed = runner.invoke(cli, ["cards", "card:vkwem85h", "--as", "alice", "--json"])
    assert [(c["key"], c["queue"]) for c in json.loads(listed.stdout)] == [
        ("vkwem85h", "review"),
        ("vkwem85h:r", "new"),
    ]


def test_a_review_of_the_old_key_from_another_device_lands_on_the_new_card(
    tmp_path: Path, clock: FrozenClock
) -> None:
    from .logfolder import exchange_by_copy, machine, write_decks

    shared = write_decks(tmp_path / "shared-decks")
    laptop = machine(tmp_path, "laptop", clock, shared, tmp_path / "laptop-logs", ["alice"])
    desktop = machine(tmp_path, "desktop", clock, shared, tmp_path / "desktop-logs", ["alice"])
    laptop.svc.logs.share("alice", "topics")
    first = laptop.answer("alice", "head0001", 3)
    exchange_by_copy(laptop, desktop)
    deck = shared / "git.md"  # head0001 leaves its file (the laptop has not synced since)
    deck.write_text(deck.read_text().replace(
        "Q: What is HEAD?\nA: The current commit.\n<!-- id: head0001 · by: alice -->\n", ""
    ))  # fmt: skip
    desktop.svc.sync.run()
    desktop.svc.merging.merge("head0001", "more0000")
    clock.advance(days=2)
    late = laptop.answer("alice", "head0001", 1)  # published after the desktop's merge
    exchange_by_copy(laptop, desktop)
    moved = desktop.svc.ctx.reviews.for_card("alice", "more0000")
    assert [(r.id, r.card) for r in moved] == [(first, "more0000"), (late, "more0000")]
    assert desktop.svc.ctx.reviews.for_card("alice", "head0001") == []
    history = [(r.rating, r.at) for r in moved]
    fresh = desktop.svc.ctx.person("alice").scheduler.replay("more0000", history)
    assert desktop.svc.ctx.states.get("alice", "more0000").memory == fresh  # type: ignore[union-attr]
    assert desktop.svc.logs.exchange().problems == []


def test_doctor_on_two_cores_finds_the_clash(
    s: Services, decks: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tandem.services.maintenance import doctor_parallel

    _study(s, clock, "alice", "wsrysr80")
    _resolve_clash(decks, s)
    monkeypatch.setattr(doctor_parallel, "CHECK_IN_TWO_FROM", 1)
    monkeypatch.setattr(doctor_parallel.os, "cpu_count", lambda: 2)
    found = s.doctor.check()
    assert [(c.retired, c.live, c.deck_path, c.reviews) for c in found.clashes] == [
        ("wsrysr80", "vkwem85h", "git.md", 4)
    ]
    assert not found.ok
