"""Provides mapping the data of a Mochi export to notes ready for tandem: decks (their
``parent-id`` chains as ``A::B``), cards (sides split at ``---`` lines, templates filled in,
fields past the question and answer as extra fields, clozes, attachments) and reviews.

``interop.mochi`` reads the package; ``interop.mochi_data`` decodes its data.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tandem.interop.anki_model import ImportedNote, ImportedReview, Mapped
from tandem.interop.archive import is_plain_name
from tandem.interop.mapping import clean_tags, is_field_name
from tandem.interop.medianames import MEDIA_FOLDER, safe_media_name
from tandem.interop.sanitize import Cleaner
from tandem.models import BadInputError
from tandem.models.card_key import REVERSE, cloze_variant
from tandem.models.cloze import cloze_numbers

SKIP_TRASHED = "cards in Mochi's trash (or in a trashed deck)"
SKIP_ARCHIVED = "archived cards (or in an archived deck): Mochi no longer reviews them"
SKIP_MARKER = "review records that only mark a card as started (no interval, due = date)"
SKIP_BAD_REVIEW = "review records that could not be read (no date or remembered?)"
SKIP_BAD_CARD = "entries that are not cards (no text, or not a map)"
SKIP_EMPTY = "cards with an empty front"
_SIDE_BREAK = re.compile(r"^[ \t]*---[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_PLACEHOLDER = re.compile(r"<<\s*([^<>\n]{1,200}?)\s*>>")
_MOCHI_CLOZE = re.compile(r"\{\{(?:(\d{1,4})::)?([^{}]*)\}\}")
# An attachment link, its ``)`` optional so that one left open is read once, not again from
# every ``](@media/`` inside it (quadratic); ``_relink`` leaves such a link as it is.
_ATTACHMENT = re.compile(r"\]\(@media/([^)\s]+)(\)?)")
_PLAIN_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
_WHITESPACE = re.compile(r"\s+")
_MAX_DEPTH = 64


@dataclass
class _Template:
    content: str
    names: dict[str, str]  # field id -> field name
    order: list[str]  # field ids, by their position


@dataclass
class CardReader:
    """Reads the decks, templates and cards of an export's data into ``mapped``; the
    attachments the cards refer to are listed in ``attachments``."""

    label: str
    mapped: Mapped = field(default_factory=Mapped)
    cleaner: Cleaner = field(default_factory=Cleaner)
    decks: dict[str, dict[str, Any]] = field(default_factory=dict)
    templates: dict[str, _Template] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    numbers: int = 0  # the last card number given (Mapped's cards are numbered)
    deck_facts: dict[str, str] = field(default_factory=dict)  # a deck's name and state, by id

    def read(self, data: Any) -> None:
        """Reads the whole data (a map).

        Raises:
            BadInputError: the data is not a map, or has no decks and no cards.
        """
        if not isinstance(data, dict):
            raise BadInputError(f"{self.label}: not a Mochi export (the data is not a map)")
        decks, cards = _list(data.get("decks")), _list(data.get("cards"))
        if not decks and not cards:
            raise BadInputError(f"{self.label}: not a Mochi export (no decks and no cards)")
        for deck in decks:
            if isinstance(deck, dict) and deck.get("id") is not None:
                self.decks[str(deck["id"])] = deck
        for template in _list(data.get("templates")):
            if isinstance(template, dict) and template.get("id") is not None:
                self.templates[str(template["id"])] = _template(template)
        for deck in decks:
            if isinstance(deck, dict):
                for card in _in_order(_list(deck.get("cards"))):
                    self.card(card, deck.get("id"))
        for card in _in_order(cards):
            self.card(card, None)

    def card(self, card: Any, deck_id: Any) -> None:
        if not isinstance(card, dict):
            self.mapped.skip(SKIP_BAD_CARD)
            return
        deck_id = card.get("deck-id", deck_id)
        state = self._deck_state(deck_id)
        if _truthy(card.get("trashed?")) or state == "trashed":
            self.mapped.skip(SKIP_TRASHED)
            return
        if _truthy(card.get("archived?")) or state == "archived":
            self.mapped.skip(SKIP_ARCHIVED)
            return
        sides, extra = self._sides(card)
        if sides is None:
            self.mapped.skip(SKIP_BAD_CARD)
            return
        question = sides[0] if sides else ""
        if not question.strip():
            self.mapped.skip(SKIP_EMPTY)
            return
        note = ImportedNote(
            guid=_guid(card), deck=self._deck_name(deck_id), kind="basic", question=question,
            answer=sides[1] if len(sides) > 1 else "", tags=self._tags(card),
        )  # fmt: skip
        note.fields = extra + [(f"Side {n}", text) for n, text in enumerate(sides[2:], 3)]
        note.fields = [(name, text) for name, text in note.fields if text.strip()]
        for text_of in ("question", "answer"):
            setattr(note, text_of, self._relink(getattr(note, text_of), note))
        note.fields = [(name, self._relink(text, note)) for name, text in note.fields]
        first = self._cards(note, card)
        if first is None:
            self.mapped.skip("cloze cards without a deletion")
            return
        self.mapped.notes.append(note)
        self._reviews(card, first)

    def _sides(self, card: dict[str, Any]) -> tuple[list[str] | None, list[tuple[str, str]]]:
        """The card's sides (its content, or its template filled in) and the fields the
        template does not show (name, text)."""
        values = _field_values(card.get("fields"))
        template = self.templates.get(str(card.get("template-id")))
        content = card.get("content")
        if template is not None and values and template.content.strip():
            used: set[str] = set()
            names = {name: fid for fid, name in template.names.items()}

            def fill(match: re.Match[str]) -> str:
                fid = names.get(match.group(1).strip())
                if fid is None:
                    return ""
                used.add(fid)
                return values.get(fid, "")

            text = _PLACEHOLDER.sub(fill, self.cleaner.clean(template.content))
            rest = [fid for fid in [*template.order, *values] if fid not in used]
            return _split_sides(text), self._named(rest, values, template)
        if isinstance(content, str) and content.strip():
            return _split_sides(self.cleaner.clean(content)), self._named(
                list(values), values, template
            )
        if values:  # no content and no template to show the fields with: in their order
            order = [*(template.order if template else []), *values]
            ids = list(dict.fromkeys(fid for fid in order if fid in values))
            texts = [values[fid] for fid in ids[:2]]
            return texts, self._named(ids[2:], values, template)
        return None, []

    def _named(
        self, ids: list[str], values: dict[str, str], template: _Template | None
    ) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for fid in dict.fromkeys(ids):
            text = values.get(fid, "")
            if not text.strip():
                continue
            name = self.cleaner.clean(template.names.get(fid, "") if template else "").strip()
            if not is_field_name(name) or any(name == taken for taken, _ in found):
                name = f"Field {len(found) + 3}"
            found.append((name, text))
        return found

    def _cards(self, note: ImportedNote, card: dict[str, Any]) -> int | None:
        """Gives the note its cards (numbered); returns the one the reviews go to."""
        converted = _clozes(note.question)
        if converted != note.question:
            numbers = sorted(set(cloze_numbers(converted)))
            if not numbers:
                return None
            note.kind, note.question = "cloze", converted
            for number in numbers:
                self.numbers += 1
                note.cards[self.numbers] = cloze_variant(number)
            return next(iter(note.cards))
        self.numbers += 1
        note.cards[self.numbers] = ""
        first = self.numbers
        if _truthy(card.get("review-reverse?")):
            note.reverse = True
            self.numbers += 1
            note.cards[self.numbers] = REVERSE
        return first

    def _reviews(self, card: dict[str, Any], number: int) -> None:
        card_id = str(card.get("id") or _guid(card))
        for review in _list(card.get("reviews")):
            if not isinstance(review, dict):
                self.mapped.skip(SKIP_BAD_REVIEW)
                continue
            at, remembered = review.get("date"), review.get("remembered?")
            if not isinstance(at, datetime) or not isinstance(remembered, bool):
                self.mapped.skip(SKIP_BAD_REVIEW)
            elif "interval" not in review and review.get("due") == at:
                self.mapped.skip(SKIP_MARKER)
            else:
                ms = int(at.timestamp() * 1000)
                digest = hashlib.sha256(f"mochi:{card_id}:{ms}".encode()).digest()
                rating = 3 if remembered else 1
                self.mapped.reviews.append(
                    ImportedReview(int.from_bytes(digest[:7]), number, rating, at, None)
                )

    def _deck_state(self, deck_id: Any) -> str:
        """'trashed' or 'archived' when the deck or one of its parents is, else ''."""
        key = f"state:{deck_id}"
        if key not in self.deck_facts:
            self.deck_facts[key] = self._find_state(deck_id)
        return self.deck_facts[key]

    def _find_state(self, deck_id: Any) -> str:
        for deck in self._lineage(deck_id):
            if _truthy(deck.get("trashed?")):
                return "trashed"
            if _truthy(deck.get("archived?")):
                return "archived"
        return ""

    def _deck_name(self, deck_id: Any) -> str:
        key = f"name:{deck_id}"
        if key not in self.deck_facts:
            self.deck_facts[key] = self._find_name(deck_id)
        return self.deck_facts[key]

    def _find_name(self, deck_id: Any) -> str:
        parts = []
        for deck in reversed(self._lineage(deck_id)):
            name = deck.get("name")
            name = self.cleaner.clean(name).strip() if isinstance(name, str) else ""
            parts.append(name.replace("::", ":") or str(deck.get("id")))
        return "::".join(parts) or "Mochi"

    def _lineage(self, deck_id: Any) -> list[dict[str, Any]]:
        """The deck and its parents, nearest first (a loop or a missing parent ends it)."""
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        while deck_id is not None and str(deck_id) not in seen and len(found) < _MAX_DEPTH:
            seen.add(str(deck_id))
            deck = self.decks.get(str(deck_id))
            if deck is None:
                break
            found.append(deck)
            deck_id = deck.get("parent-id")
        return found

    def _tags(self, card: dict[str, Any]) -> list[str]:
        tags = [*_list(card.get("tags")), *_list(card.get("manual-tags"))]
        words = [
            _WHITESPACE.sub("_", self.cleaner.clean(t).strip()) for t in tags if isinstance(t, str)
        ]
        return clean_tags(" ".join(word.lstrip("#") for word in words if word))

    def _relink(self, text: str, note: ImportedNote) -> str:
        """``text`` with Mochi's attachment links (``@media/NAME``) pointing into ``media/``."""

        def swap(match: re.Match[str]) -> str:
            name = match.group(1)
            if not match.group(2):
                return match.group(0)  # no ``)``: not a link
            safe = safe_media_name(name)
            if safe is None or not is_plain_name(name):
                warning = f"attachment {name!r} has a name tandem does not write; link kept"
                if warning not in self.mapped.warnings:
                    self.mapped.warnings.append(warning)
                return match.group(0)
            if name not in note.media:
                note.media.append(name)
            if name not in self.attachments:
                self.attachments.append(name)
            return f"]({MEDIA_FOLDER}/{safe})"

        return _ATTACHMENT.sub(swap, text)


