"""Provides surgical edits of deck text: new ids, a replaced, appended or removed card."""

from __future__ import annotations

from collections.abc import Set

from tandem.decks.derived_ids import derive_ids
from tandem.decks.lines import fence_step, is_blank, is_indented
from tandem.decks.model import Deck, DeckCard, NotesBlock
from tandem.decks.parser import parse_deck, parse_with_spans
from tandem.decks.scanner import Span
from tandem.decks.writer import render_card


def insert_missing_ids(
    text: str, deck: str, taken: Set[str] = frozenset()
) -> tuple[str, list[str]]:
    """Gives every card without an id its derived id, leaving every other byte as it was.

    A card without a meta line gets ``<!-- id: … -->`` on the line after it; a meta line
    without an id gets ``id: …`` as its first field. The ids are derived from ``deck`` and
    each card's text (``tandem.decks.derived_ids``), so every clone writes the same ones.

    Args:
        text: the deck file's text.
        deck: the file's path relative to the decks folder (``derived_ids.deck_key``).
        taken: ids used outside this file; the file's own ids are taken too.

    Returns:
        The new text and the new ids, in file order.

    Raises:
        DeckError: ``text`` is not a valid deck.
    """
    bom, body = _split_bom(text)
    parsed, spans = parse_with_spans(body)
    missing = [span for span in spans if span.id is None]
    if not missing:
        return text, []
    used = set(taken) | {span.id for span in spans if span.id is not None}
    fields = [(c.kind, c.question, c.answer) for c in parsed.cards if c.id is None]
    new_ids = derive_ids(deck, fields, used)
    lines = body.split("\n")
    for span, card_id in reversed(list(zip(missing, new_ids, strict=True))):
        if span.meta is None:
            lines.insert(span.end + 1, f"<!-- id: {card_id} -->")
        else:
            rest = lines[span.meta][4:].lstrip(" \t")
            lines[span.meta] = f"<!-- id: {card_id} · {rest}"
    assigned = iter(new_ids)
    expected = [
        block.model_copy(update={"id": next(assigned)})
        if isinstance(block, DeckCard) and block.id is None
        else block
        for block in parsed.blocks
    ]
    return _checked(bom, "\n".join(lines), expected), new_ids


def replace_card(text: str, card_id: str, new_card: DeckCard) -> str:
    """Replaces the lines of the card ``card_id`` (marker to meta line) with ``new_card``.

    Raises:
        KeyError: no card has that id.
        DeckError: ``text`` is not a valid deck, or the result would not be one.
        ValueError: the new card would change how the text around it reads.
    """
    bom, body, deck, index, span = _located(text, card_id)
    lines = body.split("\n")
    lines[span.start : span.end + 1] = render_card(new_card).split("\n")
    old = deck.cards[index]
    expected = [new_card if block is old else block for block in deck.blocks]
    return _checked(bom, "\n".join(lines), expected)


def remove_card(text: str, card_id: str) -> str:
    """Removes the lines of the card ``card_id`` (marker to meta line) and the blank line
    after them (before them, for the last card); every other byte stays.

    Raises:
        KeyError: no card has that id.
        DeckError: ``text`` is not a valid deck.
        ValueError: the removal would change how the text around the card reads (the
            notes before and after it would become one).
    """
    bom, body, deck, index, span = _located(text, card_id)
    lines = body.split("\n")
    start, end = span.start, span.end + 1
    if end < len(lines) and is_blank(lines[end]):
        end += 1
    elif start > 0 and is_blank(lines[start - 1]):
        start -= 1
    del lines[start:end]
    old = deck.cards[index]
    expected = [block for block in deck.blocks if block is not old]
    return _checked(bom, "\n".join(lines), expected)


def append_card(text: str, card: DeckCard) -> str:
    """Appends ``card`` at the end of the text, after one blank line.

    Raises:
        DeckError: ``text`` is not a valid deck, or the result would not be one.
    """
    bom, body = _split_bom(text)
    deck = parse_deck(body)
    if body and not body.endswith("\n"):
        body += "\n"
    if body and not body.endswith("\n\n"):
        body += "\n"
    return _checked(bom, body + render_card(card) + "\n", [*deck.blocks, card])


def continue_paragraphs(text: str) -> str:
    """Indents each line that starts a new paragraph, so the text stays one card's text.

    In a deck file a blank line followed by an unindented line ends the card; two spaces
    keep it going and change nothing in how the Markdown reads. Code fences are left alone.
    """
    lines, fence, previous = text.split("\n"), None, "x"
    for index, line in enumerate(lines):
        inside = fence is not None
        fence = fence_step(fence, line, index)
        if not inside and is_blank(previous) and not is_blank(line) and not is_indented(line):
            lines[index] = "  " + line
        previous = line
    return "\n".join(lines)


def _located(text: str, card_id: str) -> tuple[str, str, Deck, int, Span]:
    """(byte order mark, body, deck, the card's index, where it sits) of card ``card_id``.

    Raises:
        KeyError: no card has that id.
        DeckError: ``text`` is not a valid deck.
    """
    bom, body = _split_bom(text)
    deck, spans = parse_with_spans(body)
    index = next((i for i, span in enumerate(spans) if span.id == card_id), None)
    if index is None:
        raise KeyError(card_id)
    return bom, body, deck, index, spans[index]


def _split_bom(text: str) -> tuple[str, str]:
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)


def _checked(bom: str, body: str, expected: list[NotesBlock | DeckCard]) -> str:
    if parse_deck(body).blocks != expected:
        raise ValueError("the edit would change how the text around the card reads")
    return bom + body
