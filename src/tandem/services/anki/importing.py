"""Provides ``tandem import``: Anki packages and text exports, and other programs' Markdown
decks (hashcards, Obsidian Spaced Repetition) and Mochi exports -> deck files, reviews, states.

Everything is read and checked before anything is written; then the deck files, the media,
the sync of those files and the review history go in under one ``store.write()`` lock.
The files the import writes are handed to the sync as built (not read and parsed again),
and the cards it creates get their replayed state when they are made.
"""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tandem.config.files import write_atomically
from tandem.decks.check import MAX_BYTES
from tandem.decks.files import deck_target, read_regular
from tandem.decks.model import Deck
from tandem.interop import Limits, Mapped, MediaFile, map_collection, read_package
from tandem.interop.notetype_file import FILE as NOTETYPES_FILE
from tandem.interop.notetype_file import NotetypeFile, load_notetypes
from tandem.models import BadInputError, CardKey, MissingInputError, ReviewKind
from tandem.services.anki.decks import DeckPlanner, Placed, inside
from tandem.services.anki.history import ImportedHistory, plan_history, save_history
from tandem.services.anki.media import MediaPlan
from tandem.services.context import Context
from tandem.services.maintenance.backups import Backups
from tandem.services.sync.sync import Sync

TEXT_SUFFIXES = (".txt", ".csv", ".tsv")
PACKAGE_SUFFIXES = (".apkg", ".colpkg")
_CACHE_MIB = 64
"""The page cache an import writes with: a 10,000-note import makes a 20 MB database, whose
pages the default 2 MiB cache would write to the WAL some 20 times each before the commit."""
MOCHI_SUFFIX = ".mochi"


