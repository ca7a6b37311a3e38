"""Provides mapping an Anki collection to tandem's terms: notes as Markdown, reviews as ratings.

Basic, basic-and-reversed, optional-reversed and cloze note types map exactly; any other
note type maps its first two fields to front and back (with a warning). Fields past the
second become the note's extra fields, by name (``F: Name: text`` in a deck file). Review-log rows
keep what Anki's history rules (``reviews_for_fsrs``) need: a reset (Forget) becomes a reset,
an answer in a filtered deck without rescheduling is cramming, and a learning answer after
reviews restarts the card. A due date set by hand or by FSRS rescheduling becomes a due date
set by hand (``manual``) with the date Anki set (``set_due``). Other rows that are not
answers are skipped and counted.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

from tandem.interop.anki_model import (
    AnkiCard,
    AnkiNote,
    Collection,
    ImportedNote,
    ImportedReview,
    Mapped,
    Notetype,
    RevlogRow,
)
from tandem.interop.html_md import html_to_markdown
from tandem.interop.sanitize import Cleaner
from tandem.interop.set_due import SetDueDays, is_set_due
from tandem.models.card_key import REVERSE, cloze_variant
from tandem.models.cloze import cloze_numbers

CLOZE = re.compile(r"\{\{c\d+::")  # the start of a deletion: tells a cloze note
_TAG_UNSAFE = re.compile(r"[\s,·]|-->")
_NOT_IN_NAME = r":\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"  # a colon, control characters
# A name a deck file's ``F: Name: text`` can hold: one line, no colon, no surrounding spaces.
_FIELD_NAME = re.compile(rf"^[^\s{_NOT_IN_NAME}](?:[^{_NOT_IN_NAME}]*[^\s{_NOT_IN_NAME}])?\Z")
_LEARNING, _FILTERED, _MANUAL = 0, 3, 4
_NOT_ANSWERS = (4, 5)  # manual, rescheduled
SKIP_NOT_ANSWER = "review-log entries that are neither answers nor due dates"
SKIP_NO_CARD = "reviews of cards that were not imported"
SKIP_OVERSIZED = "notes with more than 1,000 fields or 10 MB of text"
_EARLIEST_MS, _LATEST_MS = 0, 253_402_300_799_000  # 1970 to the end of year 9999


def map_collection(collection: Collection) -> Mapped:
    """Maps every note of ``collection`` and its review log."""
    mapped, cleaner = Mapped(), Cleaner()
    cards: dict[int, list[AnkiCard]] = {}
    for card in collection.cards:
        cards.setdefault(card.note, []).append(card)
    odd: set[str] = set()
    tags: dict[str, list[str]] = {}  # most notes share a few sets of tags
    for note in collection.notes:
        notetype = collection.notetypes.get(note.notetype)
        own = cards.get(note.id, [])
        if note.fields is None:
            mapped.skip(SKIP_OVERSIZED)
        elif notetype is None:
            mapped.skip("notes of a note type missing from the package")
        elif not own:
            mapped.skip("notes without cards")
        else:
            deck = collection.decks.get(own[0].deck, "Default")
            imported = map_note(note, notetype, own, deck, cleaner, mapped, tags)
            if imported is not None:
                mapped.notes.append(imported)
                if notetype.carried_whole():
                    mapped.notetypes[notetype.id] = notetype
                    mapped.note_types[imported.guid] = notetype.id
                if not _is_known(notetype) and notetype.name not in odd:
                    odd.add(notetype.name)
                    mapped.warnings.append(
                        f"note type {notetype.name!r} mapped as front/back "
                        "from its first two fields"
                    )
    mapped.reviews = _reviews(collection, mapped)
    mapped.warnings += cleaner.warnings()
    return mapped


def map_note(
    note: AnkiNote,
    notetype: Notetype,
    cards: list[AnkiCard],
    deck: str,
    cleaner: Cleaner,
    mapped: Mapped,
    known_tags: dict[str, list[str]],
) -> ImportedNote | None:
    """Maps one note (None when it cannot be, counting why in ``mapped``).

    ``known_tags`` holds the tandem tags of each Anki tag string met so far.
    """
    texts, media = [], []
    for raw in (*(note.fields or ()), "", "")[:2]:
        text, refs = html_to_markdown(cleaner.clean(raw))
        texts.append(text)
        media += refs
    question, answer = texts
    fields, field_media = extra_fields(note.fields or (), notetype.fields, cleaner)
    raw_tags = cleaner.clean(" ".join(note.tags))
    if raw_tags not in known_tags:
        known_tags[raw_tags] = clean_tags(raw_tags)
    imported = ImportedNote(
        guid=cleaner.clean(note.guid).strip(),
        deck=cleaner.clean(deck),
        kind="basic",
        question=question,
        answer=answer,
        tags=list(known_tags[raw_tags]),
        media=media + field_media,
        fields=fields,
    )
    if notetype.cloze:
        numbers = set(cloze_numbers(question))  # as the deck parser will read them
        if not numbers:
            mapped.skip("cloze notes without a deletion")
            return None
        imported.kind = "cloze"
        imported.cards = {c.id: cloze_variant(c.ord + 1) for c in cards if c.ord + 1 in numbers}
    elif not question.strip():
        mapped.skip("notes with an empty front")
        return None
    else:
        imported.reverse = _is_known(notetype) and any(c.ord == 1 for c in cards)
        imported.cards = {c.id: "" for c in cards if c.ord == 0}
        imported.cards |= {c.id: REVERSE for c in cards if c.ord == 1 and imported.reverse}
    extra = len(cards) - len(imported.cards)
    if extra:
        mapped.skip("cards of templates tandem has no equivalent for", extra)
    return imported


def extra_fields(
    fields: tuple[str, ...], names: tuple[str, ...], cleaner: Cleaner
) -> tuple[list[tuple[str, str]], list[str]]:
    """The fields past the second that hold text, as (name, Markdown), and their media.

    A field is named as its note type names it; a name a deck file cannot hold (empty, a
    colon, surrounding spaces: not one Anki makes) or a field past the named ones becomes
    ``Field N``.
    """
    found: list[tuple[str, str]] = []
    media: list[str] = []
    for index in range(2, len(fields)):
        text, refs = html_to_markdown(cleaner.clean(fields[index]))
        if not text.strip():
            continue
        name = names[index] if index < len(names) else ""
        if not is_field_name(name) or any(name == taken for taken, _ in found):
            name = f"Field {index + 1}"
        found.append((name, text))
        media += refs
    return found, media


def is_field_name(name: str) -> bool:
    """Whether a deck file's ``F: Name: text`` can hold ``name`` (one line, no colon, no
    control characters, no spaces around it)."""
    return _FIELD_NAME.match(name) is not None


def clean_tags(tags: str) -> list[str]:
    """Anki's space-separated tags as valid tandem tags (unsafe characters become ``_``)."""
    found: list[str] = []
    for tag in tags.split():
        safe = _TAG_UNSAFE.sub("_", tag)
        if safe not in found:
            found.append(safe)
    return found


