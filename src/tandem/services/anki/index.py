"""Provides the index an import places notes with: every note already in a deck file.

A deck file whose bytes hash to what the last sync recorded is not parsed again: its notes
in the database are exactly its cards (only a sync writes notes, all of a file's at once,
and it records the file's hash with them), the same trust ``Sync`` itself places in that
hash. Other files are parsed; an invalid one is left out (the import reports it if it must
change that file).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from tandem.decks.files import list_deck_files
from tandem.decks.model import DeckCard
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError
from tandem.services.context import Context
from tandem.storage.note_rows import NoteRow


class KnownCard(NamedTuple):
    """A card of a deck file, as ``DeckCard.content()`` gives it (so the two compare equal)."""

    kind: str
    question: str
    answer: str
    fields: tuple[tuple[str, str], ...]
    id: str | None
    by: str | None
    tags: tuple[str, ...]
    reverse: bool
    guid: str | None

    @classmethod
    def of_card(cls, card: DeckCard) -> KnownCard:
        """The content of a parsed card."""
        return cls._make(card.content())

    @classmethod
    def of_note(cls, note: NoteRow) -> KnownCard:
        """The content of the card a synced note came from."""
        return cls(note.kind, note.question, note.answer, note.fields, note.id, note.author,
                   note.tags, note.reverse, note.guid)  # fmt: skip


@dataclass
class Index:
    """The notes in deck files, by GUID and by id, and the ids that are taken."""

    found: dict[str, tuple[str, KnownCard]]  # guid -> (file, card)
    by_id: dict[str, tuple[str, KnownCard]]
    retired: dict[str, str]  # guid -> note id of a note no longer in any file
    taken: set[str]


def build_index(ctx: Context) -> Index:
    """Indexes the deck files under the decks folder (call inside ``store.write()``)."""
    notes = ctx.cards.notes()
    index = Index({}, {}, {}, set(notes))
    synced = {deck.path: deck for deck in ctx.cards.decks() if deck.present}
    by_deck: dict[int, list[NoteRow]] = {}
    for note in notes.values():
        if not note.retired:
            by_deck.setdefault(note.deck_id, []).append(note)
    for deck_file in list_deck_files(ctx.paths.decks):
        data = deck_file.read()  # also hashes the bytes
        row = synced.get(deck_file.rel)
        if row is not None and row.sha256 is not None and row.sha256 == deck_file.sha256:
            in_file = sorted(by_deck.get(row.id, []), key=attrgetter("position"))
            cards = [KnownCard.of_note(note) for note in in_file]
        else:
            try:
                deck = parse_deck(data.decode("utf-8"), deck_file.rel)
            except (DeckError, UnicodeDecodeError):
                continue  # an invalid file is reported if the import must change it
            cards = [KnownCard.of_card(card) for card in deck.cards]
        for card in cards:
            if card.id:
                index.taken.add(card.id)
                index.by_id[card.id] = (deck_file.rel, card)
                if card.guid:
                    index.found.setdefault(card.guid, (deck_file.rel, card))
    for note in notes.values():
        if note.guid and note.id not in index.by_id:
            index.retired.setdefault(note.guid, note.id)
    return index
