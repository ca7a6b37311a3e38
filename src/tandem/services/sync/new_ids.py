"""Provides ids without a database: ``fmt --ids`` writes them, ``check --require-ids`` asks.

Ids are derived from a deck's path inside the decks folder and a card's text
(``tandem.decks.derived_ids``), so ``fmt --ids`` writes the very ids ``tandem sync`` would,
on every clone. Without a database, the ids taken are every id in the deck files of the
decks folder (and of the files named), whether the file is valid or not.
"""

from __future__ import annotations

import os
from pathlib import Path

from tandem.decks.check import MAX_BYTES
from tandem.decks.derived_ids import deck_key
from tandem.decks.edit import insert_missing_ids
from tandem.decks.files import RefusedFile, list_deck_files, read_regular
from tandem.decks.parser import scan


class IdWriter:
    """Gives the cards of deck files inside the decks folder ``root`` their derived ids."""

    def __init__(self, root: Path, files: list[Path]) -> None:
        self.root = root
        named = [deck.real or deck.path for deck in list_deck_files(root)] if root.is_dir() else []
        self.taken: set[str] = set()
        for path in dict.fromkeys([*named, *files]):
            self.taken.update(_ids_in(path))

    def deck_of(self, path: Path) -> str | None:
        """The path that names ``path`` in the derivation, or ``None`` when it is not in the
        decks folder (its ids would then differ from the ones a sync derives)."""
        for base, target in (
            (Path(os.path.abspath(self.root)), Path(os.path.abspath(path))),
            (self.root.resolve(), path.parent.resolve() / path.name),
        ):
            if target.is_relative_to(base) and target != base:
                return deck_key(target.relative_to(base))
        return None

    def add_ids(self, deck: str, text: str) -> tuple[str, list[str]]:
        """``text`` with its cards' missing ids; they are taken for the next files.

        Raises:
            DeckError: ``text`` is not a valid deck.
        """
        text, ids = insert_missing_ids(text, deck, self.taken)
        self.taken.update(ids)
        return text, ids


def outside_problem(path: Path, root: Path) -> str:
    """The problem of a file ``fmt --ids`` cannot name: it is not in the decks folder."""
    return (
        f"{path}:1: not inside the decks folder {root}: ids are derived from the path there "
        "(pass --decks)"
    )


def _ids_in(path: Path) -> set[str]:
    text = _text(path)
    if text is None:
        return set()
    return {span.id for span in scan(text, str(path), build=False).spans if span.id}


def _text(path: Path) -> str | None:
    try:  # a link named on the command line is followed, as check does
        data = read_regular(path.resolve() if path.is_symlink() else path, MAX_BYTES)
    except RefusedFile:
        return None
    return data.decode("utf-8", errors="replace")
