"""Exporting a package Anki can import, with one person's history, and reading it back."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Review, StudyCard
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tests.interop.conftest import AFTER_FIXTURES, CLOZE, VOCAB


def test_package_structure(svc: Services, tmp_path: Path) -> None:
    svc.people.add("alice")
    svc.importer.run(VOCAB, person="alice")
    svc.importer.run(CLOZE, person="alice")
    target = tmp_path / "out.apkg"
    result = svc.exporter.apkg(target, person="alice")
    assert (result.notes, result.cards, result.reviews) == (40, 77, 115)
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        (tmp_path / "c.db").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.db")
    ver, models, decks = conn.execute("SELECT ver, models, decks FROM col").fetchone()
    assert ver == 11
    notetypes = {m["name"] for m in json.loads(models).values()}
    assert notetypes == {"Basic", "Cloze", "Basic (and reversed card)"}
    names = {d["name"] for d in json.loads(decks).values()}
    assert {"Languages", "Languages::Spanish Vocab", "Biology::Cells"} <= names
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 40
    # The fixtures' learning answers after reviews restart their cards (Anki's rule); each
    # restart goes out as Anki's reset entry (ease 0, type 4) before its answer.
    assert conn.execute("SELECT count(*) FROM revlog WHERE ease > 0").fetchone()[0] == 115
    resets = conn.execute("SELECT count(*) FROM revlog WHERE ease = 0 AND type = 4").fetchone()
    assert resets[0] == 9
    flds = conn.execute("SELECT flds FROM notes WHERE guid = 'hFys55UKJc'").fetchone()[0]
    assert flds == "<b>el coche</b>\x1fthe car<br>(irregular)"
    scheduled = conn.execute("SELECT count(*) FROM cards WHERE type > 0").fetchone()[0]
    assert scheduled == 40  # every card with a review has a schedule
    # The v2 scheduler's collection: Anki would otherwise "upgrade" every rating on import.
    assert json.loads(conn.execute("SELECT conf FROM col").fetchone()[0])["schedVer"] == 2
    states = {row.card: row.memory for row in svc.ctx.states.for_person("alice")}
    last = sorted(int(m.last_review.timestamp()) for m in states.values() if m and m.last_review)
    data = [json.loads(d) for (d,) in conn.execute("SELECT data FROM cards WHERE type > 0")]
    assert sorted(d["lrt"] for d in data) == last
    assert all(d["s"] > 0 and 1 <= d["d"] <= 10 for d in data)
    conn.close()


def test_round_trip_into_another_database(svc: Services, tmp_path: Path) -> None:
    svc.people.add("alice")
    svc.importer.run(VOCAB, person="alice")
    target = tmp_path / "out.apkg"
    svc.exporter.apkg(target, person="alice")
    other = resolve_paths(tmp_path / "b.db", tmp_path / "b-decks")
    fresh = build_services(other, db=Store(other.db), clock=FrozenClock(AFTER_FIXTURES))
    try:
        fresh.people.add("bob")
        summary = fresh.importer.run(target, person="bob")
        assert (summary.notes, summary.cards, summary.reviews) == (30, 60, 110)
        mine = (svc.paths.decks / "languages/spanish-vocab.md").read_text()
        theirs = (other.decks / "languages/spanish-vocab.md").read_text()
        strip = [line for line in mine.splitlines() if not line.startswith("<!--")]
        assert strip == [line for line in theirs.splitlines() if not line.startswith("<!--")]

        # Fuzz is seeded by card key (new keys here), so compare history, not due dates.
        def history(services: Services, person: str) -> list[tuple[object, ...]]:
            rows = services.ctx.states.for_person(person)
            return sorted((r.memory.reps, r.memory.state, r.memory.last_review) for r in rows)

        assert history(fresh, "bob") == history(svc, "alice")
        again = fresh.importer.run(target, person="bob")
        assert (again.added, again.updated, again.reviews) == (0, 0, 0)
    finally:
        fresh.close()


def _studied_with_a_forget(svc: Services, clock: FrozenClock) -> None:
    from tandem.models import Rating
    from tandem.services.cards.forgetting import forget

    svc.people.add("alice")
    svc.sync.run()
    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
    for day in range(6):
        session = svc.study("alice")
        for turn in range(5):
            card = session.next_card()
            if card is None:
                break
            session.answer(card.key, ratings[(day + turn) % 4])
            clock.advance(seconds=13, microseconds=124_000)
        if day == 3:
            first = next(iter(svc.ctx.reviews.for_person("alice"))).card
            forget(svc.ctx, "alice", [first])
        clock.advance(days=1)


def _log(svc: Services) -> list[tuple[object, ...]]:
    return [
        (r.id, r.card, r.rating, r.at, r.grader, r.duration_ms, r.kind)
        for r in svc.ctx.reviews.for_person("alice")
    ]


def test_own_export_brings_back_no_review(
    tmp_path: Path, clock: FrozenClock, sample_decks: Path
) -> None:
    """A review is the same review when person, card and millisecond agree, whatever id the
    package gave it: importing tandem's own export adds nothing and moves no due date."""
    svc = build_services(
        resolve_paths(decks=sample_decks), db=Store(tmp_path / "t.db"), clock=clock
    )
    _studied_with_a_forget(svc, clock)
    before = _log(svc)
    assert any(kind == "reset" for *_, kind in before)
    states = sorted(svc.ctx.states.for_person("alice"), key=lambda row: row.card)
    package = tmp_path / "out.apkg"
    svc.exporter.apkg(package, person="alice")
    summary = svc.importer.run(package, person="alice")
    assert summary.reviews == 0
    assert _log(svc) == before
    assert sorted(svc.ctx.states.for_person("alice"), key=lambda row: row.card) == states


