"""Provides the card-by-card three-way merge of deck files (``tandem merge-file``).

Cards are matched by id (cards without one by their text), notes by the card before them,
front-matter keys by name; each is merged on its own. Ours' order is kept and theirs' new
cards go after the card that comes before them in theirs. Only a card, notes block or
front-matter key that both sides changed differently is written between conflict markers.
docs/merge.md has the rules. Pure: text in, text out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tandem.decks.merge_front import conflict_lines, front_lines, merge_front
from tandem.decks.merge_keys import Block, Key, describe, keyed_versions
from tandem.decks.merge_seq import Clash, merge_keyed
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError
from tandem.decks.writer import format_text, render_block

LABELS = ("ours", "theirs")


@dataclass(frozen=True)
class Conflict:
    """A part both sides changed differently: where its markers start, and what it is."""

    line: int
    what: str


@dataclass
class MergedDeck:
    """The merged text and its conflicts (none: the text is a formatted, valid deck)."""

    text: str
    conflicts: list[Conflict] = field(default_factory=list)


def normalised(text: str) -> str:
    """The text as ``tandem fmt`` reads it: no BOM, LF line ends."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def merge_decks(
    base: str, ours: str, theirs: str, path: str = "<deck>", labels: tuple[str, str] = LABELS
) -> MergedDeck:
    """Merges three versions of a deck file card by card.

    Args:
        base: The common ancestor's text.
        ours: Our version's text (git's ``%A``).
        theirs: Their version's text (git's ``%B``).
        path: The file's name in problems.
        labels: The names written after ``<<<<<<<`` and ``>>>>>>>``.

    Returns:
        The merged deck, formatted as ``tandem fmt`` writes it when there is no conflict.

    Raises:
        DeckError: a version is not a valid deck.
        ValueError: the merged cards do not make a valid deck (a caller merges as text).
    """
    texts = [normalised(text) for text in (base, ours, theirs)]
    decks = [parse_deck(text, path) for text in texts]
    fronts = [front_lines(text) for text in texts]
    front = merge_front(fronts[0], fronts[1], fronts[2], labels)
    keyed = keyed_versions(decks[0], decks[1], decks[2])
    lines = list(front.lines)
    conflicts = [Conflict(line, what) for line, what in front.conflicts]
    for key, value in merge_keyed(*keyed):
        # Two notes blocks can meet where the card between them was deleted: one blank line
        # between them makes them one block, as they read in the file.
        if lines:
            lines.append("")
        if isinstance(value, Clash):
            conflicts.append(Conflict(len(lines) + 1, describe(key)))
            lines += _clash_lines(value, labels)
        else:
            lines += render_block(value).split("\n")
    text = "\n".join(lines) + "\n" if lines else ""
    if conflicts:
        return MergedDeck(text, conflicts)
    try:
        return MergedDeck(format_text(text, path))
    except DeckError as error:  # inputs were valid; the result not: a caller merges as text
        raise ValueError(f"the merged cards are not a valid deck: {error}") from error


def _clash_lines(clash: Clash[Block], labels: tuple[str, str]) -> list[str]:
    ours = None if clash.ours is None else render_block(clash.ours)
    theirs = None if clash.theirs is None else render_block(clash.theirs)
    return conflict_lines(ours, theirs, labels)


__all__ = ["LABELS", "Conflict", "Key", "MergedDeck", "merge_decks", "normalised"]
