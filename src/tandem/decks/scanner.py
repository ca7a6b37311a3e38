"""Provides the line walker that reads a deck's body into notes blocks and cards."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field

from pydantic import ValidationError

from tandem.decks.lines import (
    SURE_CONFLICT,
    Fence,
    TextLines,
    conflict_marker,
    fence_step,
    is_blank,
    is_indented,
    looks_like_meta,
    marker_of,
    marker_text,
    opens_comment,
    split_field,
)
from tandem.decks.meta import Meta, parse_meta
from tandem.decks.model import (
    REVERSE_CLOZE,
    SCANNED,
    DeckCard,
    FrontMatter,
    NotesBlock,
    content_problems,
    field_problems,
)
from tandem.decks.problems import Problem


@dataclass(frozen=True, slots=True)
class Span:
    """Where a card sits: 0-based indices of its marker line, last line and meta line."""

    start: int
    end: int
    meta: int | None
    id: str | None


# First characters of the lines that may need a closer look (a meta line, an HTML comment, a
# conflict marker): most lines start otherwise, and a call for every line made checking a
# 5 MB deck take half as long again.
_CONFLICT_STARTS = frozenset("<|=>")
_NOTES_SUSPECT = _CONFLICT_STARTS | {" "}

NO_ID = "card has no id (run tandem fmt --ids)"
"""The problem of a card without an id, where ids are required (``check --require-ids``)."""
EMPTY_ANSWER = (
    "answer is empty, and the text after the blank line below it is not part of it (an answer "
    "ends at a blank line): remove the blank line, or indent the lines after it"
)
"""An ``A:`` with nothing on its line and text after a blank line (another tool's habit)."""

CHECK_EVERY = 1024
"""Steps (lines or cards) between two looks at the clock when a scan has a time budget."""


class OverBudget(Exception):
    """A scan passed its time budget at a line (0-based)."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


MAX_PROBLEMS = 200
"""Problems listed per file: a hostile file can hold millions, and each costs memory."""


@dataclass
class Scan:
    """Everything read from one deck file, valid or not.

    ``found`` counts every problem; ``problems`` lists the first ``MAX_PROBLEMS`` of them
    (``finish`` adds one line that says how many more there are).
    """

    path: str
    lines: TextLines
    front: FrontMatter | None = None
    blocks: list[NotesBlock | DeckCard] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    found: int = 0

    def problem(self, index: int, message: str) -> None:
        self.found += 1
        if self.found <= MAX_PROBLEMS:
            self.problems.append(Problem(path=self.path, line=index + 1, message=message))

    def finish(self) -> None:
        """Says how many problems were found beyond the ones listed."""
        if self.found > MAX_PROBLEMS:
            more = self.found - MAX_PROBLEMS
            last = self.problems[-1].line
            message = f"{more} more problem(s) after this line (not listed)"
            self.problems.append(Problem(path=self.path, line=last, message=message))


class Scanner:
    """Walks the body lines: notes until a marker, then a card, and so on.

    With ``build`` off (``tandem check``) only the problems and the spans of cards with an
    id are kept: no card or notes block is made, so memory stays small for any file. With
    ``require_ids`` a card without an id is a problem.
    """

    def __init__(
        self,
        result: Scan,
        *,
        build: bool = True,
        require_ids: bool = False,
        deadline: float | None = None,
    ) -> None:
        self.result = result
        self.deadline = deadline
        """``time.monotonic()`` past which ``walk`` raises ``OverBudget``."""
        self.lines = result.lines
        self.building = build
        self.require_ids = require_ids
        self.notes_start: int | None = None
        self.seen = False  # a notes block or a card came before
        self.fence: Fence | None = None
        self.comment: int | None = None  # the line that opened the HTML comment we are in
        self.in_conflict = False  # a <<<<<<< line came, and its >>>>>>> not yet

    def run(self, index: int) -> None:
        for _ in self.walk(index):
            pass

    def walk(self, index: int) -> Iterator[None]:
        """``run``, pausing after each card (a reader may take the blocks made so far).

        Raises:
            OverBudget: the deadline passed (looked at every ``CHECK_EVERY`` steps).
        """
        steps = 0
        while index < len(self.lines):
            steps += 1
            deadline = self.deadline
            if deadline is not None and steps % CHECK_EVERY == 0 and time.monotonic() > deadline:
                raise OverBudget(index)
            line = self.lines[index]
            if self.comment is not None:  # notes text, to the line holding -->
                self.conflict(index, line)
                self.comment = None if "-->" in line else self.comment
                index += 1
                continue
            marker = marker_of(line) if self.fence is None else None
            if marker in ("Q", "C"):
                self.flush_notes(index)
                index = self.card(index)
                yield
                continue
            if marker in ("A", "F"):
                before = "Q:" if marker == "A" else "card"
                self.result.problem(index, f"{marker}: without a {before} before it")
                self.flush_notes(index)
                index = self.skip_meta(self.read_text(index)[1])
                continue
            if self.fence is None and line[:1] in _NOTES_SUSPECT:
                self.notes_line(index, line)
            if self.notes_start is None:
                self.notes_start = index
            self.fence = fence_step(self.fence, line, index)
            index += 1
        self.flush_notes(len(self.lines))
        if self.fence is not None:
            self.result.problem(self.fence.start, "code fence is not closed")
        if self.comment is not None:
            self.result.problem(self.comment, "unclosed HTML comment")

    def notes_line(self, index: int, line: str) -> None:
        """Looks at a notes line outside a fence: a stray meta line, a conflict, a comment."""
        if looks_like_meta(line):
            self.result.problem(index, "meta line is not directly under a card")
        self.conflict(index, line)
        if opens_comment(line):
            self.comment = index

    def conflict(self, index: int, line: str) -> None:
        """Reports a git conflict marker line (``=======`` only inside a conflict: alone it
        can underline a Markdown heading)."""
        kind = conflict_marker(line)
        if kind is None or (kind not in SURE_CONFLICT and not self.in_conflict):
            return
        self.in_conflict = kind != ">"
        self.result.problem(index, "unresolved merge conflict")

    def flush_notes(self, end: int) -> None:
        """Ends the notes that started at ``notes_start`` before line ``end``."""
        start, self.notes_start = self.notes_start, None
        if start is None:
            return
        lines = self.lines
        while start < end and is_blank(lines[start]):
            start += 1
        while end > start and is_blank(lines[end - 1]):
            end -= 1
        if start == end:
            return
        if not self.seen and self.result.front is None and _opens_front(lines[start]):
            message = "a deck without front matter cannot start with +++ or a BOM; indent it"
            self.result.problem(start, message)
        elif self.building:
            # On failure the scanner has reported why (a stray meta line, an open fence).
            with suppress(ValidationError):
                self.result.blocks.append(NotesBlock(text=lines.join(start, end)))
        self.seen = True

    def read_text(self, index: int) -> tuple[str, int]:
        """Reads the text of the marker at ``index``; returns it and the next line's index."""
        lines = self.lines
        first = marker_text(lines[index])
        fence = fence_step(None, first, index)
        end = index + 1
        while end < len(lines):
            line = lines[end]
            if fence is None and (marker_of(line) or line.startswith("<!--")):
                break
            if fence is None and is_blank(line):
                after = end
                while after < len(lines) and is_blank(lines[after]):
                    after += 1
                if after == len(lines) or not is_indented(lines[after]):
                    break
                end = after
                continue
            if fence is None and line[:1] in _CONFLICT_STARTS:
                self.conflict(end, line)
            fence = fence_step(fence, line, end)
            end += 1
        if fence is not None:
            self.result.problem(fence.start, "code fence is not closed")
        # The lines are one stretch of the file: one slice, not a list of lines joined.
        text = first if end == index + 1 else first + "\n" + lines.join(index + 1, end)
        return text, end

    def skip_meta(self, index: int) -> int:
        lines = self.lines
        return index + 1 if index < len(lines) and lines[index].startswith("<!--") else index

    def card(self, start: int) -> int:
        self.seen = True
        kind = "basic" if self.lines[start][0] == "Q" else "cloze"
        before = self.result.found
        question, end = self.read_text(start)
        answer = ""
        if end < len(self.lines) and marker_of(self.lines[end]) == "A":
            answer_line = end
            answer, end = self.read_text(end)
            if kind == "basic" and is_blank(answer) and self.text_follows(end):
                self.result.problem(answer_line, EMPTY_ANSWER)
        elif kind == "basic":
            self.result.problem(start, "Q: without A: (a basic card needs an answer)")
        fields, end = self.fields(end)
        meta, meta_index = self.meta(end)
        for message in content_problems(kind, question, meta.reverse):
            line = meta_index if message == REVERSE_CLOZE and meta_index is not None else start
            self.result.problem(line, message)
        last = end if meta_index is None else end + 1
        if self.require_ids and meta.id is None:
            self.result.problem(start, NO_ID)
        if self.building or meta.id is not None:
            self.result.spans.append(Span(start, last - 1, meta_index, meta.id))
        if self.building and self.result.found == before:
            self.build(kind, question, answer, fields, meta, start)
        return last

    def fields(self, index: int) -> tuple[tuple[tuple[str, str], ...], int]:
        """Reads the ``F: Name: text`` lines at ``index``; returns them and the next index."""
        fields: list[tuple[str, str]] = []
        while index < len(self.lines) and marker_of(self.lines[index]) == "F":
            line = index
            text, index = self.read_text(index)
            field = split_field(text)
            if field is None:
                self.result.problem(line, "F: needs a field name and a colon: F: Name: text")
                continue
            # Text read by read_text is valid card text: only the name can be wrong.
            for message in field_problems((*fields, (field[0], ""))):
                self.result.problem(line, message)
            fields.append(field)
        return tuple(fields), index

    def text_follows(self, index: int) -> bool:
        """Whether text (not a card, not a comment) comes after the blank lines at ``index``."""
        lines = self.lines
        if index >= len(lines) or not is_blank(lines[index]):
            return False
        while index < len(lines) and is_blank(lines[index]):
            index += 1
        return index < len(lines) and not (
            marker_of(lines[index]) or lines[index].startswith("<!--")
        )

    def meta(self, index: int) -> tuple[Meta, int | None]:
        if index >= len(self.lines) or not self.lines[index].startswith("<!--"):
            return Meta(), None
        meta, problems = parse_meta(self.lines[index])
        for message in problems:
            self.result.problem(index, message)
        return meta, index

    def build(
        self,
        kind: str,
        question: str,
        answer: str,
        fields: tuple[tuple[str, str], ...],
        meta: Meta,
        start: int,
    ) -> None:
        given: dict[str, object] = {"kind": kind, "question": question, "answer": answer}
        given["line"] = start + 1
        # Only the fields set: a card keeps the names of the fields it was given, and a
        # deck kept in memory for a sync is a third smaller without the unset ones.
        optional: list[tuple[str, object]] = [("fields", fields), ("id", meta.id)]
        optional += [("by", meta.by), ("tags", meta.tags), ("reverse", meta.reverse)]
        optional.append(("guid", meta.guid))
        given.update((name, value) for name, value in optional if value)
        try:
            card = DeckCard.model_validate(given, context=SCANNED)
        except ValidationError as error:  # pragma: no cover - the scanner checked all of it
            self.result.problem(start, f"invalid card: {error.errors()[0]['msg']}")
            return
        self.result.blocks.append(card)


def _opens_front(line: str) -> bool:
    """Tells whether ``line`` would start the deck and read as front matter (or a BOM)."""
    return line.startswith("\ufeff") or line.rstrip(" \t") == "+++"
