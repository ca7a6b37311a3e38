"""The import finds the notes already in deck files: from the database for files the last sync
recorded, by parsing any other (edited since, never synced). Either way, the same placement."""

from __future__ import annotations

import pytest

from tandem.decks.model import Deck, DeckCard
from tandem.decks.parser import parse_deck
from tandem.services import Services
from tandem.services.anki import index as anki_index
from tandem.services.anki.index import KnownCard, build_index
from tests.interop.conftest import VOCAB

VOCAB_FILE = "languages/spanish-vocab.md"


def _imported(svc: Services) -> Services:
    svc.people.add("alice")
    svc.importer.run(VOCAB, person="alice")
    return svc


def _no_parse(text: str, path: str) -> Deck:
    raise AssertionError(f"{path} parsed again")


def _parsed_index(svc: Services) -> dict[str, tuple[str, KnownCard]]:
    """What parsing every deck file finds, by id."""
    found = {}
    for path in sorted(svc.paths.decks.rglob("*.md")):
        rel = path.relative_to(svc.paths.decks).as_posix()
        for card in parse_deck(path.read_text(), rel).cards:
            assert card.id is not None
            found[card.id] = (rel, KnownCard.of_card(card))
    return found


def test_a_synced_file_is_read_from_the_database_as_parsing_would_read_it(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _imported(svc)
    expected = _parsed_index(svc)
    monkeypatch.setattr(anki_index, "parse_deck", _no_parse)
    with svc.ctx.store.write():
        index = build_index(svc.ctx)
    assert index.by_id == expected
    assert len(index.found) == len(index.by_id) == 30
    assert index.taken == set(index.by_id)


def _edit_first_answer(svc: Services) -> tuple[str, DeckCard]:
    """Imports the vocabulary, then edits its first answer by hand; returns the file's text
    before the edit and the first card."""
    _imported(svc)
    path = svc.paths.decks / VOCAB_FILE
    text = path.read_text()
    first = parse_deck(text, VOCAB_FILE).cards[0]
    path.write_text(text.replace(f"A: {first.answer}\n", "A: edited by hand\n", 1))
    return text, first


def test_a_file_edited_since_the_sync_is_parsed(svc: Services) -> None:
    _, first = _edit_first_answer(svc)
    with svc.ctx.store.write():
        index = build_index(svc.ctx)
    assert first.id is not None
    assert index.by_id[first.id][1].answer == "edited by hand"
    assert index.by_id == _parsed_index(svc)


def test_reimport_restores_a_card_edited_by_hand_and_keeps_the_rest(svc: Services) -> None:
    text, _ = _edit_first_answer(svc)
    again = svc.importer.run(VOCAB, person="alice")
    assert (again.added, again.updated, again.unchanged) == (0, 1, 29)
    assert (svc.paths.decks / VOCAB_FILE).read_text() == text
    assert again.cards == 60
