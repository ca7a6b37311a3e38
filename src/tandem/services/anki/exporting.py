"""Provides ``tandem export``: every deck as Anki text (with headers) or an Anki package.

Cards keep their Anki GUID; a card without one is exported with a GUID derived from its
note id (``tandem-<id>``), which importing maps back to the same note. Deck files are not
changed by an export.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from tandem.config.files import write_atomically
from tandem.interop import derived_guid
from tandem.interop.anki_model import Notetype
from tandem.interop.anki_text import TextNote, write_text_notes
from tandem.interop.apkg_write import Package, PackageCard, PackageNote, write_apkg
from tandem.interop.legacy_schema import (
    NOTETYPE_NAMES,
    fields_notetype,
    is_fields_notetype,
    with_more_fields,
)
from tandem.interop.md_html import markdown_to_html, media_names
from tandem.interop.notetype_file import load_notetypes
from tandem.models import CardKey, FsrsState, StorageError
from tandem.services.anki.schedule import DAY_SECONDS, revlog_rows, scheduled_card
from tandem.services.context import Context
from tandem.services.sync.sync import Sync
from tandem.storage.note_rows import DeckRow, NoteRow


@dataclass
class ExportResult:
    """What an export wrote."""

    notes: int = 0
    cards: int = 0
    reviews: int = 0
    media: int = 0


class Exporter:
    """Writes the decks in Anki's formats (after syncing the deck files)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def text(self) -> tuple[str, ExportResult]:
        """Anki's "Notes in Plain Text" for every active note."""
        notes = self._notes()
        lines = [
            TextNote(
                _guid(note),
                NOTETYPE_NAMES[_kind(note)],
                deck.title,
                (markdown_to_html(note.question), markdown_to_html(note.answer)),
                note.tags,
            )
            for deck, note in notes
        ]
        cards = sum(len(self.ctx.cards.card_keys(note.id)) for _, note in notes)
        return write_text_notes(lines), ExportResult(notes=len(notes), cards=cards)

    def apkg(self, target: Path, *, person: str | None = None) -> ExportResult:
        """Writes a legacy ``.apkg``; with ``person``, their schedule and review history."""
        now = self.ctx.clock.now()
        # Anki's collection starts its day 0 at its day boundary, a year ago: the person's,
        # so Anki's due days are their study days.
        created = int(now.timestamp()) // DAY_SECONDS * DAY_SECONDS - 365 * DAY_SECONDS
        if person is not None:
            days = self.ctx.person(person).days
            created = int(days.start_of(days.study_date(now) - timedelta(days=365)).timestamp())
        package = Package(created=created, now_ms=int(now.timestamp() * 1000))
        states = {row.card: row for row in self.ctx.states.for_person(person)} if person else {}
        card_ids, note_ids = _Ids(package.now_ms), _Ids(package.now_ms)
        notes = self._notes()
        kept = load_notetypes(self.ctx.paths.decks)
        for position, (deck, note) in enumerate(notes):
            keys = [k for k, retired in self.ctx.cards.card_keys(note.id).items() if not retired]
            cards = tuple(
                scheduled_card(card_ids(key), _ord(key), states.get(key), position, package.created)
                for key in sorted(keys)
            )
            own, fields = _notetype_and_fields(_own_notetype(kept.of(note.guid), note, cards), note)
            package.notes.append(
                PackageNote(
                    note_ids(note.id),
                    _guid(note),
                    _kind(note),
                    deck.title,
                    fields,
                    note.tags,
                    cards,
                    own,
                )
            )
            self._media(deck, note, package)
        if person:
            reviews = list(self.ctx.reviews.for_person(person))
            prev = self._prev_states(person)
            package.reviews = revlog_rows(reviews, prev, card_ids.keys, package.created, person)
        with tempfile.TemporaryDirectory(prefix="tandem-export-") as folder:
            built = Path(folder) / "out.apkg"
            write_apkg(package, built)
            self.save(target, built.read_bytes())
        return ExportResult(
            len(package.notes),
            sum(len(n.cards) for n in package.notes),
            sum(1 for row in package.reviews if row.ease),  # answers (resets have ease 0)
            len(package.media),
        )

    def save(self, target: Path, data: bytes) -> None:
        """Writes ``data`` to ``target`` atomically."""
        try:
            write_atomically(target, data)
        except OSError as error:
            raise StorageError(f"{target}: cannot write: {error.strerror}") from None

    def _notes(self) -> list[tuple[DeckRow, NoteRow]]:
        if self.ctx.paths.decks.is_dir():
            Sync(self.ctx).run()
        decks = {deck.id: deck for deck in self.ctx.cards.decks()}
        notes = [n for n in self.ctx.cards.notes().values() if not n.retired]
        notes.sort(key=lambda n: (decks[n.deck_id].path, n.position))
        return [(decks[n.deck_id], n) for n in notes]

    def _media(self, deck: DeckRow, note: NoteRow, package: Package) -> None:
        folder = (self.ctx.paths.decks / deck.path).parent / "media"
        texts = [note.question, note.answer, *(text for _, text in note.fields)]
        for name in media_names("\n".join(texts)):
            path = folder / name
            if "/" not in name and name not in package.media and path.is_file():
                package.media[name] = path.read_bytes()

    def _prev_states(self, person: str) -> dict[str, FsrsState]:
        return self.ctx.reviews.prev_states(person)


