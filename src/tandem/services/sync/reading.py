"""Provides the reading side of a sync: deck files read and checked, most of it before the lock.

Deck files come from other people, so the work on them (reading, checking, parsing) is done
before the database's write lock is taken: another terminal waiting for the lock never
waits on it. Under the lock each changed file is read again (a read, no parse) and its
bytes compared with what was checked; only a file that changed in between is parsed there.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.decks.files import DeckFile, Listing, RefusedFile, list_deck_folder, stat_deck_files
from tandem.models import BadInputError
from tandem.storage.note_rows import DeckRow

if TYPE_CHECKING:
    from tandem.decks.model import Deck


@dataclass
class Checked:
    """One file's bytes as checked: the deck they make, or the problems they have."""

    data: bytes
    deck: Deck | None
    problems: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    """A changed deck file that is valid: its bytes and its deck."""

    file: DeckFile
    deck: Deck
    data: bytes


def listing_of(root: Path, only: Collection[str] | None) -> Listing:
    """The deck files of the folder (or only the files ``only``).

    Raises:
        BadInputError: an entry cannot be a deck file (a link out of the folder, a FIFO, a
            device, a name with control characters); nothing is synced.
    """
    listing = list_deck_folder(root) if only is None else stat_deck_files(root, only)
    if listing.refused:
        problems = [str(refused) for refused in listing.refused]
        raise BadInputError(
            f"{len(problems)} file(s) in the decks folder cannot be deck files; nothing was synced",
            details=problems,
        )
    return listing


def same_stat(deck_file: DeckFile, row: DeckRow | None) -> bool:
    """Whether the file has the size and time the last sync recorded."""
    return (
        row is not None
        and row.present
        and (row.size, row.mtime_ns) == (deck_file.size, deck_file.mtime_ns)
    )


def check_changed(
    files: list[DeckFile], known: Mapping[str, DeckRow], ready: dict[str, Checked]
) -> None:
    """Reads and checks the files that changed since the last sync, into ``ready`` (files
    already there are skipped). Run before the lock; problems are kept, not raised."""
    for deck_file in files:
        if deck_file.rel in ready or same_stat(deck_file, known.get(deck_file.rel)):
            continue
        try:
            data = deck_file.read(deck_limit())
        except RefusedFile:
            continue  # reported when it is read again under the lock
        ready[deck_file.rel] = check_bytes(data, deck_file.rel)


def check_bytes(data: bytes, rel: str) -> Checked:
    """Checks one file's bytes and parses them when they are valid."""
    from tandem.decks.check import read_deck

    deck, problems = read_deck(data, rel)
    return Checked(data, deck, [str(problem) for problem in problems])


def read_changed(
    changed: list[DeckFile], ready: Mapping[str, Checked]
) -> tuple[list[Parsed], dict[str, list[str]]]:
    """Reads the changed files again (under the lock); what was checked before is not
    parsed again when the bytes are the same. Returns the valid files, and the problems of
    each other file (by relative path)."""
    parsed: list[Parsed] = []
    problems: dict[str, list[str]] = {}
    for deck_file in changed:
        try:
            data = deck_file.read(deck_limit())
        except RefusedFile as refused:
            problems[deck_file.rel] = [str(refused)]
            continue
        checked = ready.get(deck_file.rel)
        if checked is None or checked.data != data:
            checked = check_bytes(data, deck_file.rel)
        if checked.deck is None:
            problems[deck_file.rel] = checked.problems
        else:
            parsed.append(Parsed(deck_file, checked.deck, data))
    return parsed, problems


def deck_limit() -> int:
    from tandem.decks.check import MAX_BYTES  # read at each call: tests lower it

    return MAX_BYTES
