"""Provides ``CardKey``: which card of which note, and its text form (``k7q2m9x4:r``).

A note yields one card (its id is the key), two with ``reverse`` (``id`` and ``id:r``), or one
per cloze number (``id:c1``, ``id:c2``…). This module is the one place a key is built or read.
"""

from __future__ import annotations

from dataclasses import dataclass

FORWARD = ""
REVERSE = "r"


@dataclass(frozen=True, slots=True)
class CardKey:
    """A card of a note: the note's id and the variant (``""``, ``"r"``, ``"c2"``)."""

    note: str
    variant: str = FORWARD

    @classmethod
    def parse(cls, key: str) -> CardKey:
        """The key written as text: ``k7q2m9x4``, ``k7q2m9x4:r``, ``k7q2m9x4:c2``."""
        note, _, variant = key.partition(":")
        return cls(note, variant)

    @classmethod
    def cloze(cls, note: str, number: int) -> CardKey:
        """The card of cloze ``number`` (1, 2, …) of ``note``."""
        return cls(note, cloze_variant(number))

    def __str__(self) -> str:
        return f"{self.note}:{self.variant}" if self.variant else self.note

    @property
    def is_reverse(self) -> bool:
        """The card asks the note's answer and expects its question."""
        return self.variant == REVERSE

    @property
    def cloze_number(self) -> int | None:
        """The cloze this card hides (``c2`` -> 2), or ``None`` for a basic card."""
        return int(self.variant[1:]) if self.variant.startswith("c") else None

    @property
    def template_index(self) -> int:
        """The card's place among its note's cards as Anki numbers them (its ``ord``):
        forward 0, reverse 1, cloze n is n - 1."""
        number = self.cloze_number
        return number - 1 if number is not None else int(self.is_reverse)


def cloze_variant(number: int) -> str:
    """The variant of the card of cloze ``number`` (2 -> ``c2``)."""
    return f"c{number}"


def note_id_of(key: str) -> str:
    """The note id of a card key (``k7q2m9x4:r`` -> ``k7q2m9x4``)."""
    return CardKey.parse(key).note
