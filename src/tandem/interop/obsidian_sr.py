"""Provides reading the flashcards of Obsidian notes (the Spaced Repetition plugin's syntax),
with the schedule the plugin keeps in them.

Cards (the plugin's default separators): ``question::answer`` on one line, ``question:::answer``
for a card both ways; several lines of question, a line ``?`` (``??`` both ways), several
lines of answer, ending at a blank line; a paragraph with ``==highlights==`` is a cloze, one
card per highlight. Headings, code blocks and other paragraphs are notes, not cards. The
first ``#flashcards/…`` tag names the deck (``#flashcards/spanish/verbs`` → ``spanish::verbs``);
without one, the note's file name does.

The plugin writes each card's schedule into the note, ``<!--SR:!2026-03-05,3,250-->`` (due
date, interval in days, ease), on the card's last line or on the line after it: one
``!date,interval,ease`` group per card of the question, in order (the forward card, then the
backward one; a cloze's highlights in order; ``2000-01-01`` for one not studied yet). It
keeps no history, only that date: each scheduled card comes with a due date set by hand
(``ImportedReview`` of kind ``manual``, no rating) on that day, at ``now``. A comment that
is not such groups, or holds a date more than ``MAX_DAYS`` from ``now``, is ignored with a
warning naming its line, and its cards start new.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tandem.interop.anki_model import ImportedNote, ImportedReview, Mapped
from tandem.interop.foreign_media import MediaReader
from tandem.interop.text_files import read_utf8
from tandem.models.card_key import FORWARD, REVERSE, cloze_variant

_SCHEDULE = re.compile(r"<!--SR:(.*?)-->")
_GROUP = re.compile(r"\s*([\d-]+),(\d+),(\d+)\s*")
_ISO_DAY, _DMY_DAY = re.compile(r"\d{4}-\d\d-\d\d"), re.compile(r"(\d\d)-(\d\d)-(\d{4})")
MAX_DAYS = 36_500
"""The furthest from today a due date is taken, either way (a hundred years)."""
NOT_STUDIED = date(2000, 1, 1)
"""The date the plugin writes for a card of a question not studied yet."""
_HIGHLIGHT = re.compile(r"==(?=\S)([^=\n]+?)==")
_DECK_TAG = re.compile(r"(?:^|\s)#flashcards(?:/([\w/\-]+))?")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class _Line:
    """A line of a paragraph without its schedule comments, and those comments (with the
    number of the line each is on; a comment alone on its line belongs to the line before)."""

    number: int
    text: str
    comments: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Found:
    """A note of a file, its cards' variants in the order the plugin schedules them, and
    the schedule comments that came with it."""

    note: ImportedNote
    variants: list[str]
    comments: list[tuple[int, str]]


def looks_like_obsidian(text: str) -> bool:
    """A note with the plugin's tag, or cards in its syntax outside code."""
    if _DECK_TAG.search(text):
        return True
    return bool(_cards_in(text, "x"))


def read_obsidian(path: Path, media: MediaReader | None = None, *, now: datetime) -> Mapped:
    """Reads the flashcards of one note, or of every ``.md`` note in a folder (a vault), and
    their schedules as due dates set at ``now``.

    Raises:
        BadInputError: a note is not UTF-8 or too large.
    """
    mapped = Mapped()
    files = sorted(p for p in path.rglob("*.md") if p.is_file()) if path.is_dir() else [path]
    root = path if path.is_dir() else path.parent
    for file in files:
        name = str(file.relative_to(root))
        text = read_utf8(file, name)
        for found in _cards_in(text, file.stem):
            note = found.note
            if media is not None:
                note.question = media.relink(note.question, file.parent, note.media)
                note.answer = media.relink(note.answer, file.parent, note.media)
            mapped.notes.append(note)
            days = _schedule(found, name, now.date(), mapped.warnings)
            for variant, day in zip(found.variants, days, strict=False):
                if day is not None:
                    number = len(mapped.reviews) + 1
                    note.cards[number] = variant
                    mapped.reviews.append(_set_due(note.guid, variant, number, day, now))
    if media is not None:
        mapped.warnings += media.warnings
    return mapped


def _set_due(guid: str, variant: str, card: int, day: date, now: datetime) -> ImportedReview:
    """The due date set on ``day``; its id stands for the card and the day."""
    digest = hashlib.sha256(f"osr\0{guid}\0{variant}\0{day.isoformat()}".encode()).digest()
    return ImportedReview(int.from_bytes(digest[:6]), card, 0, now, None, "manual", due_date=day)