def _models_and_notes(
    package: Path, folder: Path
) -> tuple[dict[int, dict[str, object]], dict[str, int]]:
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in archive.namelist())
        (folder / "read.db").write_bytes(archive.read(name))
    conn = sqlite3.connect(folder / "read.db")
    try:
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        notes = dict(conn.execute("SELECT guid, mid FROM notes"))
    finally:
        conn.close()
    return {int(k): v for k, v in models.items()}, notes


def test_imported_notes_go_back_on_their_own_note_type(svc: Services, tmp_path: Path) -> None:
    svc.importer.run(CLOZE)
    kept = json.loads((svc.paths.decks / ".anki/notetypes.json").read_text())
    original, original_notes = _models_and_notes(CLOZE, tmp_path)
    (ntid,) = set(original_notes.values())
    assert kept["notes"] == dict.fromkeys(original_notes, ntid)
    deck = svc.paths.decks / "biology/cells.md"
    deck.write_text(deck.read_text() + "\nQ: Born in tandem?\nA: yes\n")

    svc.exporter.apkg(tmp_path / "out.apkg")
    models, notes = _models_and_notes(tmp_path / "out.apkg", tmp_path)
    mine = models[ntid]
    theirs = original[ntid]
    for key in ("name", "type", "css", "sortf", "mod"):
        assert mine[key] == theirs[key], key
    assert [f["name"] for f in mine["flds"]] == [f["name"] for f in theirs["flds"]]  # type: ignore[union-attr]
    shape = ("name", "qfmt", "afmt")
    assert [[t[k] for k in shape] for t in mine["tmpls"]] == [  # type: ignore[union-attr]
        [t[k] for k in shape]
        for t in theirs["tmpls"]  # type: ignore[union-attr]
    ]
    assert {guid: notes[guid] for guid in original_notes} == original_notes
    (born,) = set(notes) - set(original_notes)
    assert models[notes[born]]["name"] == "Basic"  # tandem's own note type