def _template(data: dict[str, Any]) -> _Template:
    content = data.get("content")
    names: dict[str, str] = {}
    positions: list[tuple[str, str]] = []
    fields = data.get("fields")
    for fid, spec in fields.items() if isinstance(fields, dict) else ():
        spec = spec if isinstance(spec, dict) else {}
        name = spec.get("name")
        names[str(fid)] = name if isinstance(name, str) else str(fid)
        positions.append((str(spec.get("pos", "")), str(fid)))
    order = [fid for _, fid in sorted(positions)]
    return _Template(content if isinstance(content, str) else "", names, order)


def _field_values(fields: Any) -> dict[str, str]:
    """A card's field values by field id (a value may be given bare or as ``{value: …}``)."""
    values: dict[str, str] = {}
    for fid, spec in fields.items() if isinstance(fields, dict) else ():
        value = spec.get("value") if isinstance(spec, dict) else spec
        if isinstance(value, bool):
            values[str(fid)] = "yes" if value else "no"
        elif isinstance(value, str | int | float):
            values[str(fid)] = str(value)
    return values


def _split_sides(text: str) -> list[str]:
    """The sides of a card's Markdown: split at ``---`` lines outside code fences."""
    sides: list[list[str]] = [[]]
    fence = ""
    for line in text.replace("\r\n", "\n").split("\n"):
        opened = _FENCE.match(line)
        if opened and (not fence or opened.group(1).startswith(fence)):
            fence = "" if fence else opened.group(1)[:3]
        if not fence and _SIDE_BREAK.match(line):
            sides.append([])
        else:
            sides[-1].append(line)
    return ["\n".join(lines).strip("\n").strip() for lines in sides]


