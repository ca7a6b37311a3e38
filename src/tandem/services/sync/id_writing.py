"""Provides the ids a sync writes into deck files, made as each file is saved.

A file with new cards gets its derived ids while its cards are saved, from the one deck
read for it (the deck checked before the lock when it was kept, else read once more): its
cards are not read again to be saved. The new texts are written into the files only once
every file is saved, so a file its ids would push over the size limit refuses the sync
before any file is written (the database's transaction is rolled back).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.config.files import write_atomically
from tandem.decks.files import deck_target
from tandem.models import BadInputError
from tandem.services.sync.outcome import SyncReport
from tandem.services.sync.reading import Parsed

if TYPE_CHECKING:
    from tandem.decks.model import DeckCard, FrontMatter
    from tandem.decks.scanner import Span
    from tandem.storage.cards import CardsRepo
    from tandem.storage.note_rows import DeckRow


@dataclass
class IdWriting:
    """The files of a sync that get ids, and the ids taken so far (see the module)."""

    root: Path
    limit: int
    taken: set[str]
    """Every id in use: in the files read, in the database's other files, and given."""
    lacking: set[str] = field(default_factory=set)
    """The files (relative paths) whose new cards get ids."""
    pending: list[tuple[Parsed, bytes, DeckRow]] = field(default_factory=list)
    """Files saved with their ids: the new bytes, and the deck row saved before them."""

    def start(self, parsed: list[Parsed], clean: Collection[str], report: SyncReport) -> None:
        """Picks the files that get ids: those with new cards, except the files git tracks
        unchanged (a later ``git pull`` would abort), whose new cards are left out."""
        for item in parsed:
            if all(card_id for card_id, _ in item.ids):
                continue
            if item.file.rel in clean:
                report.left_out += sum(not card_id for card_id, _ in item.ids)
                report.left_out_of.append(item.file.rel)
                item.leave_out_new_cards()
                # Recorded as never seen: every sync reads it again and says so, until
                # the ids arrive (fmt --ids and a commit, or a pull).
                item.file = replace(item.file, size=-1, sha256=None)
                continue
            refuse_over_limit(item, self.limit)
            self.lacking.add(item.file.rel)

    def cards_of(
        self, item: Parsed, report: SyncReport
    ) -> tuple[FrontMatter | None, Iterator[tuple[DeckCard, str]], Callable[[], bytes | None]]:
        """The front matter and the cards to save, each with its id, and what gives the
        file's new bytes once the cards were taken (``None``: it gets no ids). The new ids
        are counted in ``report``.

        A kept deck gives its cards; another file's cards are read one at a time, so a
        file of 300,000 new cards is never one deck (issue 21).
        """
        if item.file.rel not in self.lacking:
            front, kept_ids = item.front_and_cards()
            return front, kept_ids, lambda: None
        from tandem.decks.derived_ids import deck_key
        from tandem.decks.edit import IdPlacer

        placer = IdPlacer(deck_key(item.file.rel), self.taken)  # the file's ids are in it
        placed: Iterator[tuple[DeckCard, Span]]
        if item.held is not None and item.spans is not None:
            front, placed = item.held.front, zip(item.held.cards, item.spans, strict=True)
        else:
            from tandem.decks.check import read_placed_cards

            front, placed = read_placed_cards(item.data, item.file.rel)

        def cards() -> Iterator[tuple[DeckCard, str]]:
            for card, span in placed:
                card_id, _ = placer.place(card, span)
                yield card, card_id

        def new_bytes() -> bytes:
            data = placer.text(item.data.decode("utf-8")).encode("utf-8")
            if len(data) > self.limit:
                raise BadInputError(
                    f"{item.file.rel}: with the ids of its new cards it would be over the "
                    f"limit of {self.limit:,} bytes ({len(data):,}); split it. "
                    "Nothing was synced"
                )
            report.ids_assigned += len(placer.new_ids)
            return data

        return front, cards(), new_bytes

    def saved(self, item: Parsed, data: bytes, row: DeckRow) -> None:
        """Remembers a file saved with new ids, to be written when every file is saved."""
        self.pending.append((item, data, row))

    def write(self, cards: CardsRepo, report: SyncReport) -> None:
        """Writes the new texts into their files, and their new size and time into their
        deck rows.

        Raises:
            BadInputError: a file is no longer the bytes the sync read (edited while its
                cards were saved): no file is written, and the sync is rolled back.
        """
        for item, _, _ in self.pending:
            self._refuse_changed(item)
        # Each file is flushed to the disk before it replaces the old one; flushed side by
        # side, the file system commits them together instead of one after another (100
        # files: ~120 ms -> ~55 ms on the shared machine).
        with ThreadPoolExecutor(min(_WRITERS, len(self.pending) or 1)) as writers:
            writing = [writers.submit(self._write, item, data) for item, data, _ in self.pending]
            try:
                for done, (item, data, row) in zip(writing, self.pending, strict=True):
                    done.result()
                    self._saved(cards, report, item, data, row)
            except BaseException:
                for waiting in writing:  # a file not written yet stays as it was
                    waiting.cancel()
                raise
        self.pending.clear()

    def _write(self, item: Parsed, data: bytes) -> None:
        self._refuse_changed(item)  # again right before it is replaced
        write_atomically(deck_target(self.root, item.file.rel), data)

    def _saved(
        self, cards: CardsRepo, report: SyncReport, item: Parsed, data: bytes, row: DeckRow
    ) -> None:
        """Records a file written: its new size, time and hash in its deck row."""
        item.file = item.file.restat()
        item.data = data
        if item.file.sha256 != hashlib.sha256(data).hexdigest():
            # Edited right after it was written: the database has the text written,
            # so the file is recorded as never seen and the next sync reads the edit.
            item.file = replace(item.file, size=-1, sha256=None)
        cards.save_deck(
            replace(
                row,
                size=item.file.size,
                mtime_ns=item.file.mtime_ns,
                sha256=item.file.sha256,
            )
        )
        report.written.append(item.file.rel)

    def _refuse_changed(self, item: Parsed) -> None:
        """Refuses to write ids into a file that changed since the sync read it: its new
        text was made from the bytes read, and would overwrite the edit."""
        target = deck_target(self.root, item.file.rel)
        try:
            current = target.read_bytes()
        except OSError:
            current = None
        if current != item.data:
            raise BadInputError(
                f"{item.file.rel}: changed while the sync gave its new cards ids; "
                "nothing was synced and no file was written (run tandem sync again)"
            )


def refuse_over_limit(item: Parsed, limit: int) -> None:
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


_WRITERS = 8
"""Files written (and flushed to the disk) side by side."""
_ID_BYTES = len("id: abcd1234 · ".encode())
