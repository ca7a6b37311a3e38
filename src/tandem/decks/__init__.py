"""Provides the deck-file layer: parsing, checking, formatting and editing ``*.md`` decks."""

from tandem.decks.check import MAX_BYTES, check_files, check_text
from tandem.decks.cloze import cloze_numbers, render_cloze
from tandem.decks.edit import (
    append_card,
    continue_paragraphs,
    insert_missing_ids,
    replace_card,
)
from tandem.decks.ids import card_keys, is_valid_id
from tandem.decks.model import Deck, DeckCard, FrontMatter, NotesBlock
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError, Problem
from tandem.decks.writer import format_text, render_card, write_deck

__all__ = [
    "MAX_BYTES",
    "Deck",
    "DeckCard",
    "DeckError",
    "FrontMatter",
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
    "parse_deck",
    "render_card",
    "render_cloze",
    "replace_card",
    "write_deck",
]
