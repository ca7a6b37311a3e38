"""Provides surgical edits of deck text: new ids, a replaced card, an appended card."""

from __future__ import annotations

from collections.abc import Callable

from tandem.decks.ids import is_valid_id
from tandem.decks.lines import fence_step, is_blank, is_indented
from tandem.decks.model import DeckCard, NotesBlock
from tandem.decks.parser import parse_deck, parse_with_spans
from tandem.decks.writer import render_card

_MAX_ATTEMPTS = 1000


def insert_missing_ids(text: str, new_id: Callable[[], str]) -> tuple[str, list[str]]:
    """Gives every card without an id a new one, leaving every other byte as it was.

    A card without a meta line gets ``<!-- id: … -->`` on the line after it; a meta line
    without an id gets ``id: …`` as its first field.

    Returns:
        The new text and the new ids, in file order.

    Raises:
        DeckError: ``text`` is not a valid deck.
    """
    bom, body = _split_bom(text)
    deck, spans = parse_with_spans(body)
    taken = {span.id for span in spans if span.id is not None}
    missing = [span for span in spans if span.id is None]
    if not missing:
        return text, []
    new_ids = [_fresh_id(new_id, taken) for _ in missing]
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
        for block in deck.blocks
    ]
    return _checked(bom, "\n".join(lines), expected), new_ids


def replace_card(text: str, card_id: str, new_card: DeckCard) -> str:
    """Replaces the lines of the card ``card_id`` (marker to meta line) with ``new_card``.

    Raises:
        KeyError: no card has that id.
        DeckError: ``text`` is not a valid deck, or the result would not be one.
        ValueError: the new card would change how the text around it reads.
    """
    bom, body = _split_bom(text)
    deck, spans = parse_with_spans(body)
    index = next((i for i, span in enumerate(spans) if span.id == card_id), None)
    if index is None:
        raise KeyError(card_id)
    span = spans[index]
    lines = body.split("\n")
    lines[span.start : span.end + 1] = render_card(new_card).split("\n")
    old = deck.cards[index]
    expected = [new_card if block is old else block for block in deck.blocks]
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


def _split_bom(text: str) -> tuple[str, str]:
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)


def _checked(bom: str, body: str, expected: list[NotesBlock | DeckCard]) -> str:
    if parse_deck(body).blocks != expected:
        raise ValueError("the edit would change how the text around the card reads")
    return bom + body


def _fresh_id(new_id: Callable[[], str], taken: set[str]) -> str:
    for _ in range(_MAX_ATTEMPTS):
        candidate = new_id()
        if not is_valid_id(candidate):
            raise ValueError(f"new_id returned an invalid id: {candidate!r}")
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise RuntimeError("new_id keeps returning ids that are already in use")
