"""Provides derived note ids: ids two people agree on without talking.

A new card's id is a hash of what everyone who holds the same commit sees: the deck file's
path inside the decks folder and the card's text (kind, question, answer) as it is read when
the card first gets an id. Two clones that give ids to the same file therefore write the
same lines, and git merges identical changes cleanly. An id is derived only once: after
that it is read from the file, so later edits of the card never change it.

The rule (docs/deck-format.md, "Ids and git"): SHA-256 of the UTF-8 fields joined by NUL,
``tandem-note-id/1``, the path (POSIX, NFC), the kind, the question, the answer and an
attempt number (decimal, 0 first); the first 40 bits, 5 bits a character, most significant
first, in Crockford base32. An id already taken (in another file, earlier in this file, or
by a card given an id before it in the same run) makes the next attempt count.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

from tandem.models.ids import ID_ALPHABET

_SALT = "tandem-note-id/1"
_SHIFTS = range(35, -1, -5)
"""Eight characters of five bits: the first 40 bits of the hash, as ``new_id`` makes 8."""
_MAX_ATTEMPTS = 10_000
"""Far more than any card needs: each attempt collides with a taken id at odds of
(ids taken) / 2^40 (a card's search starts after the attempts of the same text before it)."""


def deck_key(rel: str | PurePath) -> str:
    """The path that names a deck in the derivation: relative to the decks folder, with
    ``/`` between parts, in Unicode NFC (macOS may hand out decomposed names)."""
    text = rel.as_posix() if isinstance(rel, PurePath) else rel.replace("\\", "/")
    return unicodedata.normalize("NFC", text.removeprefix("./"))


def candidate_id(deck: str, kind: str, question: str, answer: str, attempt: int = 0) -> str:
    """The id a card's text gives at ``attempt`` (0, then 1, ... while ids are taken).

    Args:
        deck: the deck's path as ``deck_key`` gives it.
        kind: ``basic`` or ``cloze``.
        question: the question (a cloze: its text), verbatim.
        answer: the answer (a cloze: its back extra), verbatim.
        attempt: how many ids this card's text gave that were already taken.
    """
    # Deck text holds no control characters and paths no NUL, so NUL keeps fields apart.
    fields = (_SALT, deck, kind, question, answer, str(attempt))
    digest = hashlib.sha256("\0".join(fields).encode("utf-8")).digest()
    number = int.from_bytes(digest[:5])
    return "".join(ID_ALPHABET[number >> shift & 31] for shift in _SHIFTS)


def derive_ids(deck: str, cards: Iterable[tuple[str, str, str]], taken: set[str]) -> list[str]:
    """Gives each card, in file order, the first id its text yields that is not taken.

    Args:
        deck: the deck's path as ``deck_key`` gives it.
        cards: (kind, question, answer) of the cards that have no id yet, in file order.
        taken: ids in use; each new id is added to it, so two identical cards in one
            deck get different ids (the first in the file the first attempt's).

    Returns:
        The new ids, one per card, in order.
    """
    deriver = IdDeriver(deck, taken)
    return [deriver.next_id(kind, question, answer) for kind, question, answer in cards]


class IdDeriver:
    """``derive_ids`` one card at a time, for cards read one at a time."""

    def __init__(self, deck: str, taken: set[str]) -> None:
        self.deck = deck
        self.taken = taken
        # A text given an id past attempt 0 starts the next card of the same text after
        # it: every attempt before was taken then and still is, so the ids are the ones a
        # search from 0 finds, and a deck of 900,000 identical cards costs 900,000 hashes,
        # not 4e11.
        self.resume: dict[tuple[str, str, str], int] = {}

    def next_id(self, kind: str, question: str, answer: str) -> str:
        """The id of the next card without one (``derive_ids``); it is taken from now on."""
        first = self.resume.get((kind, question, answer), 0)
        for attempt in range(first, first + _MAX_ATTEMPTS):
            card_id = candidate_id(self.deck, kind, question, answer, attempt)
            if card_id not in self.taken:
                break
        else:  # pragma: no cover - 10,000 collisions in a row: a broken taken set
            raise RuntimeError(f"{self.deck}: no free id after {_MAX_ATTEMPTS} attempts")
        if attempt:
            self.resume[kind, question, answer] = attempt + 1
        self.taken.add(card_id)
        return card_id
