"""Provides ``sync``: deck files -> database, assigning missing ids in the files first."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from contextlib import nullcontext
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.decks.files import DeckFile, remove_litter
from tandem.models import BadInputError, CardState, MissingInputError
from tandem.services.context import Context
from tandem.services.maintenance.backups import Backups
from tandem.services.sync.catalog import Catalog
from tandem.services.sync.id_writing import IdWriting
from tandem.services.sync.outcome import RetireRefused, SyncReport
from tandem.services.sync.reading import (
    CardIds,
    Checked,
    Holding,
    Parsed,
    check_changed,
    deck_limit,
    listing_of,
    read_changed,
    same_stat,
)
from tandem.services.sync.refusing import Refusals, refuse_duplicates
from tandem.storage.note_rows import DeckRow

if TYPE_CHECKING:
    from tandem.decks.model import Deck

BULK_CACHE_MIB = 32
"""The page cache while a first sync writes (SQLite's sorter, which makes the state rows and
indexes in key order after the inserts, may take as much again). With SQLite's default of
2 MiB, a first sync of a million cards puts each new key into indexes of tens of MB at a
random place: nearly every insert missed the cache and pushed a changed page out to the WAL,
to be read and written again later, so the sync grew faster than its cards."""


class Sync:
    """Brings the database in line with the deck files; validates everything before writing."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.holding = Holding()

    def run(
        self,
        only: Collection[str] | None = None,
        prepared: Mapping[str, tuple[bytes, Deck]] | None = None,
        initial_states: Mapping[tuple[str, str], CardState] | None = None,
        *,
        retire: bool = False,
        write_ids: bool = True,
    ) -> SyncReport:
        """Syncs the decks folder (or only the files ``only``, relative to it).

        The changed files are read and checked first; then the sync holds the database's
        write lock, so two terminals never give the same file different ids. ``prepared``
        holds files a caller already checked and parsed, or built and wrote: when a file
        still has exactly those bytes, it is not parsed again. ``initial_states`` gives cards
        the sync creates their memory state, by (person, card key) (see ``Catalog``).
        ``retire`` lets a sync retire more than half the notes (else it refuses);
        without ``write_ids`` cards that have no id yet are left out and no file is written.

        A file with problems costs only itself (``refusing``): the others are synced, and the
        report lists the problems (``SyncReport.problems``) and the files left as they were.
        A sync of ``only`` some files (a caller that wrote them) takes all or nothing.

        Raises:
            BadInputError: with ``only``, listing every problem as ``file:line: message``;
                nothing written. Or an entry of the folder cannot be a deck file.
            RetireRefused: the sync would retire more than half the notes; nothing written.
        """
        root = self.ctx.paths.decks
        if not root.is_dir():
            raise MissingInputError(f"{root}: no decks folder (create it or pass --decks)")
        ready = {rel: Checked.of(data, deck) for rel, (data, deck) in (prepared or {}).items()}
        listing = listing_of(root, only)
        self.holding = Holding()
        known = {d.path: d for d in self.ctx.cards.decks()}
        check_changed(listing.files, known, ready, self.holding)
        # Into a database without notes, every reference a sync writes is to a row it has
        # just written (deck, note, card) or to a person: SQLite need not look each one up.
        unchecked = self.ctx.cards.is_empty()
        with (
            self.ctx.store.references_checked_here() if unchecked else nullcontext(),
            self.ctx.store.write(),
        ):
            catalog = Catalog(self.ctx, initial_states)
            report = self._run(root, only, ready, catalog, retire=retire, write_ids=write_ids)
        remove_litter(listing.litter)
        return report

    def _run(
        self,
        root: Path,
        only: Collection[str] | None,
        ready: dict[str, Checked],
        catalog: Catalog,
        *,
        retire: bool,
        write_ids: bool,
    ) -> SyncReport:
        listing = listing_of(root, only)
        files = listing.files
        known = {deck.path: deck for deck in self.ctx.cards.decks()}
        report = SyncReport(files=len(files))
        changed = [f for f in files if not same_stat(f, known.get(f.rel))]
        refusals = Refusals()
        # Another tool's export is no deck file: named with how to import it, not a problem.
        report.foreign = [f"{entry.rel}: {entry.reason}" for entry in listing.foreign]
        parsed = self._validate(changed, known, ready, refusals, strict=only is not None)
        report.problems, report.refused = refusals.problems, sorted(refusals.files)
        files = [f for f in files if f.rel not in refusals.files]  # left as the database has it
        changed = [f for f in changed if f.rel not in refusals.files]
        report.files_read = len(parsed)
        parsed = [p for p in parsed if p.file.sha256 != _sha(known.get(p.file.rel))]
        present = {f.rel for f in files} | refusals.files
        gone = (
            []
            if only is not None
            else [d for d in known.values() if d.present and d.path not in present]
        )
        if not write_ids:
            for item in parsed:
                item.leave_out_new_cards()
        if parsed or gone:
            retiring = self._retiring(parsed, known, gone)
            active = self.ctx.cards.active_note_count()
            if not retire and 2 * retiring > active:
                raise RetireRefused(retiring, active)
            ids = self._id_writing(parsed, known, report) if write_ids else None
            if retiring and self.ctx.store.path != ":memory:":
                Backups(self.ctx).make("before-sync")
            # More notes than the database holds (a first sync, a big import): the state
            # table's indexes are made after the inserts, one sort each, not row by row.
            bulk = sum(len(item.ids) for item in parsed) > active
            # A first sync (no notes yet; the files' ids are distinct, duplicates refused):
            # every note is new, and the notes' and cards' indexes are made after them too.
            catalog.fresh = bulk and self.ctx.cards.is_empty()
            with (
                self.ctx.store.page_cache(BULK_CACHE_MIB) if bulk else nullcontext(),
                self.ctx.states.indexes_after(bulk),
                self.ctx.cards.indexes_after(catalog.fresh),
                catalog.states_after(bulk),
            ):
                self._save(parsed, known, files, gone, report, catalog, ids)
            if ids is not None:  # every file saved: now the new ids go into the files
                ids.write(self.ctx.cards, report)
        elif changed:  # same bytes, new mtime: remember the stat so the next sync skips it
            self._restat(changed, known)
        touched = report.added + report.updated + report.moved
        report.unchanged = self.ctx.cards.active_note_count() - touched
        return report

    def _retiring(
        self, parsed: list[Parsed], known: dict[str, DeckRow], gone: list[DeckRow]
    ) -> int:
        """How many active notes the sync would retire (their files lost them, or are gone)."""
        kept = {card_id for item in parsed for card_id, _ in item.ids}
        left = {d.id for d in gone} | {known[p.file.rel].id for p in parsed if p.file.rel in known}
        return sum(note_id not in kept for note_id in self.ctx.cards.active_note_ids(left))

    def _validate(
        self,
        changed: list[DeckFile],
        known: dict[str, DeckRow],
        ready: dict[str, Checked],
        refusals: Refusals,
        *,
        strict: bool,
    ) -> list[Parsed]:
        """The valid changed files; the others go to ``refusals`` (``strict``: raised)."""
        if not changed:  # a start-up sync that finds nothing new stays a few stat calls,
            return []  # without loading the deck parser (and pydantic, its models' base)
        parsed, problems = read_changed(changed, ready, self.holding)
        for rel, found in problems.items():
            refusals.add(rel, found)
        parsed = refuse_duplicates(self.ctx, parsed, known, refusals)
        if refusals.problems and strict:
            raise BadInputError(
                f"{len(refusals.problems)} problem(s) in deck files; nothing was synced",
                details=refusals.problems,
            )
        return parsed

    def _id_writing(
        self, parsed: list[Parsed], known: Mapping[str, DeckRow], report: SyncReport
    ) -> IdWriting | None:
        """The files that get ids as they are saved (see ``id_writing``), or None."""
        if all(card_id for item in parsed for card_id, _ in item.ids):
            return None
        from tandem.decks.worktree import clean_tracked

        lacking = [item.file.rel for item in parsed if not all(c for c, _ in item.ids)]
        root = self.ctx.paths.decks
        reread = {item.file.rel for item in parsed}
        others = [d.id for d in known.values() if d.present and d.path not in reread]
        # The ids in the files, as fmt --ids sees them: a retired note's id is free again.
        taken = {card_id for item in parsed for card_id, _ in item.ids if card_id}
        taken.update(self.ctx.cards.active_note_ids(others))
        writing = IdWriting(root, deck_limit(), taken)
        writing.start(parsed, clean_tracked(root, lacking), report)
        return writing

    def _save(
        self,
        parsed: list[Parsed],
        known: dict[str, DeckRow],
        files: list[DeckFile],
        gone: list[DeckRow],
        report: SyncReport,
        catalog: Catalog,
        ids: IdWriting | None,
    ) -> None:
        from tandem.services.sync.rows import card_variants, deck_row, note_row

        cards = self.ctx.cards
        # The decks whose notes a sync may retire (the notes not seen again in any file).
        left = {deck.id for deck in gone} | {
            known[p.file.rel].id for p in parsed if p.file.rel in known
        }
        seen: set[str] = set()  # only while some deck may lose notes (not a first sync)
        for item in parsed:
            if ids is None:
                (front, deck_cards), new_bytes = item.front_and_cards(), _no_bytes
            else:
                front, deck_cards, new_bytes = ids.cards_of(item, report)
            item.held = item.spans = None  # saved: let it go
            row = deck_row(item.file, front)
            deck_id = cards.save_deck(row)
            # By the batch, so a deck of 300,000 cards is never all rows at once.
            numbered = enumerate(deck_cards)
            while batch := list(islice(numbered, _SAVED_AT_ONCE)):
                notes = [
                    (note_row(card, deck_id, position, card_id), card_variants(card, card_id))
                    for position, (card, card_id) in batch
                ]
                if left:
                    seen.update(note.id for note, _ in notes)
                for change in catalog.save_notes(notes):
                    report.added += change.added
                    report.moved += change.moved
                    report.updated += change.edited and not change.moved
            data = new_bytes()
            if ids is not None and data is not None:
                ids.saved(item, data, row)
            item.ids = CardIds()  # saved: a million cards' ids need not wait for the last file
        reread = {p.file.rel for p in parsed}
        self._restat([f for f in files if f.rel not in reread], known)
        for note_id in cards.active_note_ids(left):
            if note_id not in seen:
                catalog.retire_note(note_id)
                report.retired += 1
        for row in gone:
            cards.save_deck(replace(row, present=False))

    def _restat(self, files: list[DeckFile], known: dict[str, DeckRow]) -> None:
        for deck_file in files:
            row = known.get(deck_file.rel)
            if row and not same_stat(deck_file, row):
                changed = replace(row, size=deck_file.size, mtime_ns=deck_file.mtime_ns)
                self.ctx.cards.save_deck(changed)


def _no_bytes() -> bytes | None:
    return None


_SAVED_AT_ONCE = 5_000
"""Notes made into rows and saved together."""


def _sha(row: DeckRow | None) -> str | None:
    return row.sha256 if row is not None and row.present else None
