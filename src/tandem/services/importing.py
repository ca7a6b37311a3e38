"""Provides ``tandem import``: Anki packages and text exports -> deck files, reviews, states.

Everything is read and checked before anything is written; then the deck files, the media,
the sync of those files and the review history go in under one ``store.write()`` lock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from tandem.decks import card_keys
from tandem.interop import Limits, Mapped, map_collection, read_package
from tandem.interop.anki_text import read_text_notes
from tandem.models import FsrsState, MissingInputError, Rating, Review
from tandem.services.anki_decks import DeckPlanner, Placed, inside
from tandem.services.anki_media import write_media
from tandem.services.backups import Backups
from tandem.services.context import Context
from tandem.services.deckfiles import write_atomically
from tandem.services.replay import Replayer
from tandem.services.sync import Sync

TEXT_SUFFIXES = (".txt", ".csv", ".tsv")
CLOCK_SKEW = timedelta(minutes=5)
_B32 = "0123456789abcdefghjkmnpqrstvwxyz"


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
    reviews_known: int = 0
    states_rebuilt: int = 0
    files: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    media_missing: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class Importer:
    """Imports Anki packages (``.apkg``, ``.colpkg``) and Anki text exports."""

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
        if not path.is_file():
            raise MissingInputError(f"{path}: no such file")
        if person is not None:
            self.ctx.person(person)
        folder = inside(self.ctx.paths.decks, into)
        if path.suffix.lower() in TEXT_SUFFIXES:
            mapped, media, kind = read_text_notes(path), [], "anki-txt"
        else:
            collection = read_package(path, self.limits)
            mapped, media, kind = map_collection(collection), collection.media, collection.format
        summary = ImportSummary(
            str(path), kind, skipped=dict(mapped.skipped), warnings=list(mapped.warnings)
        )
        if person is None and mapped.reviews:
            summary.skipped["reviews (no --as NAME given)"] = len(mapped.reviews)
        self.ctx.paths.decks.mkdir(parents=True, exist_ok=True)
        if self.ctx.store.path != ":memory:":
            Backups(self.ctx).make("before-import")
        with self.ctx.store.write():
            placed = DeckPlanner(self.ctx, folder, person).place(mapped.notes)
            self._write(placed, summary)
            summary.media, summary.media_missing = write_media(
                self.ctx.paths.decks, mapped, placed, media
            )
            Sync(self.ctx).run(only=set(placed.files.values()))
            if person is not None:
                self._reviews(mapped, placed, person, summary)
        return summary

    def _write(self, placed: Placed, summary: ImportSummary) -> None:
        for rel, text in placed.texts.items():
            path = self.ctx.paths.decks / rel
            data = text.encode("utf-8")
            if not path.exists() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, data)
                summary.files.append(rel)
        for reason, count in placed.refused.items():
            summary.skipped[reason] = summary.skipped.get(reason, 0) + count
        summary.notes = len(placed.ids)
        summary.cards = sum(len(card_keys(card)) for card in placed.cards.values())
        summary.added, summary.updated = placed.added, placed.updated
        summary.unchanged = placed.unchanged

    def _reviews(self, mapped: Mapped, placed: Placed, person: str, summary: ImportSummary) -> None:
        keys = {
            anki_card: f"{placed.ids[number]}:{variant}" if variant else placed.ids[number]
            for number, note in enumerate(mapped.notes)
            if number in placed.ids
            for anki_card, variant in note.cards.items()
        }
        latest = self.ctx.clock.now() + CLOCK_SKEW
        reviews = []
        for item in mapped.reviews:
            key = keys.get(item.card)
            if key is None:
                summary.skipped["reviews of cards that were not imported"] = (
                    summary.skipped.get("reviews of cards that were not imported", 0) + 1
                )
            elif item.at > latest:
                summary.skipped["reviews in the future"] = (
                    summary.skipped.get("reviews in the future", 0) + 1
                )
            else:
                rid = review_id(item.anki_id, item.at.timestamp(), person)
                reviews.append(
                    Review(rid, key, person, Rating(item.rating), item.at, person, item.duration_ms)
                )
        known = self.ctx.reviews.known_ids(r.id for r in reviews)
        fresh = [r for r in reviews if r.id not in known]
        for review in fresh:
            self.ctx.reviews.add(review, FsrsState.NEW)
        touched = {r.card for r in fresh}
        if touched:
            Replayer(self.ctx).run(person, touched, fix=True)
        summary.reviews, summary.reviews_known = len(fresh), len(reviews) - len(fresh)
        summary.states_rebuilt = len(touched)


def review_id(anki_id: int, timestamp: float, person: str) -> str:
    """A review id derived from Anki's revlog id: the same on every import, sorted by time."""
    digest = hashlib.sha256(f"anki:{anki_id}:{person}".encode()).digest()
    return _base32(int(timestamp * 1000), 10) + _base32(int.from_bytes(digest[:7]) >> 6, 10)


def _base32(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, rest = divmod(number, 32)
        chars.append(_B32[rest])
    return "".join(reversed(chars))
