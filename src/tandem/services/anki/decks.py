"""Provides the deck-file side of an import: which file each Anki note goes to, and its text.

A note whose GUID is already in a deck file is updated in place, in that file, keeping its
id (and so its history). Other notes go to one file per Anki deck: ``A::B`` becomes
``a/b.md`` (titled ``A::B``) under the import folder. Nothing is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tandem.decks.check import MAX_BYTES
from tandem.decks.edit import append_card, replace_card
from tandem.decks.files import deck_target, read_regular
from tandem.decks.ids import card_keys, note_keys
from tandem.decks.lines import writable_text
from tandem.decks.model import Deck, DeckCard, FrontMatter
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError
from tandem.decks.writer import write_deck
from tandem.interop import ImportedNote, derived_guid_id
from tandem.interop.md_html import markdown_to_html
from tandem.models import BadInputError, new_id
from tandem.services.anki.index import Index, KnownCard, build_index
from tandem.services.context import Context


@dataclass
class Placed:
    """Where the notes of an import went: changed file texts, ids, counts."""

    texts: dict[str, str] = field(default_factory=dict)
    decks: dict[str, Deck] = field(default_factory=dict)  # the texts written whole from a Deck
    ids: dict[int, str] = field(default_factory=dict)  # index in the import -> note id
    keys: dict[int, list[str]] = field(default_factory=dict)  # index -> its card keys
    files: dict[int, str] = field(default_factory=dict)  # index -> deck file
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: dict[str, int] = field(default_factory=dict)


class DeckPlanner:
    """Places imported notes into deck files under ``into`` (relative to the decks folder)."""

    def __init__(self, ctx: Context, into: str, author: str | None) -> None:
        self.ctx, self.into, self.author = ctx, into, author
        self.root = ctx.paths.decks
        self._files: dict[str, str] = {}  # Anki deck name -> deck file

    def place(self, notes: list[ImportedNote]) -> Placed:
        """Works out every file's new text. Call inside ``store.write()``.

        Raises:
            BadInputError: when a deck file that must change is not valid.
        """
        index, placed = build_index(self.ctx), Placed()
        appends: dict[str, list[DeckCard]] = {}
        updates: dict[str, dict[str, DeckCard]] = {}
        titles: dict[str, str] = {}
        for number, note in enumerate(notes):
            _writable(note)
            where = index.found.get(note.guid) or index.by_id.get(derived_guid_id(note.guid) or "")
            if where is not None and note.keeps_fields:  # the source says nothing of them
                note.fields = list(where[1].fields)
            if where is not None and _unchanged(note, where[1]):
                _keep(placed, number, *where)
                continue
            card_id = where[1].id if where else index.retired.get(note.guid) or _fresh(index)
            assert card_id is not None
            card = self._card(note, card_id, where[1] if where else None, placed)
            if card is None:
                continue
            placed.ids[number], placed.keys[number] = card_id, card_keys(card)
            if where is None:
                rel = self._file_of(note.deck)
                titles.setdefault(rel, note.deck)
                appends.setdefault(rel, []).append(card)
                placed.added += 1
            else:
                rel = where[0]
                updates.setdefault(rel, {})[card_id] = card
                placed.updated += 1
            placed.files[number] = rel
        for rel in sorted({*appends, *updates}):
            text, deck = self._text(
                rel, titles.get(rel), appends.get(rel, []), updates.get(rel, {})
            )
            placed.texts[rel] = text
            if deck is not None:
                placed.decks[rel] = deck
        return placed

    def _card(
        self, note: ImportedNote, card_id: str, old: KnownCard | None, placed: Placed
    ) -> DeckCard | None:
        guid = old.guid if old else (note.guid or None)
        try:
            return DeckCard(
                kind=note.kind,
                question=note.question,
                answer=note.answer,
                fields=tuple(note.fields),
                id=card_id,
                by=old.by if old else self.author,
                tags=note.tags,
                reverse=note.reverse,
                guid=guid,
            )
        except ValidationError as error:
            reason = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
            key = f"notes tandem cannot write ({reason})"
            placed.refused[key] = placed.refused.get(key, 0) + 1
            return None

    def _file_of(self, deck: str) -> str:
        if deck not in self._files:
            parts = [_slug(part) for part in deck.split("::") if part.strip()] or ["default"]
            path = "/".join([*(p for p in self.into.split("/") if p), *parts]) + ".md"
            self._files[deck] = path
        return self._files[deck]

    def _text(
        self, rel: str, title: str | None, new: list[DeckCard], changed: dict[str, DeckCard]
    ) -> tuple[str, Deck | None]:
        """The file's new text, and the deck it was written from when it was written whole."""
        path = deck_target(self.root, rel)
        if not path.exists():
            front = FrontMatter(title=title) if title else None
            built = Deck(front=front, blocks=list(new))
            return write_deck(built), built
        try:
            text = read_regular(path, MAX_BYTES, rel).decode("utf-8")
            deck = parse_deck(text, rel)
            if write_deck(deck) == text:  # canonical: rebuild in one pass
                blocks = [
                    changed.get(b.id or "", b) if isinstance(b, DeckCard) else b
                    for b in deck.blocks
                ]
                built = Deck(front=deck.front, blocks=[*blocks, *new])
                return write_deck(built), built
            for card_id, card in changed.items():
                text = replace_card(text, card_id, card)
            for card in new:
                text = append_card(text, card)
            return text, None
        except (DeckError, UnicodeDecodeError, ValueError) as error:
            raise BadInputError(f"{rel}: cannot add the imported cards ({error})") from None


