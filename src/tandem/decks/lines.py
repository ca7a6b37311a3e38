"""Provides the line rules of deck files: markers, code fences, blank lines and value checks."""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import overload

MARKERS = ("Q:", "A:", "C:", "F:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_META_LIKE = re.compile(r"^<!--\s*(?:(?:id|by|tags|guid)\s*:|reverse\s*(?:·|-->))")
# Category Cc except tab and line feed, and the bidi embedding/override/isolate characters.
BAD_CHAR = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TAG = re.compile(r"^[^\s,·]+$")
_LINE_FEED = re.compile("\n")
# What card_text_problem looks at after the first line: a line that starts with a marker,
# ``<!--``, a fence or a conflict marker, or a blank line. Every alternative starts with a
# line feed: a literal prefix lets the search skip ahead.
_LATER_SUSPECT = re.compile(r"\n(?:[QACF]:|<!--|[ \t]*(?:\n|\Z)| *(?:```|~~~)|<{7}|>{7}|\|{7})")
# git's conflict markers (the default size, 7): ``<<<<<<< HEAD``, diff3's ``||||||| base``,
# ``=======`` alone and ``>>>>>>> branch``, all at column 0.
_CONFLICT = re.compile(r"(?:<{7}|\|{7}|>{7})(?:[ \t]|$)|={7}[ \t]*$")
_CONFLICT_RUNS = frozenset({"<<<<<<<", "|||||||", "=======", ">>>>>>>"})
SURE_CONFLICT = ("<", "|", ">")
"""The markers that are never Markdown (``=======`` alone can underline a heading)."""
_COMMENT_OPEN = re.compile(r" {0,3}<!--")


@dataclass(frozen=True)
class Fence:
    """An open code fence: its character, its length and the index of its opening line."""

    char: str
    size: int
    start: int


def fence_step(fence: Fence | None, line: str, index: int) -> Fence | None:
    """Returns the fence state after ``line`` (CommonMark rules, up to 3 spaces of indent)."""
    if line.lstrip(" ")[:3] not in ("```", "~~~"):
        return fence
    match = _FENCE.match(line)
    if fence is None:
        if match is None:
            return None
        run, info = match.group(1), match.group(2)
        if run[0] == "`" and "`" in info:
            return None
        return Fence(run[0], len(run), index)
    if match and match.group(1)[0] == fence.char and len(match.group(1)) >= fence.size:
        return None if is_blank(match.group(2)) else fence
    return fence


def is_blank(line: str) -> bool:
    """Tells whether a line holds only spaces and tabs."""
    return line.strip(" \t") == ""


def is_indented(line: str) -> bool:
    """Tells whether a line starts with a space or a tab."""
    return line[:1] in (" ", "\t")


def marker_of(line: str) -> str | None:
    """Returns ``"Q"``, ``"A"``, ``"C"`` or ``"F"`` when the line starts with that marker."""
    return line[0] if line[:2] in MARKERS else None


def marker_text(line: str) -> str:
    """Returns the text after a marker, without the one space that follows it."""
    rest = line[2:]
    return rest[1:] if rest.startswith(" ") else rest


def looks_like_meta(line: str) -> bool:
    """Tells whether a line looks like a card's meta line (``<!-- id: …``)."""
    return line.startswith("<!--") and _META_LIKE.match(line) is not None


def conflict_marker(line: str) -> str | None:
    """Returns the first character of a git conflict marker line (``<``, ``|``, ``=``, ``>``)."""
    if line[:7] not in _CONFLICT_RUNS:  # nearly every line: no regex
        return None
    return line[0] if _CONFLICT.match(line) else None


def opens_comment(line: str) -> bool:
    """Tells whether a line opens an HTML comment it does not close (CommonMark's HTML block
    2: ``<!--`` after at most 3 spaces; the block ends at the first line holding ``-->``)."""
    return line[:1] in ("<", " ") and _COMMENT_OPEN.match(line) is not None and "-->" not in line


def bad_char(value: str) -> str | None:
    """Returns the first control or bidi override character of ``value``, if any."""
    match = BAD_CHAR.search(value)
    return match.group(0) if match else None


def is_valid_name(value: str) -> bool:
    """Tells whether ``value`` can be a person name (``by``, ``partners``)."""
    return (
        value != ""
        and not is_blank(value[0])
        and not is_blank(value[-1])
        and "·" not in value
        and "-->" not in value
        and "\n" not in value
        and bad_char(value) is None
    )


def is_valid_field_name(value: str) -> bool:
    """Tells whether ``value`` can name an extra field (``F: Name: text``): one line, no
    colon, no surrounding spaces, no control characters (Anki's own field names qualify)."""
    return (
        value != ""
        and ":" not in value
        and not is_blank(value[0])
        and not is_blank(value[-1])
        and "\n" not in value
        and bad_char(value) is None
    )


def split_field(text: str) -> tuple[str, str] | None:
    """Splits the text of an ``F:`` marker into the field's name and its text (without the
    one space after the colon); None when its first line has no colon."""
    name, colon, rest = text.partition(":")
    if not colon or "\n" in name:
        return None
    return name.strip(" \t"), rest[1:] if rest.startswith(" ") else rest


def is_valid_title(value: str) -> bool:
    """Tells whether ``value`` can be a deck title: one line, no control characters."""
    return "\n" not in value and bad_char(value) is None


@lru_cache(maxsize=4096)  # decks and imports use a few tags on card after card
def is_valid_tag(value: str) -> bool:
    """Tells whether ``value`` can be a tag: no whitespace, comma or ``·``."""
    return _TAG.match(value) is not None and "-->" not in value and bad_char(value) is None


def card_text_problem(text: str) -> str | None:
    """Returns why ``text`` cannot be a card's question or answer, or None if it can."""
    # Nearly all text has nothing the rules look at: no fence, marker or blank line.
    if text.lstrip(" ")[:3] not in ("```", "~~~") and _LATER_SUSPECT.search(text) is None:
        return None
    return text_rules_problem(text)


def text_rules_problem(text: str) -> str | None:
    """``card_text_problem`` line by line, without its shortcut (the reference it must match)."""
    lines = text.split("\n")
    fence = fence_step(None, lines[0], 0)
    for index in range(1, len(lines)):
        line = lines[index]
        if fence is None:
            if marker_of(line) or line.startswith("<!--"):
                return f"text line {index + 1} starts with {line[:4]!r}; indent it"
            if conflict_marker(line) in SURE_CONFLICT:
                return f"text line {index + 1} is a merge conflict marker; indent it"
            if is_blank(line) and (index == 1 or not is_blank(lines[index - 1])):
                ahead = (lines[j] for j in range(index, len(lines)))
                following = next((x for x in ahead if not is_blank(x)), None)
                if following is None:
                    return "text ends with a blank line"
                if not is_indented(following):
                    return "a blank line in card text must be followed by an indented line"
        fence = fence_step(fence, line, index)
    return None if fence is None else "a code fence in the text is not closed"


def writable_text(text: str) -> str:
    """``text`` (Markdown from another tool) as a card text can hold it, read the same way:
    a later line that would read as a marker, meta line or conflict marker, and the first
    line after blank lines, get one space before them (a leading space changes nothing in
    how Markdown reads such a line); the rest of a list or code fence that line is in moves
    with it, so its nesting and code stay as they were; blank lines at the end go, and a code
    fence left open is closed. A text ``card_text_problem`` accepts comes back unchanged."""
    if card_text_problem(text) is None:
        return text
    lines = text.split("\n")
    while len(lines) > 1 and is_blank(lines[-1]):
        lines.pop()
    fence = fence_step(None, lines[0], 0)
    out, after_blank = [lines[0]], False
    blocks: dict[int, int] | None = None  # found when needed
    moving = 0  # the lines before this one move with the first line after blank lines
    for index in range(1, len(lines)):
        line = lines[index]
        if fence is None:
            if is_blank(line):
                out.append("")
                after_blank = True
                continue
            if after_blank and not is_indented(line) and index >= moving:
                blocks = _moving_blocks(lines) if blocks is None else blocks
                moving = blocks.get(index, index + 1)
            risky = marker_of(line) or line.startswith("<!--") or conflict_marker(line)
            if risky or index < moving:
                line = " " + line
        elif index < moving and not is_blank(line):
            line = " " + line  # inside a fence of the list or fence that moved: with it
        after_blank = False
        out.append(line)
        fence = fence_step(fence, line, index)
    if fence is not None:
        out.append(fence.char * fence.size)
    return "\n".join(out)


def _moving_blocks(lines: list[str]) -> dict[int, int]:
    """For each line of a list or code fence outside any list or quote, the line after that
    block (as Markdown reads ``lines``): a shift of the line must move the rest of the block
    with it. Any other block's first line moves alone (its later lines read the same either
    way; a line three spaces in that moved would be four, and another block)."""
    from markdown_it import MarkdownIt

    # Read as cards are (``interop.md_html``): raw HTML is text, so ``<!--`` can continue a
    # list item's paragraph.
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    blocks: dict[int, int] = {}
    for token in parser.parse("\n".join(lines)):
        kinds = ("bullet_list_open", "ordered_list_open", "fence")
        if token.level == 0 and token.map and token.type in kinds:
            start, end = token.map
            blocks.update(dict.fromkeys(range(start, end), end))
    return blocks


def notes_text_problem(text: str) -> str | None:
    """Returns why ``text`` cannot be a notes block, or None if it can."""
    lines = text.split("\n")
    if is_blank(lines[0]) or is_blank(lines[-1]):
        return "notes must not start or end with a blank line"
    fence: Fence | None = None
    comment = False  # inside an HTML comment nothing is a marker, meta line or fence
    for index, line in enumerate(lines):
        if fence is None and conflict_marker(line) in SURE_CONFLICT:
            return f"notes line {index + 1} is a merge conflict marker; indent it"
        if comment:
            comment = "-->" not in line
        elif fence is None and (marker_of(line) or looks_like_meta(line)):
            return f"notes line {index + 1} starts with {line[:4]!r}; indent it"
        elif fence is None and opens_comment(line):
            comment = True
        else:
            fence = fence_step(fence, line, index)
    if comment:
        return "an HTML comment in the notes is not closed"
    return None if fence is None else "a code fence in the notes is not closed"


class TextLines(Sequence[str]):
    """The lines of a text (split at line feeds; a final empty line is not one), made on
    demand from the text and an array of where each starts.

    A 10 MB deck file can have millions of lines: as a list of strings they would take
    hundreds of MB; here they take 4 bytes each, and a line is a string only while it is
    looked at.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        starts = array("I" if len(text) < 2**32 else "Q", [0])
        starts.extend(match.end() for match in _LINE_FEED.finditer(text))
        count = len(starts) - 1 if text.endswith("\n") or not text else len(starts)
        self._starts, self._count = starts, count
        # The scanner looks at most lines several times in a row (what starts it, then
        # what it holds): the last line made is kept.
        self._last: tuple[int | None, str] = (None, "")

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        last = self._last
        if last[0] == index:
            return last[1]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        line = self.join(index, index + 1)
        self._last = (index, line)
        return line

    def start(self, index: int) -> int:
        """Where line ``index`` starts in the text (``index`` may be the line count: the end)."""
        return self._starts[index] if index < len(self._starts) else len(self.text)

    def end(self, index: int) -> int:
        """Where line ``index`` ends in the text: at its line feed, or at the end of the text."""
        return self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self.text)

    def join(self, start: int, end: int) -> str:
        """Lines ``start`` to ``end`` (excluded) joined by line feeds: one slice of the text."""
        if start >= end:
            return ""
        stop = self._starts[end] - 1 if end < len(self._starts) else len(self.text)
        return self.text[self._starts[start] : stop]
