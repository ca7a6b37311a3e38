"""Provides note-id validation and the card keys a deck card yields."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem.decks.cloze import cloze_numbers
from tandem.models.card_key import REVERSE, CardKey
from tandem.models.ids import is_valid_id as _is_valid_model_id

if TYPE_CHECKING:
    from tandem.decks.model import DeckCard


def is_valid_id(value: str) -> bool:
    """Tells whether ``value`` can be a note id: 4-32 lower-case letters and digits."""
    # The regex behind tandem.models.ids uses ``$``, which also matches before a final "\n".
    return "\n" not in value and _is_valid_model_id(value)


def card_keys(card: DeckCard) -> list[str]:
    """Returns the keys of the cards a note yields: ``id``, ``id:r``, ``id:c1``, ….

    Raises:
        ValueError: the card has no id yet.
    """
    if card.id is None:
        raise ValueError("card has no id yet")
    return note_keys(card.id, card.kind, card.question, card.reverse)


def note_keys(note_id: str, kind: str, question: str, reverse: bool) -> list[str]:
    """Returns the card keys of a note given by its fields (see ``card_keys``)."""
    return [str(key) for key in note_card_keys(note_id, kind, question, reverse)]


def note_card_keys(note_id: str, kind: str, question: str, reverse: bool) -> list[CardKey]:
    """The keys of the cards of a note given by its fields, as values."""
    if kind == "cloze":
        return [CardKey.cloze(note_id, number) for number in cloze_numbers(question)]
    forward = CardKey(note_id)
    return [forward, CardKey(note_id, REVERSE)] if reverse else [forward]
