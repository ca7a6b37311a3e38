"""Provides the canonical text of decks and cards, and ``tandem fmt``'s ``format_text``."""

from __future__ import annotations

from tandem.decks.frontmatter import render_front
from tandem.decks.meta import meta_line
from tandem.decks.model import Deck, DeckCard, NotesBlock
from tandem.decks.parser import parse_deck


def write_deck(deck: Deck) -> str:
    """Returns the canonical text of ``deck``: LF line ends, one blank line between blocks."""
    parts = [] if deck.front is None else [render_front(deck.front)]
    parts.extend(render_block(block) for block in deck.blocks)
    return "\n\n".join(parts) + "\n" if parts else ""


def render_block(block: NotesBlock | DeckCard) -> str:
    """Returns the canonical text of one block, without a final newline."""
    return block.text if isinstance(block, NotesBlock) else render_card(block)


def render_card(card: DeckCard) -> str:
    """Returns the canonical lines of a card (marker lines, extra fields, then the meta line
    if any)."""
    lines = [_marker("Q:" if card.kind == "basic" else "C:", card.question)]
    if card.kind == "basic" or card.answer:
        lines.append(_marker("A:", card.answer))
    lines.extend(_marker("F:", f"{name}:" + _spaced(text)) for name, text in card.fields)
    meta = meta_line(card.id, card.by, card.tags, card.reverse, card.guid)
    if meta is not None:
        lines.append(meta)
    return "\n".join(lines)


def _marker(marker: str, text: str) -> str:
    return f"{marker} {text}" if text[:1] not in ("", "\n") else marker + text


def _spaced(text: str) -> str:
    return f" {text}" if text[:1] not in ("", "\n") else text


def format_text(text: str, path: str = "<deck>") -> str:
    """Returns the canonical form of a deck file's text (``tandem fmt``).

    A BOM is dropped and CRLF line ends become LF before the text is parsed.

    Raises:
        DeckError: the text is not a valid deck.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return write_deck(parse_deck(text, path))
