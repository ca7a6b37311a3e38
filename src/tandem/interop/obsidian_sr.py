"""Provides reading the flashcards of Obsidian notes (the Spaced Repetition plugin's syntax).

Cards (the plugin's default separators): ``question::answer`` on one line, ``question:::answer``
for a card both ways; several lines of question, a line ``?`` (``??`` both ways), several
lines of answer, ending at a blank line; a paragraph with ``==highlights==`` is a cloze, one
card per highlight. Headings, code blocks and other paragraphs are notes, not cards. The
first ``#flashcards/…`` tag names the deck (``#flashcards/spanish/verbs`` → ``spanish::verbs``);
without one, the note's file name does. The plugin's ``<!--SR:!date,interval,ease-->``
comments hold a schedule but no review history: they are dropped (documented in docs/anki.md).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tandem.interop.anki_model import ImportedNote, Mapped
from tandem.interop.foreign_media import MediaReader
from tandem.interop.text_files import read_utf8

_SCHEDULE = re.compile(r"<!--SR:[^>]*-->")
_HIGHLIGHT = re.compile(r"==(?=\S)([^=\n]+?)==")
_DECK_TAG = re.compile(r"(?:^|\s)#flashcards(?:/([\w/\-]+))?")
_FENCE = re.compile(r"^\s*(```|~~~)")


def looks_like_obsidian(text: str) -> bool:
    """A note with the plugin's tag, or cards in its syntax outside code."""
    if _DECK_TAG.search(text):
        return True
    return bool(_cards_in(text, "x"))


def read_obsidian(path: Path, media: MediaReader | None = None) -> Mapped:
    """Reads the flashcards of one note, or of every ``.md`` note in a folder (a vault).

    Raises:
        BadInputError: a note is not UTF-8 or too large.
    """
    mapped = Mapped()
    files = sorted(p for p in path.rglob("*.md") if p.is_file()) if path.is_dir() else [path]
    root = path if path.is_dir() else path.parent
    for file in files:
        name = str(file.relative_to(root))
        text = read_utf8(file, name)
        for note in _cards_in(text, file.stem):
            if media is not None:
                note.question = media.relink(note.question, file.parent, note.media)
                note.answer = media.relink(note.answer, file.parent, note.media)
            mapped.notes.append(note)
    if media is not None:
        mapped.warnings += media.warnings
    return mapped


def _cards_in(text: str, stem: str) -> list[ImportedNote]:
    tag = _DECK_TAG.search(text)
    deck = tag.group(1).replace("/", "::") if tag and tag.group(1) else stem
    notes: list[ImportedNote] = []
    for block in _paragraphs(_SCHEDULE.sub("", _without_front_matter(text))):
        notes += _block_cards(block, deck)
    return notes


def _without_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            return text[end + 4 :]
    return text


def _paragraphs(text: str) -> list[list[str]]:
    """Runs of non-blank lines outside code fences."""
    blocks: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            current = []
            continue
        if fenced:
            continue
        if line.strip():
            current.append(line.rstrip())
            if len(current) == 1:
                blocks.append(current)
        else:
            current = []
    return blocks


def _block_cards(lines: list[str], deck: str) -> list[ImportedNote]:
    for index, line in enumerate(lines):
        if line.strip() in ("?", "??"):
            question, answer = "\n".join(lines[:index]), "\n".join(lines[index + 1 :])
            return [_note(deck, question, answer, both=line.strip() == "??")]
    cards: list[ImportedNote] = []
    for line in lines:
        if line.lstrip().startswith("#"):
            continue  # a heading or a tag line
        for separator, both in ((":::", True), ("::", False)):
            question, found, answer = line.partition(separator)
            if found and question.strip() and answer.strip() and "`" not in question:
                cards.append(_note(deck, question.strip(), answer.strip(), both=both))
                break
    if cards:
        return cards
    text = "\n".join(lines)
    if _HIGHLIGHT.search(text):
        numbers = iter(range(1, 1000))
        cloze = _HIGHLIGHT.sub(lambda m: f"{{{{c{next(numbers)}::{m.group(1)}}}}}", text)
        return [_note(deck, cloze, "", both=False, kind="cloze")]
    return []


def _note(
    deck: str, question: str, answer: str, *, both: bool, kind: str = "basic"
) -> ImportedNote:
    digest = hashlib.sha256(f"{kind}\0{question}\0{answer}".encode()).hexdigest()[:20]
    return ImportedNote(guid=f"osr-{digest}", deck=deck, kind="cloze" if kind == "cloze" else
                        "basic", question=question, answer=answer, reverse=both)  # fmt: skip