def _clozes(text: str) -> str:
    """Mochi's clozes (``{{text}}``, ``{{2::text}}``) as tandem's (``{{c1::text}}``)."""

    def swap(match: re.Match[str]) -> str:
        number, inner = match.group(1), match.group(2)
        if not inner.strip() or re.match(r"c\d+::", inner):
            return match.group(0)
        return f"{{{{c{int(number) if number and int(number) > 0 else 1}::{inner}}}}}"

    return _MOCHI_CLOZE.sub(swap, text)


def _guid(card: dict[str, Any]) -> str:
    card_id = str(card.get("id") or "")
    if _PLAIN_ID.match(card_id):
        return f"mochi-{card_id}"
    seed = f"{card_id}\x00{card.get('deck-id')}\x00{card.get('content')}".encode()
    return "mochi-" + hashlib.sha256(seed).hexdigest()[:20]


def _in_order(cards: list[Any]) -> list[Any]:
    """Cards in Mochi's order: by their ``pos`` (compared as text), those without one last."""

    def key(card: Any) -> tuple[int, str]:
        pos = card.get("pos") if isinstance(card, dict) else None
        return (0, pos) if isinstance(pos, str) else (1, "")

    return sorted(cards, key=key)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _truthy(value: Any) -> bool:
    """Mochi marks archived and trashed with true or a time; false and nil are neither."""
    return value is not None and value is not False