def _keep(placed: Placed, number: int, rel: str, old: KnownCard) -> None:
    """Counts a note that is the very card of a deck file: nothing to check or write."""
    assert old.id is not None
    placed.ids[number], placed.files[number] = old.id, rel
    placed.keys[number] = note_keys(old.id, old.kind, old.question, old.reverse)
    placed.unchanged += 1


def _writable(note: ImportedNote) -> None:
    """Makes the note's texts ones a deck file holds (other tools' Markdown may have a line
    that reads as a marker, or text after a blank line): read the same, written safely."""
    note.question, note.answer = writable_text(note.question), writable_text(note.answer)
    if note.fields:
        note.fields = [(name, writable_text(text)) for name, text in note.fields]


def _unchanged(note: ImportedNote, old: KnownCard) -> bool:
    """Whether ``note`` would make the card ``old`` (the same id, author and GUID): the same
    kind, tags, texts and extra fields, a text written differently but giving the same HTML
    counting as the same (``\\#`` in the middle of a line and ``#``, say: Anki holds only
    the HTML)."""
    return (
        _same_text(note.question, old.question)
        and _same_text(note.answer, old.answer)
        and len(note.fields) == len(old.fields)
        and all(
            name == old_name and _same_text(text, old_text)
            for (name, text), (old_name, old_text) in zip(note.fields, old.fields, strict=True)
        )
        and note.kind == old.kind
        and note.reverse == old.reverse
        and tuple(note.tags) == old.tags
    )


def _same_text(new: str, old: str) -> bool:
    return new == old or markdown_to_html(new) == markdown_to_html(old)


def _fresh(index: Index) -> str:
    while (candidate := new_id()) in index.taken:
        pass
    index.taken.add(candidate)
    return candidate


def _slug(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-_")
    return slug[:60].strip("-") or "deck"


def inside(root: Path, into: str | None) -> str:
    """``into`` as a folder relative to the decks folder ``root`` ('' for the folder itself).

    Raises:
        BadInputError: if it lies outside the decks folder.
    """
    if not into:
        return ""
    base = root.resolve()
    target = (base / into).resolve()
    if target != base and base not in target.parents:
        raise BadInputError(f"{into}: --into must be a folder inside the decks folder {root}")
    rel = target.relative_to(base).as_posix()
    return "" if rel == "." else rel
