"""Provides the files a sync refuses: each file with problems costs only itself.

A deck file with a problem is left as the database has it (its cards are not retired, its
deck row is not changed, its size and time are not recorded, so the next sync reads it
again). An id that stands in two files refuses both files that are read: neither side
changes, and the person who fixes one of them sees both places.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tandem.services.context import Context
from tandem.services.sync.reading import Parsed
from tandem.storage.note_rows import DeckRow


@dataclass
class Refusals:
    """The problems a sync found, and the files (relative paths) they refuse."""

    problems: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)

    def add(self, rel: str, problems: list[str]) -> None:
        """Refuses ``rel`` for ``problems`` (``file:line: message`` each)."""
        self.files.add(rel)
        self.problems += problems


def refuse_duplicates(
    ctx: Context, parsed: list[Parsed], known: Mapping[str, DeckRow], refusals: Refusals
) -> list[Parsed]:
    """The files of ``parsed`` that share no id with another file; the others are refused."""
    places = _places(ctx, parsed, known)
    problems = []
    for card_id, where in places.items():  # twice within one file: check reports it
        files = {place.partition(":")[0] for place in where}
        if len(where) < 2 or len(files) < 2:
            continue
        for index, place in enumerate(where):
            others = ", ".join(w for i, w in enumerate(where) if i != index)
            problems.append(f"{place}: duplicate id {card_id!r} (also at {others})")
        refusals.files |= files & {item.file.rel for item in parsed}
    refusals.problems += sorted(problems)
    return [item for item in parsed if item.file.rel not in refusals.files]


def _places(
    ctx: Context, parsed: list[Parsed], known: Mapping[str, DeckRow]
) -> dict[str, list[str]]:
    """Where each id of ``parsed`` that stands more than once stands, including a file that
    was not re-read.

    The ids twice among the files read are found by sorting them (a folder may hold a
    million: no map of every id is made), those in other files by one read of the notes.
    """
    ids = sorted(card_id for item in parsed for card_id, _ in item.ids if card_id)
    suspects = {a for a, b in zip(ids, ids[1:], strict=False) if a == b}
    reread = {item.file.rel for item in parsed}
    path_of = {deck.id: deck.path for deck in known.values()}
    elsewhere: dict[str, str] = {}
    for note_id, deck_id in ctx.cards.active_note_decks(ids):
        path = path_of.get(deck_id)
        if path and path not in reread and known[path].present:
            elsewhere[note_id] = path
    del ids
    suspects |= elsewhere.keys()
    places: dict[str, list[str]] = {}
    if not suspects:
        return places
    for item in parsed:
        for card_id, line in item.ids:
            if card_id in suspects:  # a card built rather than parsed has no line (0)
                place = f"{item.file.rel}:{line}" if line else item.file.rel
                places.setdefault(card_id, []).append(place)
    for note_id, path in elsewhere.items():
        places.setdefault(note_id, []).append(path)
    return places
