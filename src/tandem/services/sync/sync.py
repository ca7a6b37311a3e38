"""Provides ``sync``: deck files -> database, assigning missing ids in the files first."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.config.files import write_atomically
from tandem.decks.files import DeckFile, deck_target, remove_litter
from tandem.models import BadInputError, CardState, MissingInputError
from tandem.services.context import Context
from tandem.services.maintenance.backups import Backups
from tandem.services.sync.catalog import Catalog
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
        with self.ctx.store.write():
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
        for entry in listing.foreign:  # another tool's export: named, the others synced
            refusals.add(entry.rel, [str(entry)])
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
            if write_ids:
                self._assign_ids(parsed, known, report)
            if retiring and self.ctx.store.path != ":memory:":
                Backups(self.ctx).make("before-sync")
            # More notes than the database holds (a first sync, a big import): the state
            # table's indexes are made after the inserts, one sort each, not row by row.
            bulk = sum(len(item.ids) for item in parsed) > self.ctx.cards.active_note_count()
            with self.ctx.states.indexes_after(bulk):
                self._save(parsed, known, files, gone, report, catalog)
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

    def _assign_ids(
        self, parsed: list[Parsed], known: Mapping[str, DeckRow], report: SyncReport
    ) -> None:
        """Writes derived ids into files with new cards, except into files git tracks
        unchanged (a later ``git pull`` would abort): their new cards are left out."""
        lacking = [item for item in parsed if not all(card_id for card_id, _ in item.ids)]
        if not lacking:
            return
        from tandem.decks.derived_ids import deck_key
        from tandem.decks.edit import ids_written
        from tandem.decks.worktree import clean_tracked

        root, limit = self.ctx.paths.decks, deck_limit()
        clean = clean_tracked(root, [item.file.rel for item in lacking])
        reread = {item.file.rel for item in parsed}
        others = [d.id for d in known.values() if d.present and d.path not in reread]
        # The ids in the files, as fmt --ids sees them: a retired note's id is free again.
        taken = {card_id for item in parsed for card_id, _ in item.ids if card_id}
        taken.update(self.ctx.cards.active_note_ids(others))
        writes: list[tuple[Parsed, Path, bytes, CardIds]] = []
        for item in lacking:  # every new text is made and checked before any file is written
            if item.file.rel in clean:
                report.left_out += sum(not card_id for card_id, _ in item.ids)
                report.left_out_of.append(item.file.rel)
                item.leave_out_new_cards()
                # Recorded as never seen: every sync reads it again and says so, until
                # the ids arrive (fmt --ids and a commit, or a pull).
                item.file = replace(item.file, size=-1, sha256=None)
                continue
            _refuse_over_limit(item, limit)
            # One parse a file: the deck checked before the lock when it was kept, and the
            # new text's deck derived from it, not parsed again.
            deck, spans = item.deck_and_spans()
            text = item.data.decode("utf-8")
            written = ids_written(text, deck, spans, deck_key(item.file.rel), taken)
            del deck, spans, text
            data = written.text.encode("utf-8")
            size = len(data)
            if size > limit:
                raise BadInputError(
                    f"{item.file.rel}: with the ids of its new cards it would be over the "
                    f"limit of {limit:,} bytes ({size:,}); split it. Nothing was synced"
                )
            card_ids: CardIds = list(written.cards)
            writes.append((item, deck_target(root, item.file.rel), data, card_ids))
            report.ids_assigned += len(written.new_ids)
        for item, target, data, card_ids in writes:
            write_atomically(target, data)
            item.file = item.file.restat()
            item.new_text(data, card_ids)
            report.written.append(item.file.rel)

    def _save(
        self,
        parsed: list[Parsed],
        known: dict[str, DeckRow],
        files: list[DeckFile],
        gone: list[DeckRow],
        report: SyncReport,
        catalog: Catalog,
    ) -> None:
        from tandem.services.sync.rows import card_variants, deck_row, note_row

        cards = self.ctx.cards
        seen: set[str] = set()
        for item in parsed:
            front, deck_cards = item.front_and_cards()
            item.held = None  # saved: let it go
            deck_id = cards.save_deck(deck_row(item.file, front))
            # By the batch, so a deck of 300,000 cards is never all rows at once.
            numbered = enumerate(deck_cards)
            while batch := list(islice(numbered, _SAVED_AT_ONCE)):
                notes = [
                    (note_row(card, deck_id, position, card_id), card_variants(card, card_id))
                    for position, (card, card_id) in batch
                ]
                seen.update(note.id for note, _ in notes)
                for change in catalog.save_notes(notes):
                    report.added += change.added
                    report.moved += change.moved
                    report.updated += change.edited and not change.moved
        reread = {p.file.rel for p in parsed}
        self._restat([f for f in files if f.rel not in reread], known)
        left = {deck.id for deck in gone} | {
            known[p.file.rel].id for p in parsed if p.file.rel in known
        }
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


def _refuse_over_limit(item: Parsed, limit: int) -> None:
    """Refuses a file that its new ids would push over ``limit``, before they are derived.

    Each id adds at least ``_ID_BYTES`` (``id: XXXXXXXX · `` in a meta line; a new meta
    line takes 22), so a file of 900,000 tiny cards is refused at once, not after its
    new text was made and parsed (20 minutes and 4.8 GB).
    """
    missing = sum(not card_id for card_id, _ in item.ids)
    least = len(item.data) + _ID_BYTES * missing
    if missing and least > limit:
        raise BadInputError(
            f"{item.file.rel}: with the ids of its {missing:,} new cards it would be over the "
            f"limit of {limit:,} bytes (at least {least:,}); split it. Nothing was synced"
        )


_ID_BYTES = len("id: abcd1234 · ".encode())


_SAVED_AT_ONCE = 5_000
"""Notes made into rows and saved together."""


def _sha(row: DeckRow | None) -> str | None:
    return row.sha256 if row is not None and row.present else None
