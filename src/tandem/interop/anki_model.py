"""Provides plain models of what an Anki collection holds, and of notes ready for tandem."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple


@dataclass(frozen=True)
class Notetype:
    """An Anki note type: its name, kind, field names and card templates' front formats."""

    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    fronts: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...] = ()  # (name, front, back) formats
    css: str = ""
    sort_field: int = 0
    mod: int = 0

    def carried_whole(self) -> bool:
        """Whether tandem carries every field of its notes (so it can export them on it)."""
        return len(self.fields) >= 2 and len(self.templates) == len(self.fronts) > 0

    def to_dict(self) -> dict[str, object]:
        """The note type as JSON (``decks/.anki/notetypes.json``)."""
        return {"id": self.id, "name": self.name, "cloze": self.cloze, "fields": list(self.fields),
                "templates": [list(t) for t in self.templates], "css": self.css,
                "sort_field": self.sort_field, "mod": self.mod}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notetype:
        """The note type of ``to_dict`` (KeyError, TypeError or ValueError if it is not one)."""
        templates = tuple((str(n), str(q), str(a)) for n, q, a in data["templates"])
        fields = tuple(str(f) for f in data["fields"])
        fronts = tuple(q for _, q, _ in templates)
        css, sort_field, mod = str(data["css"]), int(data["sort_field"]), int(data["mod"])
        name, cloze = str(data["name"]), bool(data["cloze"])
        return cls(int(data["id"]), name, cloze, fields, fronts, templates, css, sort_field, mod)


class AnkiNote(NamedTuple):
    """An Anki note: its fields as stored (HTML), in the note type's order, and tags split.

    ``fields`` is None for a note refused unread: more fields than any note type needs, or
    more text than a deck file can hold (``interop.collection`` says how many).
    """

    id: int
    guid: str
    notetype: int
    tags: tuple[str, ...]
    fields: tuple[str, ...] | None


class AnkiCard(NamedTuple):
    """An Anki card: which note, deck and template (``ord``) it belongs to.

    ``due_day``: the day a review card is due, counted from the collection's creation day
    (``Collection.created``); None for a card that is new or learning.
    """

    id: int
    note: int
    deck: int
    ord: int
    due_day: int | None = None


class RevlogRow(NamedTuple):
    """One row of Anki's review log (``id`` is the answer time in ms).

    ``type``: 0 learning, 1 review, 2 relearning, 3 filtered, 4 manual, 5 rescheduled;
    ``factor`` 0 marks a reset (manual) or cramming (filtered) entry. ``ivl`` is the interval
    the entry left: days when positive, seconds (a learning step) when negative; a set due
    date (manual) or a rescheduling row writes the card's interval there, not its due date.
    """

    id: int
    card: int
    ease: int
    type: int
    time_ms: int
    factor: int = 0
    ivl: int = 0


@dataclass(frozen=True)
class MediaFile:
    """A media file of a package: its (validated) name, and its bytes or (``spooled``) the
    file they were streamed to, so a package's media are never all in memory."""

    name: str
    data: bytes = b""
    spooled: Path | None = None


@dataclass
class Collection:
    """Everything tandem reads from an Anki collection."""

    decks: dict[int, str]
    notetypes: dict[int, Notetype]
    notes: list[AnkiNote]
    cards: list[AnkiCard]
    revlog: list[RevlogRow]
    media: list[MediaFile] = field(default_factory=list)
    format: str = ""
    created: int = 0
    """The collection's creation (``col.crt``, seconds): the start of its day 0."""


@dataclass
class ImportedNote:
    """An Anki note mapped to tandem's terms (Markdown text, kind, reverse flag).

    ``cards`` maps the Anki card ids to tandem's variants ('' / 'r' / 'c2').
    """

    guid: str
    deck: str
    kind: Literal["basic", "cloze"]
    question: str
    answer: str
    reverse: bool = False
    tags: list[str] = field(default_factory=list)
    cards: dict[int, str] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)
    """The note type's fields past the second that hold text, as (name, Markdown)."""
    keeps_fields: bool = False
    """The source has no place for fields past the second (a text row without columns past
    the answer): a note already in a deck file keeps its own, as Anki's text import keeps
    the fields it has no column for."""


class ImportedReview(NamedTuple):
    """A review from Anki's log, tied to the Anki card it was made on.

    ``kind`` is a ``ReviewKind`` value; a reset and a due date set by hand have rating 0.
    A due date set by hand (``manual``) makes the card due ``due_days`` study days after the
    study day of ``at``, or on the study day ``due_date``: a schedule that came without its
    history (Obsidian's Spaced Repetition plugin), which is in the log already when a due
    date set to that day is.
    """

    anki_id: int
    card: int
    rating: int
    at: datetime
    duration_ms: int | None
    kind: str = "review"
    due_days: int | None = None
    due_date: date | None = None


@dataclass
class Mapped:
    """The result of mapping a collection: notes, reviews, and what was skipped and why."""

    notes: list[ImportedNote] = field(default_factory=list)
    reviews: list[ImportedReview] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notetypes: dict[int, Notetype] = field(default_factory=dict)
    """The Anki note types that notes can go back on (every field carried), by id."""
    note_types: dict[str, int] = field(default_factory=dict)
    """The note type of each note (by GUID) imported on one of ``notetypes``."""

    def skip(self, reason: str, count: int = 1) -> None:
        """Counts ``count`` things skipped for ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + count