def test_modern_packages_keep_their_note_type_too(svc: Services, tmp_path: Path) -> None:
    svc.importer.run(VOCAB)
    svc.exporter.apkg(tmp_path / "out.apkg")
    models, notes = _models_and_notes(tmp_path / "out.apkg", tmp_path)
    assert {models[mid]["name"] for mid in notes.values()} == {"Basic (and reversed card)"}
    (mid,) = set(notes.values())
    assert mid == 1795911269648  # the fixture's own note type, not tandem's
    templates = models[mid]["tmpls"]
    assert [t["qfmt"] for t in templates] == ["{{Front}}", "{{Back}}"]  # type: ignore[index]
    again = svc.importer.run(tmp_path / "out.apkg")
    assert (again.added, again.updated) == (0, 0)


def test_entries_of_one_millisecond_come_back_as_no_review(
    tmp_path: Path, clock: FrozenClock, sample_decks: Path
) -> None:
    """Entries written in one millisecond (a due date set on several cards, a forget of
    several: one transaction, one time) get Anki revlog ids a millisecond or more apart
    (ids are unique); importing the package again adds none of them."""
    from tandem.services.cards.forgetting import forget

    svc = build_services(
        resolve_paths(decks=sample_decks), db=Store(tmp_path / "t.db"), clock=clock
    )
    _studied_with_a_forget(svc, clock)
    cards = sorted({r.card for r in svc.ctx.reviews.for_person("alice")})[:4]
    assert len(cards) == 4
    due = svc.cards.due_on("alice", days=9)
    assert svc.cards.set_due("alice", cards, due) == cards
    clock.advance(hours=1)
    forget(svc.ctx, "alice", cards[:3])
    at = {r.card: r.at for r in svc.ctx.reviews.for_person("alice") if r.kind == "reset"}
    assert len({at[card] for card in cards[:3]}) == 1  # one millisecond, three entries
    before = _log(svc)
    states = sorted(svc.ctx.states.for_person("alice"), key=lambda row: row.card)
    package = tmp_path / "out.apkg"
    svc.exporter.apkg(package, person="alice")
    summary = svc.importer.run(package, person="alice")
    assert (summary.reviews, summary.resets, summary.due_dates) == (0, 0, 0)
    assert _log(svc) == before
    assert sorted(svc.ctx.states.for_person("alice"), key=lambda row: row.card) == states

    fresh = build_services(
        resolve_paths(decks=tmp_path / "fresh"), db=Store(tmp_path / "f.db"), clock=clock
    )
    fresh.people.add("alice")
    first = fresh.importer.run(package, person="alice")
    again = fresh.importer.run(package, person="alice")
    assert first.due_dates == 4
    assert (again.reviews, again.resets, again.due_dates) == (0, 0, 0)


def _one_answer(
    tmp_path: Path, clock: FrozenClock, decks: Path
) -> tuple[Services, StudyCard, Review]:
    """The sample decks synced for alice, who answered one card Good: the card and the entry."""
    from tandem.models import Rating

    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "t.db"), clock=clock)
    svc.people.add("alice")
    svc.sync.run()
    card = svc.study("alice").next_card()
    assert card is not None
    svc.study("alice").answer(card.key, Rating.GOOD)
    (logged,) = svc.ctx.reviews.for_person("alice")
    return svc, card, logged


def test_one_entry_of_the_log_stands_for_one_entry_coming_in(
    tmp_path: Path, clock: FrozenClock, sample_decks: Path
) -> None:
    """An entry within a few milliseconds after one of the log is that entry, moved by an
    export; a second such entry, with only one in the log to stand for, is a new one; and an
    entry before the log's, or much later, is new too."""
    from datetime import timedelta

    from tandem.models import Rating, Review
    from tandem.services.anki.history import ID_SHIFT_MS, _not_there

    svc, card, logged = _one_answer(tmp_path, clock, sample_decks)
    ms = timedelta(milliseconds=1)

    def coming(name: str, at: timedelta) -> Review:
        return Review(name, card.key, "alice", Rating.GOOD, logged.at + at, "alice")

    moved, second = coming("a", 2 * ms), coming("b", 3 * ms)
    before, later = coming("c", -ms), coming("d", (ID_SHIFT_MS + 1) * ms)
    assert _not_there(svc.ctx, "alice", [moved, second, before, later]) == [second, before, later]
    assert _not_there(svc.ctx, "alice", [coming("e", 0 * ms)]) == []


