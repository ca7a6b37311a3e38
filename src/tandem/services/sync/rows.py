"""Provides the rows a sync writes for a deck file and its cards."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from json.encoder import encode_basestring_ascii as _quote  # json.dumps of a str
from pathlib import Path

from tandem.decks.files import DeckFile
from tandem.decks.ids import note_card_keys
from tandem.decks.model import DeckCard, FrontMatter
from tandem.storage.note_rows import DeckRow, NoteRow


def card_variants(card: DeckCard, card_id: str | None = None) -> list[str]:
    """The variant of each of the note's cards: ``""``, ``"r"``, ``"c2"``…"""
    card_id = card_id or card.id
    assert card_id is not None
    keys = note_card_keys(card_id, card.kind, card.question, card.reverse)
    return [key.variant for key in keys]


def note_row(card: DeckCard, deck_id: int, position: int, card_id: str | None = None) -> NoteRow:
    """The ``notes`` row of ``card``, the ``position``-th card of deck ``deck_id``, with the
    id ``card_id`` (written into its file after it was read) or its own."""
    card_id = card_id or card.id
    assert card_id is not None
    # json.dumps([kind, question, answer, by, sorted(tags), reverse, guid(, fields)]),
    # written out here: json.dumps makes an encoder a call, which costs more than the
    # encoding. Extra fields join only when there are some: other notes keep their hash.
    content = (
        f"[{_quote(card.kind)}, {_quote(card.question)}, {_quote(card.answer)}, "
        f"{_json_text(card.by)}, {_tags_json(tuple(card.tags))}, "
        f"{'true' if card.reverse else 'false'}, {_json_text(card.guid)}"
        + (f", {json.dumps([list(pair) for pair in card.fields])}]" if card.fields else "]")
    )
    return NoteRow(
        id=card_id,
        deck_id=deck_id,
        kind=card.kind,
        question=card.question,
        answer=card.answer,
        author=card.by,
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
        position=position,
        tags=tuple(card.tags),
        reverse=card.reverse,
        guid=card.guid,
        fields=card.fields,
    )


def _json_text(value: str | None) -> str:
    return "null" if value is None else _quote(value)


@lru_cache(maxsize=1024)  # notes share a few sets of tags
def _tags_json(tags: tuple[str, ...]) -> str:
    return json.dumps(sorted(tags))


def deck_row(deck_file: DeckFile, front: FrontMatter | None) -> DeckRow:
    """The ``decks`` row of a parsed deck file, from its front matter (its id is given when
    it is saved)."""
    title = (front.title if front else None) or Path(deck_file.rel).stem
    return DeckRow(
        id=0,
        path=deck_file.rel,
        title=title,
        date=str(front.date) if front and front.date else None,
        partners=tuple(front.partners) if front else (),
        tags=tuple(front.tags) if front else (),
        size=deck_file.size,
        mtime_ns=deck_file.mtime_ns,
        sha256=deck_file.sha256,
    )
