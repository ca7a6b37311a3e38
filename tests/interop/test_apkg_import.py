"""Importing the real Anki packages: exact counts, content, review history, idempotence."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tandem.decks.parser import parse_deck
from tandem.models import ReviewKind
from tandem.scheduling.history import Entry, memory_history
from tandem.services import Services
from tests.interop.conftest import CLOZE, MANIFEST, VOCAB, edited_package, revlog

VOCAB_FILE = "languages/spanish-vocab.md"
CLOZE_FILE = "biology/cells.md"


def _deck(svc: Services, rel: str) -> list:  # type: ignore[type-arg]
    return parse_deck((svc.paths.decks / rel).read_text(), rel).cards


def _snapshot(svc: Services) -> dict[str, bytes]:
    root = svc.paths.decks
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def alice(svc: Services) -> Services:
    svc.people.add("alice")
    return svc


def test_vocab_counts_content_and_reverse(alice: Services) -> None:
    summary = alice.importer.run(VOCAB, person="alice")
    expected = MANIFEST["vocab"]
    assert (summary.format, summary.notes, summary.cards) == ("anki21b", 30, 60)
    assert (summary.notes, summary.cards) == (expected["notes"], expected["cards"])
    assert summary.files == [VOCAB_FILE]
    text = (alice.paths.decks / VOCAB_FILE).read_text()
    assert text.startswith('+++\ntitle = "Languages::Spanish Vocab"\n+++\n')
    cards = _deck(alice, VOCAB_FILE)
    assert len(cards) == 30
    assert all(c.reverse and c.kind == "basic" and c.by == "alice" and c.guid for c in cards)
    for sample in expected["sample"]:
        card = next(c for c in cards if sample["front"] in c.question)
        assert card.answer.startswith(sample["back"])
    coche = next(c for c in cards if "el coche" in c.question)
    assert coche.question == "**el coche**"
    assert coche.answer == "the car\\\n(irregular)"
    assert coche.tags == ["nouns", "spanish"]
    assert coche.guid == "hFys55UKJc"
    assert alice.ctx.cards.active_note_count() == 30
    assert len(alice.ctx.cards.active_cards()) == 60


def test_cloze_counts_hint_and_tags(alice: Services) -> None:
    summary = alice.importer.run(CLOZE, person="alice")
    assert (summary.format, summary.notes, summary.cards) == ("anki21", 10, 17)
    assert summary.cards == MANIFEST["cloze"]["cards"]
    cards = _deck(alice, CLOZE_FILE)
    assert all(c.kind == "cloze" and c.tags == ["biology"] for c in cards)
    hinted = [c for c in cards if "{{c1::mRNA::a nucleic acid}}" in c.question]
    assert len(hinted) == 1
    chloro = next(c for c in cards if "Chlorophyll" in c.question)
    assert alice.ctx.cards.card_keys(chloro.id or "").keys() == {
        f"{chloro.id}:c1",
        f"{chloro.id}:c2",
        f"{chloro.id}:c3",
    }


@pytest.mark.parametrize(("package", "key"), [(VOCAB, "vocab"), (CLOZE, "cloze")])
def test_review_history_matches_the_revlog(
    alice: Services, tmp_path: Path, package: Path, key: str
) -> None:
    summary = alice.importer.run(package, person="alice")
    rows = revlog(package, tmp_path)
    assert len(rows) == MANIFEST[key]["revlog"]
    assert summary.reviews == len(rows)
    assert alice.ctx.reviews.count("alice") == len(rows)
    per_anki_card = Counter(cid for _, cid, _, _ in rows)
    last_anki = {cid: max(rid for rid, c, _, _ in rows if c == cid) for cid in per_anki_card}
    reviews = list(alice.ctx.reviews.for_person("alice"))
    per_card = Counter(r.card for r in reviews)
    assert sorted(per_card.values()) == sorted(per_anki_card.values())
    last = {card: max(r.at for r in reviews if r.card == card) for card in per_card}
    expected = sorted(datetime.fromtimestamp(ms / 1000, UTC) for ms in last_anki.values())
    assert sorted(last.values()) == expected
    assert {r.grader for r in reviews} == {"alice"}
    states = {row.card: row.memory for row in alice.ctx.states.for_person("alice")}
    for card in per_card:
        assert states[card].last_review == last[card]
        # Anki's rules: a learning answer after reviews starts the card afresh (the
        # fixtures' answers made "now" came after backdated reviews of cards Anki saw new).
        entries = [Entry(r.kind, r.rating, r.at) for r in alice.ctx.reviews.for_card("alice", card)]
        assert states[card].reps == len(list(memory_history(entries)))
        kinds = [entry.kind for entry in entries]
        assert ReviewKind.RESTART not in kinds[:1]
        assert ReviewKind.RESET not in kinds


def test_reimport_changes_nothing(alice: Services) -> None:
    alice.importer.run(VOCAB, person="alice")
    alice.importer.run(CLOZE, person="alice")
    before, reviews = _snapshot(alice), alice.ctx.reviews.count()
    again = alice.importer.run(VOCAB, person="alice")
    assert (again.added, again.updated, again.unchanged, again.reviews) == (0, 0, 30, 0)
    assert again.reviews_known == 110
    assert again.files == []
    alice.importer.run(CLOZE, person="alice")
    assert _snapshot(alice) == before
    assert alice.ctx.reviews.count() == reviews


def _edit_vocab(conn: sqlite3.Connection) -> None:
    conn.execute(
        "UPDATE notes SET flds = 'el coche' || char(31) || 'the automobile' "
        "WHERE guid = 'hFys55UKJc'"
    )


def test_edited_package_updates_in_place_keeping_history(alice: Services, tmp_path: Path) -> None:
    alice.importer.run(VOCAB, person="alice")
    old = next(c for c in _deck(alice, VOCAB_FILE) if c.guid == "hFys55UKJc")
    history = alice.ctx.reviews.for_card("alice", old.id or "")
    edited = edited_package(VOCAB, tmp_path / "edited.apkg", _edit_vocab)
    summary = alice.importer.run(edited, person="alice")
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 29)
    cards = _deck(alice, VOCAB_FILE)
    assert len(cards) == 30
    new = next(c for c in cards if c.guid == "hFys55UKJc")
    assert (new.id, new.question, new.answer) == (old.id, "el coche", "the automobile")
    assert alice.ctx.reviews.for_card("alice", old.id or "") == history
    note = alice.ctx.cards.note(old.id or "")
    assert note is not None
    assert note.answer == "the automobile"


def test_edited_legacy_package_and_a_new_note(alice: Services, tmp_path: Path) -> None:
    alice.importer.run(CLOZE)

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE notes SET flds = 'The heart has {{c1::four}} rooms.' || char(31) "
                     "WHERE guid = 'G,I]sDJ_Pj'")  # fmt: skip
        conn.execute(
            "INSERT INTO notes SELECT id + 1000, 'newguid123', mid, mod, usn, tags, "
            "'Cells have a {{c1::membrane}}.' || char(31), sfld, csum, flags, data "
            "FROM notes WHERE guid = 'G,I]sDJ_Pj'"
        )
        conn.execute(
            "INSERT INTO cards SELECT id + 1000, nid + 1000, did, ord, mod, usn, type, queue, "
            "due, ivl, factor, reps, lapses, left, odue, odid, flags, data FROM cards "
            "WHERE nid = (SELECT id FROM notes WHERE guid = 'G,I]sDJ_Pj')"
        )

    summary = alice.importer.run(edited_package(CLOZE, tmp_path / "e.apkg", edit))
    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 9)
    cards = _deck(alice, CLOZE_FILE)
    assert len(cards) == 11
    assert any(c.question == "The heart has {{c1::four}} rooms." for c in cards)
    assert cards[-1].guid == "newguid123"


def test_without_a_person_no_reviews(svc: Services) -> None:
    summary = svc.importer.run(VOCAB)
    assert summary.reviews == 0
    assert summary.skipped == {"reviews (no --as NAME given)": 110}
    assert svc.ctx.reviews.count() == 0
    assert _deck(svc, VOCAB_FILE)[0].by is None


def test_into_a_folder(svc: Services) -> None:
    summary = svc.importer.run(CLOZE, into="anki")
    assert summary.files == ["anki/biology/cells.md"]


def test_rows_that_are_neither_answers_nor_due_dates_are_skipped_and_said(
    alice: Services, tmp_path: Path
) -> None:
    def edit(conn: sqlite3.Connection) -> None:
        cid = conn.execute("SELECT min(id) FROM cards").fetchone()[0]
        no_button = "INSERT INTO revlog VALUES (1795911269900, ?, -1, 0, 3, 0, 2500, 0, 1)"
        conn.execute(no_button, (cid,))
        set_due = "INSERT INTO revlog VALUES (1795911269901, ?, -1, 0, 3, 0, 2500, 0, 4)"
        conn.execute(set_due, (cid,))

    summary = alice.importer.run(edited_package(CLOZE, tmp_path / "r.apkg", edit), person="alice")
    assert (summary.reviews, summary.due_dates) == (5, 1)
    assert summary.skipped == {"review-log entries that are neither answers nor due dates": 1}


def test_a_review_log_entry_given_twice_is_imported_once(alice: Services, tmp_path: Path) -> None:
    def edit(conn: sqlite3.Connection) -> None:  # a revlog without its primary key
        conn.execute("CREATE TABLE copied AS SELECT * FROM revlog")
        conn.execute("DROP TABLE revlog")
        conn.execute("ALTER TABLE copied RENAME TO revlog")
        conn.execute("INSERT INTO revlog SELECT * FROM revlog LIMIT 1")

    summary = alice.importer.run(edited_package(CLOZE, tmp_path / "d.apkg", edit), person="alice")
    assert summary.reviews == 5
    assert summary.skipped == {"review-log entries given twice (same id)": 1}
    assert alice.ctx.reviews.count("alice") == 5


def test_control_and_bidi_characters_are_removed_and_flagged(svc: Services, tmp_path: Path) -> None:
    def edit(conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE notes SET flds = 'bell' || char(7) || ' {{c1::evil}}' || char(8238) || 'txt' "
            "|| char(31) || 'x' WHERE guid = 'G,I]sDJ_Pj'"
        )

    summary = svc.importer.run(edited_package(CLOZE, tmp_path / "c.apkg", edit))
    assert "1 control character(s) removed" in summary.warnings
    assert "1 bidi override character(s) removed (they can hide text)" in summary.warnings
    text = (svc.paths.decks / CLOZE_FILE).read_text()
    assert "C: bell {{c1::evil}}txt\nA: x\n" in text
    assert "\u202e" not in text
    assert "\x07" not in text


def test_colpkg_is_read_like_an_apkg(svc: Services, tmp_path: Path) -> None:
    colpkg = tmp_path / "collection.colpkg"
    colpkg.write_bytes(VOCAB.read_bytes())
    summary = svc.importer.run(colpkg)
    assert (summary.format, summary.notes, summary.cards) == ("anki21b", 30, 60)


def test_a_deck_file_that_would_be_too_large_is_refused_before_writing(
    alice: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tandem.decks.check as check
    import tandem.services.anki.importing as importing
    from tandem.models import BadInputError

    monkeypatch.setattr(importing, "MAX_BYTES", 2_000)  # the vocab deck is larger
    monkeypatch.setattr(check, "MAX_BYTES", 2_000)  # (the sync reads it from there)
    with pytest.raises(BadInputError, match=f"{VOCAB_FILE}: .*too large"):
        alice.importer.run(VOCAB, person="alice")
    assert _snapshot(alice) == {}
    assert alice.ctx.reviews.count() == 0
    assert alice.ctx.store.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0


def test_fields_past_the_second_become_named_extra_fields(svc: Services, tmp_path: Path) -> None:
    def four_fields(conn: sqlite3.Connection) -> None:
        (ntid,) = conn.execute("SELECT id FROM notetypes").fetchone()
        for ord_, name in ((2, "Example"), (3, "Notes")):
            conn.execute("INSERT INTO fields VALUES (?, ?, ?, x'')", (ntid, ord_, name))
        ids = [row[0] for row in conn.execute("SELECT id FROM notes ORDER BY id LIMIT 2")]
        conn.execute("UPDATE notes SET flds = flds || char(31) || ' ' || char(31)")
        extra = {ids[0]: "Tengo un perro.", ids[1]: "irregular"}
        for note, text in extra.items():
            position = "flds || ?" if note == ids[1] else "replace(flds, ' ' || char(31), ?)"
            value = text if note == ids[1] else text + "\x1f"
            conn.execute(f"UPDATE notes SET flds = {position} WHERE id = ?", (value, note))

    package = edited_package(VOCAB, tmp_path / "four.apkg", four_fields)
    summary = svc.importer.run(package)
    assert not [w for w in summary.warnings if "field" in w]
    cards = _deck(svc, VOCAB_FILE)
    with_fields = [card for card in cards if card.fields]
    assert [card.fields for card in with_fields] == [
        (("Example", "Tengo un perro."),),
        (("Notes", "irregular"),),
    ]
    assert all(card.fields == () for card in cards if card not in with_fields)
    text = (svc.paths.decks / VOCAB_FILE).read_text()
    assert "\nF: Example: Tengo un perro.\n" in text
    assert "\nF: Notes: irregular\n" in text
    stored = {n.question: n.fields for n in svc.ctx.cards.notes().values() if n.fields}
    assert sorted(stored.values()) == [(("Example", "Tengo un perro."),), (("Notes", "irregular"),)]
    again = svc.importer.run(package)
    assert (again.added, again.updated) == (0, 0)
