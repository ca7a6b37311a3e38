"""Provides the rows of ``decks`` and ``notes``: their columns and how a row is decoded."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True, slots=True)
class DeckRow:
    """A deck file as last synced."""

    id: int
    path: str
    title: str
    date: str | None = None
    partners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    present: bool = True


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A note: one Q/A or cloze entry of a deck file, which makes one or more cards."""

    id: str
    deck_id: int
    kind: str
    question: str
    answer: str
    author: str | None
    content_hash: str
    position: int
    tags: tuple[str, ...] = field(default_factory=tuple)
    reverse: bool = False
    guid: str | None = None
    retired: bool = False
    fields: tuple[tuple[str, str], ...] = ()
    """The note's extra fields (``F: Name: text``), ``(name, text)`` in file order."""


DECK_COLUMNS = "id, path, title, date, partners, tags, size, mtime_ns, sha256, present"
NOTE_COLUMNS = (
    "id, deck_id, kind, question, answer, author, content_hash, position, tags, reverse, guid, "
    "retired, fields"
)


SOURCE_COLUMNS = (
    "c.variant, "
    + ", ".join(f"n.{c}" for c in NOTE_COLUMNS.split(", "))
    + ", "
    + ", ".join(f"d.{c}" for c in DECK_COLUMNS.split(", "))
)
"""A card's source, from ``cards c`` joined with SOURCE_JOINS: variant, note and deck."""
SOURCE_JOINS = "JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = n.deck_id"


def _json_tuple(text: object) -> tuple[str, ...]:
    return () if text == "[]" else tuple(json.loads(str(text)))


@lru_cache(maxsize=1024)
def _cached_deck(values: tuple[object, ...]) -> DeckRow:
    """Decodes a deck row; decks repeat card after card in a queue read, so it is cached."""
    return decode_deck(values)


def decode_deck(values: Sequence[Any]) -> DeckRow:
    did, path, title, date, partners, tags, size, mtime, sha, present = values
    return DeckRow(
        id=int(did),
        path=str(path),
        title=str(title),
        date=date if date is None else str(date),
        partners=_json_tuple(partners),
        tags=_json_tuple(tags),
        size=size,
        mtime_ns=mtime,
        sha256=sha,
        present=bool(present),
    )


def fields_json(fields: tuple[tuple[str, str], ...]) -> str:
    """The ``notes.fields`` column of a note's extra fields."""
    return json.dumps([list(pair) for pair in fields]) if fields else "[]"


def fields_text(fields: tuple[tuple[str, str], ...]) -> str:
    """The ``notes.fields_text`` column: the extra fields' texts, one after another, as the
    search index reads them."""
    return "\n".join(text for _, text in fields)


def _fields(text: object) -> tuple[tuple[str, str], ...]:
    if text == "[]":
        return ()
    return tuple((str(name), str(value)) for name, value in json.loads(str(text)))


def decode_note(values: Sequence[Any]) -> NoteRow:
    nid, deck_id, kind, q, a, author, chash, position, tags, reverse, guid, retired, extra = values
    return NoteRow(
        id=str(nid),
        deck_id=int(deck_id),
        kind=str(kind),
        question=str(q),
        answer=str(a),
        author=author if author is None else str(author),
        content_hash=str(chash),
        position=int(position),
        tags=_json_tuple(tags),
        reverse=bool(reverse),
        guid=guid if guid is None else str(guid),
        retired=bool(retired),
        fields=_fields(extra),
    )


_NOTE_WIDTH = len(NOTE_COLUMNS.split(", "))


def card_source(values: Sequence[object]) -> tuple[str, NoteRow, DeckRow]:
    """Decodes SOURCE_COLUMNS: the card's variant, its note and its deck."""
    deck = tuple(values[_NOTE_WIDTH + 1 : _NOTE_WIDTH + 11])
    return str(values[0]), decode_note(values[1 : _NOTE_WIDTH + 1]), _cached_deck(deck)
