"""Provides reading hashcards decks (``Q:``/``A:`` and ``C:`` with ``[deletions]``) and the
reviews in their ``hashcards.db``.

hashcards (github.com/eudoxia0/hashcards) reads every ``.md`` file of a folder: a card starts
at a ``Q:`` or ``C:`` line and runs, blank lines included, to the next ``Q:``/``C:`` line, a
``---`` line or the end; a cloze card makes one card per ``[deletion]`` (``\\[`` and ``![``
are not deletions). A card is known by the BLAKE3 hash of its text, which is how the reviews
in ``hashcards.db`` name it: the same hash is worked out here to give each review its card.
"""

from __future__ import annotations

import sqlite3
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tandem.interop.anki_model import ImportedNote, ImportedReview, Mapped
from tandem.interop.foreign_media import MediaReader
from tandem.interop.text_files import read_utf8
from tandem.models import BadInputError
from tandem.models.card_key import cloze_variant

DATABASE = "hashcards.db"
_GRADES = {"forgot": 1, "hard": 2, "good": 3, "easy": 4}


@dataclass
class _Card:
    """One hashcards card: a question and answer, or one deletion of a cloze text."""

    line: int
    question: str
    answer: str = ""
    cloze: tuple[int, int] | None = None  # byte offsets in ``question``, end inclusive

    def hash(self) -> str:
        import blake3

        if self.cloze is None:
            data = b"Basic" + self.question.encode() + self.answer.encode()
        else:
            start, end = self.cloze
            data = b"Cloze" + self.question.encode() + start.to_bytes(8, "little")
            data += end.to_bytes(8, "little")
        return blake3.blake3(data).hexdigest()

    def family(self) -> str:
        """What every card of one cloze text shares (hashcards' family hash)."""
        import blake3

        return blake3.blake3(b"Cloze" + self.question.encode()).hexdigest()


@dataclass
class _Reader:
    root: Path
    mapped: Mapped = field(default_factory=Mapped)
    hashes: dict[str, int] = field(default_factory=dict)  # card hash -> import card id
    media: MediaReader | None = None

    def deck_file(self, path: Path) -> None:
        name = str(path.relative_to(self.root)) if path != self.root else path.name
        text = read_utf8(path, name)
        deck, body, offset = _front_matter(text, name, path.stem)
        families: dict[str, tuple[ImportedNote, list[tuple[int, int]]]] = {}
        for card in parse_cards(body, name, offset):
            digest = card.hash()
            if digest in self.hashes:
                continue  # hashcards keeps one card of a text given twice
            number = self.hashes[digest] = len(self.hashes) + 1
            if card.cloze is None:
                note = self._note(deck, card.question, card.answer, "basic", path, digest)
                note.cards[number] = ""
                self.mapped.notes.append(note)
                continue
            if card.question not in families:
                family = _Card(card.line, card.question, cloze=(-1, -1)).family()
                note = self._note(deck, card.question, "", "cloze", path, family)
                families[card.question] = note, []
                self.mapped.notes.append(note)
            note, spans = families[card.question]
            spans.append(card.cloze)
            note.cards[number] = cloze_variant(len(spans))
        for question, (note, spans) in families.items():
            note.question = self._text(_with_deletions(question, spans), path, note)

    def _note(
        self, deck: str, question: str, answer: str, kind: str, path: Path, digest: str
    ) -> ImportedNote:
        note = ImportedNote(guid=f"hc-{digest[:20]}", deck=deck, kind="basic", question="",
                            answer="")  # fmt: skip
        note.kind = "cloze" if kind == "cloze" else "basic"
        note.question = self._text(question, path, note) if kind == "basic" else question
        note.answer = self._text(answer, path, note)
        return note

    def _text(self, text: str, path: Path, note: ImportedNote) -> str:
        if self.media is None:
            return text
        return self.media.relink(text, path.parent, note.media)

    def reviews(self) -> None:
        database = self.root / DATABASE
        if not database.is_file():
            return
        try:
            conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
            try:
                rows = conn.execute(
                    "SELECT review_id, card_hash, reviewed_at, grade FROM reviews "
                    "ORDER BY reviewed_at, review_id"
                ).fetchall()
            finally:
                conn.close()
        except sqlite3.Error as error:
            raise BadInputError(f"{database}: not a hashcards database ({error})") from None
        for review_id, card_hash, reviewed_at, grade in rows:
            card, rating = self.hashes.get(str(card_hash)), _GRADES.get(str(grade))
            at = _local_time(str(reviewed_at))
            if card is None:
                self.mapped.skip("reviews of cards no longer in the files")
            elif rating is None or at is None or not isinstance(review_id, int):
                self.mapped.skip("review rows that could not be read")
            else:
                self.mapped.reviews.append(ImportedReview(review_id, card, rating, at, None))


