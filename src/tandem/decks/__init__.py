"""Provides the deck-file layer: parsing, checking, formatting and editing ``*.md`` decks.

Names are imported on first use: the deck models load pydantic, which a review's first card
does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.models.lazy import lazy_attributes

if TYPE_CHECKING:
    from tandem.decks.check import MAX_BYTES, check_files, check_text, read_deck
    from tandem.decks.cloze import cloze_numbers, render_cloze
    from tandem.decks.edit import append_card, continue_paragraphs, insert_missing_ids, replace_card
    from tandem.decks.ids import card_keys, is_valid_id, note_keys
    from tandem.decks.model import Deck, DeckCard, FrontMatter, NotesBlock
    from tandem.decks.parser import parse_deck
    from tandem.decks.problems import DeckError, Problem
    from tandem.decks.writer import format_text, render_card, write_deck

__getattr__ = lazy_attributes(
    __name__,
    {
        **dict.fromkeys(
            ("MAX_BYTES", "check_files", "check_text", "read_deck"), "tandem.decks.check"
        ),
        **dict.fromkeys(("cloze_numbers", "render_cloze"), "tandem.decks.cloze"),
        **dict.fromkeys(
            ("append_card", "continue_paragraphs", "insert_missing_ids", "replace_card"),
            "tandem.decks.edit",
        ),
        **dict.fromkeys(("card_keys", "is_valid_id", "note_keys"), "tandem.decks.ids"),
        **dict.fromkeys(("Deck", "DeckCard", "FrontMatter", "NotesBlock"), "tandem.decks.model"),
        **dict.fromkeys(("parse_deck",), "tandem.decks.parser"),
        **dict.fromkeys(("DeckError", "Problem"), "tandem.decks.problems"),
        **dict.fromkeys(("format_text", "render_card", "write_deck"), "tandem.decks.writer"),
    },
)

__all__ = [
    "Deck",
    "DeckCard",
    "DeckError",
    "FrontMatter",
    "MAX_BYTES",
    "NotesBlock",
    "Problem",
    "append_card",
    "card_keys",
    "check_files",
    "check_text",
    "cloze_numbers",
    "continue_paragraphs",
    "format_text",
    "insert_missing_ids",
    "is_valid_id",
    "note_keys",
    "parse_deck",
    "read_deck",
    "render_card",
    "render_cloze",
    "replace_card",
    "write_deck",
]