def _schedule(found: _Found, name: str, today: date, warnings: list[str]) -> list[date | None]:
    """The due day of each card of a question (None: not studied) from its comments."""
    days: list[date | None] = []
    comments, cards = found.comments, len(found.variants)
    for number, body in comments:
        read = _groups(body)
        if read is None:
            warnings.append(
                f"{name}:{number}: a schedule comment (<!--SR:...-->) that is not "
                "!date,interval,ease groups is ignored: its cards start new"
            )
        elif any(day is not None and abs((day - today).days) > MAX_DAYS for day in read):
            warnings.append(
                f"{name}:{number}: a schedule comment (<!--SR:...-->) with a date more than "
                f"{MAX_DAYS} days from today is ignored: its cards start new"
            )
        else:
            days += read
    if len(days) > cards:
        warnings.append(
            f"{name}:{comments[0][0]}: {len(days)} schedules for {cards} card(s); "
            f"the first {cards} are taken"
        )
    return days[:cards]


def _groups(body: str) -> list[date | None] | None:
    """The days of ``!date,interval,ease!date,…``, or None when it is not that."""
    first, *groups = body.split("!")
    if first.strip() or not groups:
        return None
    days: list[date | None] = []
    for group in groups:
        match = _GROUP.fullmatch(group)
        day = _day(match.group(1)) if match else None
        if day is None:
            return None
        days.append(None if day == NOT_STUDIED else day)
    return days


def _day(text: str) -> date | None:
    """A date as the plugin writes it (``YYYY-MM-DD``, or ``DD-MM-YYYY``)."""
    try:
        if _ISO_DAY.fullmatch(text):
            return date.fromisoformat(text)
        dmy = _DMY_DAY.fullmatch(text)
        if dmy:
            return date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
    except ValueError:
        return None
    return None


def _cards_in(text: str, stem: str) -> list[_Found]:
    tag = _DECK_TAG.search(text)
    deck = tag.group(1).replace("/", "::") if tag and tag.group(1) else stem
    found: list[_Found] = []
    body, offset = _without_front_matter(text)
    for block in _paragraphs(body, offset):
        found += _block_cards(block, deck)
    return found


def _without_front_matter(text: str) -> tuple[str, int]:
    """The text after the front matter, and how many line breaks came before it."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            return text[end + 4 :], text.count("\n", 0, end + 4)
    return text, 0


def _paragraphs(text: str, offset: int) -> list[list[_Line]]:
    """Runs of lines outside code fences that are not blank once schedule comments are
    taken out; a line of comments alone ends the paragraph it follows, as it belongs to it."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    fenced = False
    for number, raw in enumerate(text.splitlines(), offset + 1):
        if _FENCE.match(raw):
            fenced = not fenced
            current = []
            continue
        if fenced:
            continue
        comments = [(number, m.group(1)) for m in _SCHEDULE.finditer(raw)]
        line = _SCHEDULE.sub("", raw).rstrip()
        if line.strip():
            current.append(_Line(number, line, comments))
            if len(current) == 1:
                blocks.append(current)
        else:
            if current:
                current[-1].comments += comments
            current = []
    return blocks


def _block_cards(lines: list[_Line], deck: str) -> list[_Found]:
    comments = [comment for line in lines for comment in line.comments]
    for index, line in enumerate(lines):
        if line.text.strip() in ("?", "??"):
            question = "\n".join(q.text for q in lines[:index])
            answer = "\n".join(a.text for a in lines[index + 1 :])
            both = line.text.strip() == "??"
            return [_basic(deck, question, answer, both, comments)]
    cards: list[_Found] = []
    for line in lines:
        if line.text.lstrip().startswith("#"):
            continue  # a heading or a tag line
        for separator, both in ((":::", True), ("::", False)):
            question, found, answer = line.text.partition(separator)
            if found and question.strip() and answer.strip() and "`" not in question:
                cards.append(_basic(deck, question.strip(), answer.strip(), both, line.comments))
                break
    if cards:
        return cards
    text = "\n".join(line.text for line in lines)
    if not _HIGHLIGHT.search(text):
        return []
    numbers = iter(range(1, 1000))
    cloze = _HIGHLIGHT.sub(lambda m: f"{{{{c{next(numbers)}::{m.group(1)}}}}}", text)
    count = len(_HIGHLIGHT.findall(text))
    variants = [cloze_variant(n) for n in range(1, count + 1)]
    return [_Found(_note(deck, cloze, "", both=False, kind="cloze"), variants, comments)]


def _basic(
    deck: str, question: str, answer: str, both: bool, comments: list[tuple[int, str]]
) -> _Found:
    variants = [FORWARD, REVERSE] if both else [FORWARD]
    return _Found(_note(deck, question, answer, both=both), variants, comments)


def _note(
    deck: str, question: str, answer: str, *, both: bool, kind: str = "basic"
) -> ImportedNote:
    digest = hashlib.sha256(f"{kind}\0{question}\0{answer}".encode()).hexdigest()[:20]
    return ImportedNote(guid=f"osr-{digest}", deck=deck, kind="cloze" if kind == "cloze" else
                        "basic", question=question, answer=answer, reverse=both)  # fmt: skip