def read_hashcards(path: Path, media: MediaReader | None = None) -> Mapped:
    """Reads a hashcards deck file, or a folder of them (with its ``hashcards.db``).

    Raises:
        BadInputError: a file is not UTF-8, too large, or not hashcards' format (with its line).
    """
    root = path if path.is_dir() else path.parent
    reader = _Reader(root, media=media)
    files = sorted(p for p in path.rglob("*.md") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        reader.deck_file(file)
    reader.reviews()
    if media is not None:
        reader.mapped.warnings += media.warnings
    return reader.mapped


def parse_cards(text: str, name: str, offset: int = 0) -> list[_Card]:
    """The cards of a deck's text, as hashcards reads them (``offset``: lines before it).

    Raises:
        BadInputError: text outside a card, an answer without a question, and the like.
    """
    cards: list[_Card] = []
    tag, start = "", 0
    question: list[str] = []
    answer: list[str] = []

    def close(line: int) -> None:
        if tag == "Q":
            _fail(name, line, "a question (Q:) without an answer (A:)")
        if tag == "A":
            cards.append(_Card(start, "\n".join(question).strip(), "\n".join(answer).strip()))
        elif tag == "C":
            cards.extend(_cloze_cards("\n".join(question), start, name))

    lines = _lines(text)
    for number, line in enumerate(lines, offset + 1):
        head = line[:2]
        if head in ("Q:", "C:"):
            close(number)
            tag, start, question, answer = head[0], number, [line[2:].strip()], []
        elif line.strip() == "---":
            close(number)
            tag = ""
        elif head == "A:":
            if tag != "Q":
                _fail(name, number, "an answer (A:) without a question (Q:) before it")
            tag, answer = "A", [line[2:].strip()]
        elif tag == "A":
            answer.append(line)
        elif tag:
            question.append(line)
        elif line.strip():
            _fail(name, number, "text that is not part of a card (no Q: or C: before it)")
    close(len(lines) + offset)
    return cards


def _lines(text: str) -> list[str]:
    """Lines as hashcards splits them (at ``\n``, a ``\r`` before it dropped, no empty last)."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def _fail(name: str, line: int, message: str) -> None:
    raise BadInputError(f"{name}:{line}: {message} (read as a hashcards deck)")


def _cloze_cards(text: str, line: int, name: str) -> list[_Card]:
    """One card per ``[deletion]``: the text without its brackets and the deletion's bytes."""
    raw = text.strip().encode()
    clean = bytearray()
    spans: list[tuple[int, int]] = []
    start: int | None = None
    image = escape = False
    for position, byte in enumerate(raw):
        following = raw[position + 1 : position + 2]
        if byte == ord("[") and not image and not escape:
            start = len(clean)
        elif byte == ord("]") and not image and not escape:
            if start is not None:
                spans.append((start, len(clean) - 1))
                start = None
        elif byte == ord("\\") and escape:
            pass  # hashcards drops it
        elif byte == ord("\\") and following in (b"[", b"]"):
            escape = True
        else:
            if byte == ord("!") and not image and following == b"[":
                image = True
            elif byte == ord("]") and image:
                image = False
            elif byte in b"[]" and escape:
                escape = False
            clean.append(byte)
    if not spans:
        raise BadInputError(f"{name}:{line}: a cloze (C:) without a [deletion]")
    prompt = clean.decode("utf-8", errors="replace")
    return [_Card(line, prompt, cloze=span) for span in spans]


def _with_deletions(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``{{cN::…}}`` around each deletion, numbered in order (spans come in
    the order of the text, as hashcards reads them)."""
    data = text.encode()
    out, last = bytearray(), 0
    for number, (start, end) in enumerate(spans, 1):
        out += data[last:start] + f"{{{{c{number}::".encode() + data[start : end + 1] + b"}}"
        last = end + 1
    return (out + data[last:]).decode("utf-8", errors="replace")


def _front_matter(text: str, name: str, stem: str) -> tuple[str, str, int]:
    """The deck name (TOML ``name`` between ``---`` lines, else the file name), the text
    after the front matter, and how many lines came before it."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return stem, text, 0
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            try:
                meta = tomllib.loads("".join(lines[1:index]))
            except tomllib.TOMLDecodeError as error:
                raise BadInputError(f"{name}:2: front matter is not TOML ({error})") from None
            title = meta.get("name")
            return (title if isinstance(title, str) and title.strip() else stem,
                    "".join(lines[index + 1 :]), index + 1)  # fmt: skip
    raise BadInputError(f"{name}:1: front matter opened with --- is not closed")


def _local_time(text: str) -> datetime | None:
    """hashcards writes local wall-clock times without a zone (``2026-03-01T22:00:00.000``)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(UTC)  # a naive time is the machine's local time, as hashcards'