def test_a_due_date_set_on_many_cards_at_once_comes_back_as_no_review(
    tmp_path: Path, clock: FrozenClock
) -> None:
    """A due date set on 40 cards in one transaction, then a forget of them all: the export
    gives the entries of one millisecond 40 consecutive revlog ids (the 40th 39 ms after its
    time), and importing the package again still adds none of them."""
    from tandem.services.cards.forgetting import forget

    decks = tmp_path / "decks"
    decks.mkdir()
    notes = "".join(f"Q: question {n}\nA: answer {n}\n\n" for n in range(40))
    (decks / "bulk.md").write_text(f"# bulk\n\n{notes}", encoding="utf-8")
    svc = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "t.db"), clock=clock)
    svc.people.add("alice")
    svc.sync.run()
    cards = sorted(row.card for row in svc.ctx.states.for_person("alice"))
    assert len(cards) == 40
    assert svc.cards.set_due("alice", cards, svc.cards.due_on("alice", days=3)) == cards
    clock.advance(hours=1)
    forget(svc.ctx, "alice", cards)
    before = _log(svc)
    assert len(before) == 80
    assert len({r[3] for r in before}) == 2  # two moments in all
    package = tmp_path / "out.apkg"
    svc.exporter.apkg(package, person="alice")
    with zipfile.ZipFile(package) as archive:
        (tmp_path / "c.db").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.db")
    ids = [rid for (rid,) in conn.execute("SELECT id FROM revlog ORDER BY id")]
    conn.close()
    assert (ids[39] - ids[0], ids[79] - ids[40]) == (39, 39)
    summary = svc.importer.run(package, person="alice")
    assert (summary.reviews, summary.resets, summary.due_dates) == (0, 0, 0)
    assert _log(svc) == before


def test_an_entry_moved_past_a_run_of_ids_is_the_log_s_entry(
    tmp_path: Path, clock: FrozenClock, sample_decks: Path
) -> None:
    """An entry 30 ms after the log's is that entry when every millisecond between is the id
    of another entry of the package (the export took the first free id), and a new one when
    one is missing; a reset 30 ms before the log's entry likewise. An entry of the log that
    came in again under its own id stands for no other one, however close."""
    from datetime import timedelta

    from tandem.models import Rating, Review, ReviewKind
    from tandem.services.anki.history import _millis, _not_there

    svc, card, logged = _one_answer(tmp_path, clock, sample_decks)
    t = _millis(logged.at)

    def coming(name: str, ms: int, kind: ReviewKind = ReviewKind.REVIEW) -> Review:
        at = logged.at + timedelta(milliseconds=ms)
        rating = None if kind is ReviewKind.RESET else Rating.GOOD
        return Review(name, card.key, "alice", rating, at, "alice", kind=kind)

    moved = coming("a", 30)
    full = range(t, t + 31)
    assert _not_there(svc.ctx, "alice", [moved], full) == []
    gap = [ms for ms in full if ms != t + 12]
    assert _not_there(svc.ctx, "alice", [moved], gap) == [moved]
    reset = coming("r", -30, ReviewKind.RESET)
    assert _not_there(svc.ctx, "alice", [reset], range(t - 30, t)) == []
    assert _not_there(svc.ctx, "alice", [reset], [t - 30, t - 1]) == [reset]
    close = coming("b", 5)
    sent = [t, t + 5]
    assert _not_there(svc.ctx, "alice", [close], sent, {logged.id}) == [close]
    assert _not_there(svc.ctx, "alice", [close], sent) == []