@dataclass
class ImportSummary:
    """What one import did."""

    source: str
    format: str
    notes: int = 0
    cards: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    reviews: int = 0
    """Answers added to the person's log."""
    resets: int = 0
    """Resets (Anki's Forget, or a restart Anki recorded as one) added to the log."""
    due_dates: int = 0
    """Due dates set by hand (Anki's Set due date, or FSRS rescheduling) added to the log."""
    reviews_known: int = 0
    states_rebuilt: int = 0
    files: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    media_missing: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class Importer:
    """Imports Anki packages (``.apkg``, ``.colpkg``), Anki text exports, other tools' Markdown
    decks and Mochi exports (``.mochi``)."""

    def __init__(self, ctx: Context, limits: Limits | None = None) -> None:
        self.ctx, self.limits = ctx, limits or Limits()

    def run(
        self, path: Path, *, person: str | None = None, into: str | None = None
    ) -> ImportSummary:
        """Imports ``path``; with ``person``, Anki's review log becomes their history.

        Raises:
            BadInputError: the file is corrupt, hostile or unreadable; nothing is written.
            MissingInputError: there is no such file.
        """
        if not (path.is_file() or (path.is_dir() and not path.is_symlink())):
            raise MissingInputError(f"{path}: no such file")
        if person is not None:
            self.ctx.person(person)
        folder = inside(self.ctx.paths.decks, into)
        # A package's media are streamed to the spool, then copied into the decks folder.
        with _cycle_collector_paused(), tempfile.TemporaryDirectory(prefix="tandem-") as spool:
            return self._run(path, person, folder, Path(spool))

    def _run(self, path: Path, person: str | None, folder: str, spool: Path) -> ImportSummary:
        mapped, media, kind = self._read(path, spool)
        summary = ImportSummary(
            str(path), kind, skipped=dict(mapped.skipped), warnings=list(mapped.warnings)
        )
        if person is None and mapped.reviews:
            summary.skipped["reviews (no --as NAME given)"] = len(mapped.reviews)
        notetypes = load_notetypes(self.ctx.paths.decks) if mapped.notetypes else None
        self.ctx.paths.decks.mkdir(parents=True, exist_ok=True)
        if self.ctx.store.path != ":memory:":
            Backups(self.ctx).make("before-import")
        with self.ctx.store.page_cache(_CACHE_MIB), self.ctx.store.write():
            placed = DeckPlanner(self.ctx, folder, person).place(mapped.notes)
            history = None
            if person is not None:
                history = plan_history(self.ctx, person, mapped.reviews, _card_keys(mapped, placed))
            plan = MediaPlan(self.ctx.paths.decks, mapped, placed, media)
            prepared = self._write(placed, summary)
            if notetypes is not None:
                self._save_notetypes(notetypes, mapped)
            summary.media, summary.media_missing = plan.write(), plan.missing
            Sync(self.ctx).run(
                only=set(placed.files.values()),
                prepared=prepared,
                initial_states=history.initial_states if history else None,
            )
            if history is not None:
                save_history(self.ctx, history)
                self._count(history, summary)
        return summary

    def _read(self, path: Path, spool: Path) -> tuple[Mapped, list[MediaFile], str]:
        """The notes, media and format of ``path``. The readers of formats other than Anki's
        packages are loaded only for their files (an import is a process of its own)."""
        if path.suffix.lower() in PACKAGE_SUFFIXES and not path.is_dir():
            return self._read_package(path, spool)
        from tandem.interop.anki_text import read_text_notes
        from tandem.interop.foreign import MARKDOWN_SUFFIXES, read_markdown_decks
        from tandem.interop.mochi import DATA_FILES as MOCHI_DATA
        from tandem.interop.mochi import read_mochi

        if path.suffix.lower() in TEXT_SUFFIXES:
            return read_text_notes(path), [], "anki-txt"
        if path.is_dir() or path.suffix.lower() in MARKDOWN_SUFFIXES:
            return read_markdown_decks(path, self.ctx.clock.now())
        if path.suffix.lower() == MOCHI_SUFFIX or path.name.lower() in MOCHI_DATA:
            mapped, media = read_mochi(path, self.limits)
            return mapped, media, "mochi"
        return self._read_package(path, spool)

    def _read_package(self, path: Path, spool: Path) -> tuple[Mapped, list[MediaFile], str]:
        collection = read_package(path, self.limits, spool)
        return map_collection(collection), collection.media, collection.format

    def _save_notetypes(self, notetypes: NotetypeFile, mapped: Mapped) -> None:
        """Records the note types the notes came on, for exports (only if that changes it)."""
        before = notetypes.dumps()
        notetypes.add(mapped.notetypes, mapped.note_types)
        text = notetypes.dumps()
        if text != before:
            path = self.ctx.paths.decks / NOTETYPES_FILE
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text.encode("utf-8"))

    def _write(self, placed: Placed, summary: ImportSummary) -> dict[str, tuple[bytes, Deck]]:
        """Writes the changed deck files; returns the ones built whole, for the sync.

        Raises:
            BadInputError: a file would be larger than a deck file may be (nothing written).
        """
        prepared = {}
        for rel, text in placed.texts.items():
            size = len(text.encode("utf-8"))
            if size > MAX_BYTES:
                raise BadInputError(
                    f"{rel}: the import would make this deck file too large ({size:,} bytes; "
                    f"the limit is {MAX_BYTES:,}); import into several decks with --into"
                )
        targets = {rel: deck_target(self.ctx.paths.decks, rel) for rel in placed.texts}
        for rel, text in placed.texts.items():
            path = targets[rel]
            data = text.encode("utf-8")
            if rel in placed.decks:
                prepared[rel] = (data, placed.decks[rel])
            if not path.exists() or read_regular(path, MAX_BYTES, rel) != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, data)
                summary.files.append(rel)
        for reason, count in placed.refused.items():
            summary.skipped[reason] = summary.skipped.get(reason, 0) + count
        summary.notes = len(placed.ids)
        summary.cards = sum(len(keys) for keys in placed.keys.values())
        summary.added, summary.updated = placed.added, placed.updated
        summary.unchanged = placed.unchanged
        return prepared

    @staticmethod
    def _count(history: ImportedHistory, summary: ImportSummary) -> None:
        for reason, count in history.skipped.items():
            summary.skipped[reason] = summary.skipped.get(reason, 0) + count
        kinds = [review.kind for review, _ in history.fresh]
        summary.resets = kinds.count(ReviewKind.RESET)
        summary.due_dates = kinds.count(ReviewKind.MANUAL)
        summary.reviews = len(kinds) - summary.resets - summary.due_dates
        summary.reviews_known = history.known
        summary.states_rebuilt = history.cards


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """An import makes some 10^5 objects, none in reference cycles (reference counting frees
    them), and each pass of the cycle collector would walk every object of the process."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _card_keys(mapped: Mapped, placed: Placed) -> dict[int, str]:
    """Anki card id -> the key of the tandem card it became (for the cards that exist)."""
    ids = placed.ids
    final = {ids[number]: made for number, made in placed.keys.items()}  # one id twice: last wins
    keys = {}
    for number in placed.keys:
        card_id = ids[number]
        made = set(final[card_id])
        for anki_card, variant in mapped.notes[number].cards.items():
            key = str(CardKey(card_id, variant))
            if key in made:
                keys[anki_card] = key
    return keys
