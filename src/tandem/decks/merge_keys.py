"""Provides the keys a deck merge matches blocks by, across base, ours and theirs.

A card with an id is keyed by its id. A card without one (hand-written, not yet given an
id) is keyed by its exact text and how many cards with that text come before it. A notes
block is keyed by the card before it (or by the start of the file). When one side gave an
id to a card that is still without one in base, the card is matched by its text without
the id, so "one side wrote ids" merges with "the other side left the card alone"; when
both sides gave it different ids, the two cards clash.
"""

from __future__ import annotations

from collections import Counter

from tandem.decks.model import Deck, DeckCard, NotesBlock
from tandem.decks.writer import render_card

Key = tuple[str, ...]
Block = NotesBlock | DeckCard
Renames = dict[Key, Key]

_LEAD: Key = ("notes",)


def keyed_versions(base: Deck, ours: Deck, theirs: Deck) -> list[list[tuple[Key, Block]]]:
    """The three versions' blocks with their merge keys, matched across versions."""
    renames = id_renames(base, ours, theirs)
    keyed = [
        rekeyed(keyed_blocks(d), r) for d, r in zip((base, ours, theirs), renames, strict=True)
    ]
    for side in (1, 2):
        moved = moved_notes(keyed[0], keyed[side])
        keyed[side] = [(moved.get(key, key), block) for key, block in keyed[side]]
    return keyed


def keyed_blocks(deck: Deck) -> list[tuple[Key, Block]]:
    """The deck's blocks with their merge keys, in file order."""
    seen: Counter[str] = Counter()
    keyed: list[tuple[Key, Block]] = []
    previous: Key = ()
    for block in deck.blocks:
        if isinstance(block, NotesBlock):
            keyed.append((("notes", *previous), block))
            continue
        previous = card_key(block, seen)
        keyed.append((previous, block))
    return keyed


def card_key(card: DeckCard, seen: Counter[str]) -> Key:
    """A card's own key: its id, or its text and the count of same-text cards before it."""
    if card.id is not None:
        return ("id", card.id)
    text = render_card(card)
    seen[text] += 1
    return ("text", text, str(seen[text]))


def id_renames(base: Deck, ours: Deck, theirs: Deck) -> tuple[Renames, Renames, Renames]:
    """Matches base's cards without id to the ids a side gave them (see the module doc)."""
    base_ids = {card.id for card in base.cards if card.id is not None}
    sides = (ours, theirs)
    offers = [_new_ids_by_text(side, base_ids) for side in sides]
    side_ids = [{card.id for card in side.cards} for side in sides]
    renames: tuple[Renames, Renames, Renames] = ({}, {}, {})
    seen: Counter[str] = Counter()
    for card in base.cards:
        if card.id is not None:
            continue
        text_key = card_key(card, seen)
        found = [_take(offer, text_key[1]) for offer in offers]
        if found[0] is not None and found[1] is not None and found[0] != found[1]:
            clash: Key = ("clash", *text_key[1:])
            renames[0][text_key] = clash
            renames[1][("id", found[0])] = clash
            renames[2][("id", found[1])] = clash
        elif found[0] is not None or found[1] is not None:
            new_id = found[0] or found[1] or ""
            renames[0][text_key] = ("id", new_id)
            for side in (0, 1):  # the side still without the id: its card is that card
                if found[side] is None and new_id not in side_ids[side]:
                    renames[side + 1][text_key] = ("id", new_id)
    return renames


def _new_ids_by_text(deck: Deck, base_ids: set[str]) -> dict[str, list[str]]:
    """The ids base does not know, by the text of their card without the id."""
    offers: dict[str, list[str]] = {}
    for card in deck.cards:
        if card.id is not None and card.id not in base_ids:
            text = render_card(card.model_copy(update={"id": None}))
            offers.setdefault(text, []).append(card.id)
    return offers


def _take(offer: dict[str, list[str]], text: str) -> str | None:
    ids = offer.get(text)
    return ids.pop(0) if ids else None


def rekeyed(keyed: list[tuple[Key, Block]], renames: Renames) -> list[tuple[Key, Block]]:
    """``keyed`` with cards' keys renamed; notes follow the renamed key of their card."""
    out: list[tuple[Key, Block]] = []
    for key, block in keyed:
        if key[0] == "notes" and key != _LEAD:
            card = key[1:]
            out.append((("notes", *renames.get(card, card)), block))
        else:
            out.append((renames.get(key, key), block))
    return out


def moved_notes(base: list[tuple[Key, Block]], side: list[tuple[Key, Block]]) -> Renames:
    """Notes a side kept word for word under another card (a card was put in before them)
    keep their base key, so two sides that each put a card there do not copy them."""
    keys = {key for key, _ in side}
    lost: dict[str, list[Key]] = {}
    for key, block in base:
        if isinstance(block, NotesBlock) and key not in keys:
            lost.setdefault(block.text, []).append(key)
    renames: Renames = {}
    base_keys = {key for key, _ in base}
    for key, block in side:
        if isinstance(block, NotesBlock) and key not in base_keys and lost.get(block.text):
            renames[key] = lost[block.text].pop(0)
    return renames


def describe(key: Key) -> str:
    """A key in words, for the list of conflicts."""
    if key[0] == "notes":
        return "notes before the first card" if key == _LEAD else f"notes after {describe(key[1:])}"
    if key[0] == "id":
        return f"card {key[1]}"
    first = key[1].split("\n", 1)[0]
    return f"card without id {first[:40]!r}"
