"""Anki's own Set due date, with FSRS off and on, comes into tandem on the day Anki set, and
tandem's goes to Anki as its set-due-date rows (runs where the ``anki`` package is installed).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating, ReviewKind
from tandem.services import Services, build_services
from tandem.storage.db import Store

anki_collection = pytest.importorskip("anki.collection")


def _answer(col: Any, cid: int, ease: int) -> None:
    card = col.get_card(cid)
    card.start_timer()
    col.sched.answerCard(card, ease)


def _anki_with_due_dates(path: Path, *, fsrs: bool) -> tuple[Any, list[int]]:
    """Two answered cards: the first set due in 10 days, answered, set due in 3 days; the
    second set due in 6 days, resetting its interval ("6!")."""
    col = anki_collection.Collection(str(path))
    col.set_config("fsrs", fsrs)
    notetype = col.models.by_name("Basic")
    for front in ("la llave", "el perro"):
        note = col.new_note(notetype)
        note["Front"], note["Back"] = front, "the answer"
        col.add_note(note, col.decks.id("Default"))
    first, second = col.find_cards("")
    for cid in (first, second):
        _answer(col, cid, 4)
    col.sched.set_due_date([first], "10")
    _answer(col, first, 3)
    col.sched.set_due_date([first], "3")
    col.sched.set_due_date([second], "6!")
    return col, [first, second]


def _question(svc: Services, key: str) -> str:
    found = svc.ctx.cards.card_with_note(key)
    assert found is not None
    return found[1].question


def _imported(tmp_path: Path, col: Any, *, due_dates: int | None = 3) -> Services:
    """``col`` exported with its scheduling and imported for alice (with ``due_dates`` set
    due dates among its entries, unless ``None``)."""
    from anki.import_export_pb2 import ExportAnkiPackageOptions

    package = tmp_path / "anki.apkg"
    col.export_anki_package(
        out_path=str(package),
        options=ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=False),
        limit=None,
    )
    clock = FrozenClock(datetime.now(UTC) + timedelta(seconds=1))
    svc = build_services(
        resolve_paths(decks=tmp_path / "decks"), db=Store(tmp_path / "t.db"), clock=clock
    )
    svc.people.add("alice")
    summary = svc.importer.run(package, person="alice")
    assert due_dates is None or summary.due_dates == due_dates
    return svc


@pytest.mark.parametrize("fsrs", [False, True], ids=["sm2", "fsrs"])
def test_an_anki_due_date_comes_in_on_the_day_anki_set(tmp_path: Path, fsrs: bool) -> None:
    col, cids = _anki_with_due_dates(tmp_path / "c.anki2", fsrs=fsrs)
    today = col.sched.today
    anki_days = [col.get_card(cid).due - today for cid in cids]
    assert anki_days == [3, 6]
    questions = {cid: col.get_card(cid).note()["Front"] for cid in cids}
    kept = col.db.scalar("SELECT ivl FROM revlog WHERE type = 4 ORDER BY id LIMIT 1")
    svc = _imported(tmp_path, col)
    col.close()

    days = svc.ctx.person("alice").days
    now = days.study_date(svc.ctx.clock.now())
    by_question = {}
    for row in svc.ctx.states.for_person("alice"):
        assert row.memory.due is not None
        by_question[_question(svc, row.card)] = (days.study_date(row.memory.due) - now).days
    assert [by_question[questions[cid]] for cid in cids] == anki_days
    set_by_hand = sorted(
        (days.study_date(e.due) - now).days
        for e in svc.ctx.reviews.for_person("alice")
        if e.kind is ReviewKind.MANUAL and e.due is not None
    )
    # The first card's first date (10 days), which its answer replaced, is exact with FSRS on
    # (Anki writes the days since the last answer); with it off, Anki writes the interval the
    # card kept (Easy's, fuzzed), and that is all there is to go by.
    assert set_by_hand == sorted([3, 6, 10 if fsrs else kept])
    svc.close()


def test_a_tandem_due_date_goes_to_anki_as_its_set_due_date(tmp_path: Path) -> None:
    from anki.import_export_pb2 import (
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    col, _ = _anki_with_due_dates(tmp_path / "c.anki2", fsrs=True)
    svc = _imported(tmp_path, col)
    col.close()
    key = next(row.card for row in svc.ctx.states.for_person("alice"))
    svc.study("alice").answer(key, Rating.GOOD)
    svc.ctx.clock.advance(seconds=5)  # type: ignore[attr-defined]  # a FrozenClock
    svc.cards.set_due("alice", [key], svc.cards.due_on("alice", days=12))
    package = tmp_path / "tandem.apkg"
    svc.exporter.apkg(package, person="alice")

    anki = anki_collection.Collection(str(tmp_path / "d.anki2"))
    anki.set_config("fsrs", True)
    anki.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
    )
    rows = anki.db.all("SELECT ivl, factor FROM revlog WHERE type = 4 ORDER BY id")
    assert len(rows) == 4
    assert all(factor > 0 for _, factor in rows)  # set due dates, not Forget
    assert rows[-1][0] == 12  # days from the last answer, as Anki writes them with FSRS on
    (cid,) = anki.find_cards(f'"front:{_question(svc, key)}"')
    card = anki.get_card(cid)
    assert (card.type, card.due - anki.sched.today) == (2, 12)
    assert card.memory_state is not None  # the rows did not reset the card's memory
    back = tmp_path / "back.apkg"
    anki.export_anki_package(
        out_path=str(back),
        options=ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=False),
        limit=None,
    )
    anki.close()
    states = sorted(svc.ctx.states.for_person("alice"), key=lambda row: row.card)
    again = svc.importer.run(back, person="alice")  # tandem's own entries, come back
    assert (again.reviews, again.resets, again.due_dates) == (0, 0, 0)
    assert sorted(svc.ctx.states.for_person("alice"), key=lambda row: row.card) == states
    svc.close()


def test_a_new_card_set_due_in_anki_is_a_review_card_in_tandem_as_there(tmp_path: Path) -> None:
    """Anki (FSRS on) makes a new card given a due date a review card due then; answered, it
    gets a first answer's memory and a review's interval. tandem, importing the log, holds
    the same: type, due day, stability and difficulty; and its own set due date agrees."""
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    col.set_config("fsrs", True)
    notetype = col.models.by_name("Basic")
    for front in ("uno", "dos", "tres"):
        note = col.new_note(notetype)
        note["Front"], note["Back"] = front, "a number"
        col.add_note(note, col.decks.id("Default"))
    answered, waiting, new = col.find_cards("")
    col.sched.set_due_date([answered], "0")
    col.sched.set_due_date([waiting], "5")
    _answer(col, answered, 3)
    today = col.sched.today
    expected = {}
    for cid in (answered, waiting):
        card = col.get_card(cid)
        memory = card.memory_state
        values = (round(memory.stability, 3), round(memory.difficulty, 3)) if memory else None
        expected[card.note()["Front"]] = (card.type, card.due - today, values)
    assert expected["uno"][:2] == (2, col.get_card(answered).ivl)  # a review, its interval
    assert expected["dos"] == (2, 5, None)
    svc = _imported(tmp_path, col, due_dates=None)
    col.close()

    days = svc.ctx.person("alice").days
    now = days.study_date(svc.ctx.clock.now())
    got = {}
    for row in svc.ctx.states.for_person("alice"):
        m = row.memory
        assert m.due is not None or m.state.name == "NEW"
        values = (round(m.stability, 3), round(m.difficulty, 3)) if m.stability else None
        day = (days.study_date(m.due) - now).days if m.due is not None else None
        got[_question(svc, row.card)] = (2 if m.state.name == "REVIEW" else -1, day, values)
    assert {front: got[front] for front in expected} == expected
    assert got["tres"][0] == -1  # never given a date: still new
    assert svc.doctor.check(rebuild=True).differences == []
    svc.close()


def test_a_new_card_tandem_set_due_reaches_anki_without_an_interval(tmp_path: Path) -> None:
    """A never-answered card tandem set due goes to Anki as Anki (FSRS on) makes one: a review
    card with interval 0 and no memory, so that its first answer in Anki starts a memory as
    a first answer does (with an interval, Anki would guess one from SM-2's ease and
    interval) and agrees with tandem's."""
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from tandem.models import CardState

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "numbers.md").write_text("# numbers\n\nQ: uno\nA: one\n", encoding="utf-8")
    clock = FrozenClock(datetime.now(UTC))
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "t.db"), clock=clock)
    svc.people.add("alice")
    svc.sync.run()
    (key,) = [row.card for row in svc.ctx.states.for_person("alice")]
    assert svc.cards.set_due("alice", [key], svc.cards.due_on("alice", days=3)) == [key]
    package = tmp_path / "tandem.apkg"
    svc.exporter.apkg(package, person="alice")
    first = svc.ctx.person("alice").scheduler.review("x", CardState(), Rating.GOOD, clock.now())
    svc.close()

    anki = anki_collection.Collection(str(tmp_path / "d.anki2"))
    anki.set_config("fsrs", True)
    anki.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
    )
    (cid,) = anki.find_cards("")
    card = anki.get_card(cid)
    assert (card.type, card.ivl, card.due - anki.sched.today) == (2, 0, 3)
    assert card.memory_state is None
    _answer(anki, cid, 3)
    memory = anki.get_card(cid).memory_state
    anki.close()
    assert first.stability is not None
    assert first.difficulty is not None
    assert (round(memory.stability, 3), round(memory.difficulty, 3)) == (
        round(first.stability, 3), round(first.difficulty, 3)
    )  # fmt: skip
