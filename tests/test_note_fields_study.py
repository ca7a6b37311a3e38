"""A note's extra fields (``F: Name: text``) are stored and shown below the answer, labelled."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tandem.decks.parser import parse_deck
from tandem.models import Rating
from tandem.services import Services
from tandem.services.authoring.writer import CardDraft
from tandem.services.study.sides import render_card
from tandem.storage.cards import CardsRepo
from tandem.storage.db import APPLICATION_ID, Store
from tandem.storage.schema import LATEST_VERSION, MIGRATIONS

DECK = """Q: der Hund
A: the dog
F: Example: Der *Hund* bellt.
F: Notes:
  masculine

  plural die Hunde
F: Empty:
<!-- id: hund0001 · reverse -->

C: Berlin is the {{c1::capital}}.
A: since 1990
F: Source_book: atlas
<!-- id: berlin01 -->
"""


def _write(svc: Services, text: str) -> None:
    svc.paths.decks.mkdir(parents=True, exist_ok=True)
    (svc.paths.decks / "de.md").write_text(text)


SHOWN_FIELDS = "**Example:** Der *Hund* bellt.\n\n**Notes:**\n\n  masculine\n\n  plural die Hunde"


def test_fields_are_stored_with_the_note(svc: Services) -> None:
    _write(svc, DECK)
    svc.sync.run()
    notes = svc.ctx.cards.notes()
    assert notes["hund0001"].fields == (
        ("Example", "Der *Hund* bellt."),
        ("Notes", "\n  masculine\n\n  plural die Hunde"),
        ("Empty", ""),
    )
    assert notes["berlin01"].fields == (("Source_book", "atlas"),)


def test_the_answer_side_shows_every_field_below_the_answer(svc: Services) -> None:
    _write(svc, DECK)
    svc.people.add("alice")
    svc.sync.run()
    session = svc.study("alice")
    shown = {}
    while (card := session.next_card()) is not None:
        shown[card.key] = (card.question, card.answer)
        session.answer(card.key, Rating.GOOD)
    assert shown == {
        "hund0001": ("der Hund", "the dog\n\n" + SHOWN_FIELDS),
        "berlin01:c1": (
            "Berlin is the [...].",
            "Berlin is the **capital**.\n\nsince 1990\n\n**Source\\_book:** atlas",
        ),
    }


def test_an_edited_field_is_an_edited_note(svc: Services) -> None:
    _write(svc, DECK)
    svc.sync.run()
    before = svc.ctx.cards.notes()["hund0001"].content_hash
    _write(svc, DECK.replace("bellt", "schläft"))
    svc.sync.run()
    after = svc.ctx.cards.notes()["hund0001"]
    assert after.fields[0] == ("Example", "Der *Hund* schläft.")
    assert after.content_hash != before


def test_a_reverse_card_shows_the_fields_below_its_answer(svc: Services) -> None:
    _write(svc, DECK)
    svc.sync.run()
    note = svc.ctx.cards.notes()["hund0001"]
    deck = svc.ctx.cards.decks()[0]
    card = render_card("hund0001:r", "r", note, deck)
    assert (card.question, card.answer) == ("the dog", "der Hund\n\n" + SHOWN_FIELDS)


def test_editing_a_card_keeps_its_fields(svc: Services) -> None:
    _write(svc, DECK)
    svc.sync.run()
    svc.authoring.edit_card("hund0001", CardDraft("basic", "der Hund", "the hound"))
    (card, _) = parse_deck((svc.paths.decks / "de.md").read_text()).cards
    assert card.answer == "the hound"
    assert card.fields == (
        ("Example", "Der *Hund* bellt."),
        ("Notes", "\n  masculine\n\n  plural die Hunde"),
        ("Empty", ""),
    )


def test_a_v6_database_gains_the_fields_column_and_keeps_its_notes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(1, 7):
        for step in MIGRATIONS[version]:
            conn.execute(step) if isinstance(step, str) else step(conn)
    conn.execute("PRAGMA user_version = 6")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    now = "2026-01-01T00:00:00.000000Z"
    conn.execute(
        "INSERT INTO decks (id, path, title, size, mtime_ns, sha256) "
        "VALUES (1, 'd.md', 'd', 120, 1767225600000000000, 'e3b0')"
    )
    conn.execute(
        "INSERT INTO notes (id, deck_id, kind, question, answer, content_hash, position, "
        "created_at, updated_at) VALUES ('hund0001', 1, 'basic', 'q', 'a', 'h', 0, ?, ?)",
        (now, now),
    )
    conn.close()
    store = Store(path)
    try:
        assert store.user_version() == LATEST_VERSION == 12
        note = CardsRepo(store.conn).notes()["hund0001"]
        assert (note.question, note.answer, note.fields) == ("q", "a", ())
        # read without fields before: the next sync reads the file again, whatever its stat
        stat = store.conn.execute("SELECT size, mtime_ns, sha256 FROM decks").fetchone()
        assert tuple(stat) == (None, None, None)
    finally:
        store.close()