def _own_notetype(
    notetype: Notetype | None, note: NoteRow, cards: tuple[PackageCard, ...]
) -> Notetype | None:
    """The note type the note came on, if it can still carry it (same kind, its cards'
    templates there); else None, for tandem's own."""
    if notetype is None or notetype.cloze != (note.kind == "cloze"):
        return None
    if not notetype.cloze and any(card.ord >= len(notetype.templates) for card in cards):
        return None
    return notetype


def _notetype_and_fields(
    own: Notetype | None, note: NoteRow
) -> tuple[Notetype | None, tuple[str, ...]]:
    """The note type a note goes out on and its fields as Anki HTML: its own (imported)
    type, or, when fields were added to the note in tandem since, that type with those
    fields after its own (``with_more_fields``); else, with extra fields, tandem's type of
    its kind with those fields after its two (in the note's order); else tandem's plain type
    (None)."""
    names = tuple(name for name, _ in note.fields)
    if own is not None and is_fields_notetype(own) and own.fields[2:] != names:
        own = None  # its fields changed in tandem since: the type of its fields now
    if own is not None and (added := _added_fields(own, note)):
        html = _html_fields(note, own) + tuple(markdown_to_html(t) if t else "" for _, t in added)
        return with_more_fields(own, tuple(name for name, _ in added)), html
    if own is not None or not note.fields:
        return own, _html_fields(note, own)
    derived = fields_notetype(_kind(note), names)
    extra = tuple(markdown_to_html(text) if text else "" for _, text in note.fields)
    return derived, _html_fields(note, None) + extra


def _html_fields(note: NoteRow, notetype: Notetype | None) -> tuple[str, ...]:
    """The note's fields as Anki HTML: question and answer, then, on its own note type, each
    of that type's other fields from the note's extra field of the same name (``Field N``,
    import's name for an unnamed field, goes back to position N), empty when it has none."""
    html = [markdown_to_html(note.question), markdown_to_html(note.answer)]
    if notetype is None:
        return tuple(html)
    texts = dict(note.fields)
    for index in range(2, len(notetype.fields)):
        text = texts.get(notetype.fields[index], texts.get(f"Field {index + 1}", ""))
        html.append(markdown_to_html(text) if text else "")
    return tuple(html)


def _added_fields(notetype: Notetype, note: NoteRow) -> list[tuple[str, str]]:
    """The note's extra fields that ``notetype`` has no place for (by name, or ``Field N``
    for its field N), in the note's order."""
    places = set(notetype.fields[2:]) | {f"Field {i + 1}" for i in range(2, len(notetype.fields))}
    return [(name, text) for name, text in note.fields if name not in places]


def _guid(note: NoteRow) -> str:
    return note.guid or derived_guid(note.id)


def _kind(note: NoteRow) -> str:
    return "cloze" if note.kind == "cloze" else "reversed" if note.reverse else "basic"


def _ord(key: str) -> int:
    return CardKey.parse(key).template_index


class _Ids:
    """Anki ids in export order (Anki sorts notes by id), unique within one package."""

    def __init__(self, start: int) -> None:
        self.next = start
        self.keys: dict[str, int] = {}

    def __call__(self, key: str) -> int:
        self.next += 1
        self.keys[key] = self.next
        return self.next
