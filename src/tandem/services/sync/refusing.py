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
    """Where each id of ``parsed`` stands, including a file that was not re-read."""
    places: dict[str, list[str]] = {}
    for item in parsed:
        for card_id, line in item.ids:
            if card_id:  # a card built rather than parsed has no line (0)
                place = f"{item.file.rel}:{line}" if line else item.file.rel
                places.setdefault(card_id, []).append(place)
    reread = {item.file.rel for item in parsed}
    by_id = {deck.id: deck.path for deck in known.values()}
    for note in ctx.cards.notes(places).values():
        path = by_id.get(note.deck_id)
        if not note.retired and path and path not in reread and known[path].present:
            places[note.id].append(f"{path}")
    return places