@lru_cache(maxsize=256)  # asked note after note of the few note types of a package
def _is_known(notetype: Notetype) -> bool:
    if notetype.cloze:
        return True
    names, fronts = notetype.fields, notetype.fronts
    if not names or not fronts or len(fronts) > 2 or f"{{{{{names[0]}}}}}" not in fronts[0]:
        return False
    return len(fronts) == 1 or (len(names) > 1 and f"{{{{{names[1]}}}}}" in fronts[1])


def _reviews(collection: Collection, mapped: Mapped) -> list[ImportedReview]:
    known = {card for note in mapped.notes for card in note.cards}
    reviews = []
    last: dict[int, str] = {}  # card -> what its latest entry was (cramming aside)
    set_due = SetDueDays(collection)
    for row in collection.revlog:
        kind = _kind(row, last)
        due_days = set_due.due_days(row) if kind == "manual" else None
        set_due.answered(row)
        if kind is None:
            mapped.skip(SKIP_NOT_ANSWER)
        elif kind not in ("reset", "manual") and not 1 <= row.ease <= 4:
            mapped.skip("review-log entries with an unknown answer button")
        elif row.card not in known:
            mapped.skip(SKIP_NO_CARD)
        elif not _EARLIEST_MS <= row.id <= _LATEST_MS:
            mapped.skip("review-log entries with an impossible time")
        else:
            at = datetime.fromtimestamp(row.id / 1000, UTC)
            duration = row.time_ms if 0 < row.time_ms < 86_400_000 else None
            rating = 0 if kind in ("reset", "manual") else row.ease
            reviews.append(ImportedReview(row.id, row.card, rating, at, duration, kind, due_days))
    return reviews


def _kind(row: RevlogRow, last: dict[int, str]) -> str | None:
    """The ``ReviewKind`` of a revlog row, or ``None`` for a row that is not an answer.

    ``last`` holds, per card, whether its latest row (cramming aside) was a learning answer,
    a reset or something else, in time order: a learning answer after "something else"
    restarts the card, as Anki's ``reviews_for_fsrs`` walks the log.
    """
    if row.type == _FILTERED and row.factor == 0:
        return "cram"  # a preview: neither a memory review nor a boundary
    if row.type == _MANUAL and row.factor == 0:
        last[row.card] = "reset"
        return "reset"
    before = last.get(row.card)
    if row.ease == 0 or row.type in _NOT_ANSWERS:
        last[row.card] = "other"
        return "manual" if is_set_due(row) else None
    if row.type == _LEARNING:
        last[row.card] = "learning"
        return "restart" if before == "other" else "review"
    last[row.card] = "other"
    return "review"
