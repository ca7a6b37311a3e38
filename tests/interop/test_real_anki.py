"""Anki itself reads what tandem exports (runs where the benchmark-only ``anki`` is installed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating
from tandem.services import build_services
from tandem.storage.db import Store

anki_collection = pytest.importorskip("anki.collection")


def test_anki_imports_the_package_and_the_text_export(
    tmp_path: Path, clock: FrozenClock, sample_decks: Path
) -> None:
    from anki.import_export_pb2 import (
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
        ImportCsvRequest,
    )

    svc = build_services(
        resolve_paths(decks=sample_decks), db=Store(tmp_path / "t.db"), clock=clock
    )
    svc.people.add("alice")
    svc.sync.run()
    session = svc.study("alice")
    for _ in range(5):
        card = session.next_card()
        assert card is not None
        session.answer(card.key, Rating.GOOD)
    package, text = tmp_path / "out.apkg", tmp_path / "out.txt"
    svc.exporter.apkg(package, person="alice")
    exported, _ = svc.exporter.text()
    svc.exporter.save(text, exported.encode("utf-8"))
    cards = sum(d.cards for d in svc.decks.list())

    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    col.import_anki_package(request)
    assert col.card_count() == cards
    assert len(col.find_cards("-is:new")) == 5
    col.import_anki_package(request)  # the same package again updates, never duplicates
    assert col.card_count() == cards
    col.close()

    col = anki_collection.Collection(str(tmp_path / "d.anki2"))
    meta = col.get_csv_metadata(path=str(text), delimiter=None)
    first = col.import_csv(ImportCsvRequest(path=str(text), metadata=meta))
    again = col.import_csv(ImportCsvRequest(path=str(text), metadata=meta))
    assert col.card_count() == cards
    assert len(first.log.new) == col.note_count()
    assert len(again.log.new) == 0
    col.close()


def test_anki_keeps_every_rating_and_the_memory_of_an_export(
    tmp_path: Path, sample_decks: Path
) -> None:
    """Every rating arrives as given (no v1 → v2 revlog upgrade), with stability, difficulty
    and the last review time in each card's data."""
    # In the past: Anki moves revlog ids later than its own clock to "now".
    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))

    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    svc = build_services(
        resolve_paths(decks=sample_decks), db=Store(tmp_path / "t.db"), clock=clock
    )
    svc.people.add("alice")
    svc.sync.run()
    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
    for day in range(12):
        session = svc.study("alice")
        for turn in range(6):
            card = session.next_card()
            if card is None:
                break
            session.answer(card.key, ratings[(day + turn) % 4])
            clock.advance(seconds=20)
        clock.advance(days=1)
    reviews = {
        int(r.at.timestamp() * 1000): int(r.rating) for r in svc.ctx.reviews.for_person("alice")
    }
    assert set(reviews.values()) == {1, 2, 3, 4}
    states = {row.card: row.memory for row in svc.ctx.states.for_person("alice")}
    package = tmp_path / "out.apkg"
    svc.exporter.apkg(package, person="alice")

    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
    )
    arrived = dict(col.db.all("SELECT id, ease FROM revlog WHERE type < 4"))
    assert arrived == reviews
    studied = [m for m in states.values() if m is not None and m.last_review is not None]
    rows = col.db.all("SELECT data, ivl, type FROM cards WHERE type = 2")
    assert len(rows) == sum(1 for m in studied if m.state.name == "REVIEW")
    expected = sorted(  # Anki keeps s and d to a few decimals
        (round(m.stability, 2), round(m.difficulty, 2), int(m.last_review.timestamp()))
        for m in studied
        if m.state.name == "REVIEW"
    )
    got = []
    for data, _ivl, _type in rows:
        values = json.loads(data)
        got.append((round(values["s"], 2), round(values["d"], 2), values["lrt"]))
    assert sorted(got) == expected
    # The schedule: each review card's interval, answers and lapses, and its due study day
    # (Anki moves every due day by one number on import: compared from the earliest); each
    # learning card's due time.
    reviewing = [m for m in studied if m.state.name == "REVIEW"]
    day = svc.ctx.person("alice").days.study_date
    first = min(day(m.due) for m in reviewing)
    mine = sorted(
        ((m.due - m.last_review).days, m.reps, m.lapses, (day(m.due) - first).days)
        for m in reviewing
    )
    theirs = col.db.all("SELECT ivl, reps, lapses, due FROM cards WHERE type = 2")
    low = min(due for *_, due in theirs)
    assert sorted((ivl, reps, lapses, due - low) for ivl, reps, lapses, due in theirs) == mine
    learning = sorted(
        (int(m.due.timestamp()), m.reps, m.lapses) for m in studied if m.state.name != "REVIEW"
    )
    assert learning  # (relearning after Again)
    assert sorted(col.db.all("SELECT due, reps, lapses FROM cards WHERE type IN (1, 3)")) == [
        list(row) for row in learning
    ]
    col.close()


def test_tandem_anki_tandem_adds_no_review(tmp_path: Path, sample_decks: Path) -> None:
    """Through Anki and back, tandem's own reviews are recognised by person, card and
    millisecond (Anki gives them ids of its own): nothing is added, no due date moves."""
    from anki.import_export_pb2 import (
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    from tests.interop.test_apkg_export import _log, _studied_with_a_forget

    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # before Anki's own clock
    svc = build_services(
        resolve_paths(decks=sample_decks), db=Store(tmp_path / "t.db"), clock=clock
    )
    _studied_with_a_forget(svc, clock)
    before = _log(svc)
    states = sorted(svc.ctx.states.for_person("alice"), key=lambda row: row.card)
    svc.exporter.apkg(tmp_path / "out.apkg", person="alice")
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(tmp_path / "out.apkg"),
            options=ImportAnkiPackageOptions(with_scheduling=True),
        )
    )
    back = tmp_path / "back.apkg"
    col.export_anki_package(
        out_path=str(back),
        options=ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=False),
        limit=None,
    )
    col.close()
    summary = svc.importer.run(back, person="alice")
    assert (summary.reviews, summary.resets) == (0, 0)
    assert _log(svc) == before
    assert sorted(svc.ctx.states.for_person("alice"), key=lambda row: row.card) == states
