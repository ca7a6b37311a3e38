"""Provides surgical edits of deck text: new ids, a replaced, appended or removed card."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from tandem.decks.derived_ids import IdDeriver
from tandem.decks.lines import TextLines, fence_step, is_blank, is_indented
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
    if all(span.id is not None for span in spans):
        return text, []
    used = set(taken)
    written = ids_written(text, parsed, spans, deck, used)
    _checked(bom, written.text.removeprefix(bom), deck_with_ids(parsed, written.cards).blocks)
    return written.text, written.new_ids


@dataclass(frozen=True, slots=True)
class IdsWritten:
    """A deck's text with the ids of its new cards, and where its cards are in it."""

    text: str
    new_ids: list[str]
    """The new ids, in file order."""
    cards: list[tuple[str, int]]
    """Each card's id and the line (1-based) of its marker in ``text``, in file order."""


def ids_written(
    text: str, parsed: Deck, spans: Sequence[Span], deck: str, taken: set[str]
) -> IdsWritten:
    """``insert_missing_ids`` of a text already parsed, without parsing it again: the same
    new text and ids, and each card's id and line in the new text.

    Writing an id changes nothing else in how a valid deck reads: a new meta line holds only
    the id, right under the card's last line, where nothing but a meta line could be read
    as the card's; an id put first in a meta line leaves its other fields as they were
    (``tests/decks/test_ids_written.py`` compares both with a parse of the new text).

    Args:
        text: the deck file's text.
        parsed: what ``text`` reads as (``parse_with_spans``).
        spans: where each card sits, as ``parse_with_spans`` gives them.
        deck: the file's path relative to the decks folder (``derived_ids.deck_key``).
        taken: ids in use; the file's own ids and the new ones are added to it.

    Raises:
        ValueError: ``spans`` are not those of ``parsed``'s cards.
    """
    cards = parsed.cards
    if len(cards) != len(spans):
        raise ValueError("the spans are not those of the deck's cards")
    taken.update(span.id for span in spans if span.id is not None)
    placer = IdPlacer(deck, taken)
    placed = [placer.place(card, span) for card, span in zip(cards, spans, strict=True)]
    return IdsWritten(placer.text(text), placer.new_ids, placed)


class IdPlacer:
    """``ids_written`` for cards read one at a time (``parser.stream_placed_cards``): each
    card gets its id and new line as it comes, the new text once all have come.

    ``taken`` must hold the file's own ids before the first card comes (a card further on
    may have the id an earlier one would be given); the new ids are added to it.
    """

    def __init__(self, deck: str, taken: set[str]) -> None:
        self.deriver = IdDeriver(deck, taken)
        self.new_ids: list[str] = []
        self.missing: list[tuple[Span, str]] = []
        """The cards without an id, where they sit, and their new id."""
        self.added = 0
        """Meta lines put in so far: the next card is that many lines further down."""

    def place(self, card: DeckCard, span: Span) -> tuple[str, int]:
        """The id of the card at ``span`` (its own, or its new id) and its new line."""
        line = span.start + 1 + self.added
        if span.id is not None:
            return span.id, line
        card_id = self.deriver.next_id(card.kind, card.question, card.answer)
        self.new_ids.append(card_id)
        self.missing.append((span, card_id))
        self.added += span.meta is None
        return card_id, line

    def text(self, text: str) -> str:
        """``text`` (the file the cards came from) with the new ids, every other byte kept:
        a meta line ``<!-- id: … -->`` under each card that had none, and ``id: …`` first
        in the meta lines of the others."""
        if not self.missing:
            return text
        bom, body = _split_bom(text)
        lines = TextLines(body)
        parts: list[str] = [bom]
        done = 0
        for span, card_id in self.missing:
            if span.meta is None:
                cut = lines.end(span.end)
                parts += [body[done:cut], f"\n<!-- id: {card_id} -->"]
                done = cut
            else:
                start, end = lines.start(span.meta), lines.end(span.meta)
                inner = body[start + 4 : end]
                rest = inner.lstrip(" \t")
                space = inner[: len(inner) - len(rest)] or " "
                parts += [body[done:start], f"<!--{space}id: {card_id} · {rest}"]
                done = end
        parts.append(body[done:])
        return "".join(parts)


def deck_with_ids(parsed: Deck, cards: Sequence[tuple[str, int]]) -> Deck:
    """``parsed`` with each card's id and line as ``cards`` gives them (``IdsWritten.cards``),
    the deck its text with the ids reads as."""
    if len(parsed.cards) != len(cards):
        raise ValueError("not one id and line for each card")
    placed = iter(cards)
    blocks: list[NotesBlock | DeckCard] = []
    for block in parsed.blocks:
        if isinstance(block, DeckCard):
            card_id, line = next(placed)
            block = block.placed(line, card_id)
        blocks.append(block)
    # Valid as the deck it came from was: ids only added, all different (derived apart
    # from every id taken), and a card with a meta line allows more after it, not less.
    return Deck.model_construct(front=parsed.front, blocks=blocks)


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
