"""Provides the lines of HTML -> Markdown, joined into card text.

Each built line knows the containers it sits in (its prefix of ``> `` and list indents) and
what it is; joining them adds hard breaks inside a paragraph, the blank line (or bare ``>``)
that ends a list, quote or table before text, escapes of text that would read as markup, and
keeps every result valid deck-file card text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tandem.interop.html_md_marks import (
    BREAK,
    CLOSE,
    OPEN,
    carry_marks,
    kept_as_written,
    resolve_marks,
)

_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)$")


@dataclass
class Line:
    """One output line: the containers it sits in (``> `` and list indents), what it is."""

    prefix: str
    kind: str  # text, item, heading, hr, row, fence, code
    marker: str = ""
    parts: list[str] = field(default_factory=list)
    items: list[Line] = field(default_factory=list)  # empty items whose marks start it

    @property
    def shown(self) -> str | None:
        """The prefix written, when empty items' marks replace part of ``prefix``."""
        if not self.items:
            return None
        shown, inner = "", ""
        for item in [*self.items, self]:
            shown += item.prefix[len(inner) :] + (item.marker if item is not self else "")
            inner = item.inner
        return shown

    gap: bool = False  # an empty line (two breaks in a row) came before it: a new paragraph
    list_id: int = 0  # which list an item belongs to
    path: tuple[int, ...] = ()  # the numbers of the lists and quotes it sits in

    @property
    def inner(self) -> str:
        """The prefix of the lines that continue this line's paragraph."""
        return self.prefix + (" " * len(self.marker) if self.kind == "item" else "")


def render_lines(lines: list[Line]) -> str:
    """Joins built lines into card text: prefixes, escapes, hard breaks, block separators."""
    for line, text in zip(lines, carry_marks(["".join(line.parts) for line in lines]), strict=True):
        line.parts = [resolve_marks(text)]
    kept = _without_empty_items(_with_gaps(lines))
    _restyle(kept)
    out: list[str] = []
    shift = ""  # an item indented after a blank line: its whole block moves with it
    for index, line in enumerate(kept):
        before = kept[index - 1] if index else None
        after = kept[index + 1] if index + 1 < len(kept) else None
        first = line.items[0] if line.items else line
        if not first.prefix:
            shift = ""
        written = line.prefix if line.shown is None else line.shown
        text = _content(line)
        if before is not None and _needs_separator(before, line):
            out.append(first.prefix.rstrip(" "))
            if not first.prefix and not (written + text).startswith(" "):
                shift = " "  # after a blank line, a deck file needs an indented line
                out.append(shift + written + text + ("\\" if _joins(line, after) else ""))
                continue
        if _joins(line, after):
            text += "\\"
        row = (shift if first.prefix or line.kind == "code" else "") + written + text
        out.append(row if line.kind == "code" else row.rstrip(" "))
    return "\n".join(out)


def _with_gaps(lines: list[Line]) -> list[Line]:
    """The lines without empty text and headings; a line after an empty text line (a break
    on a line of its own) marked as starting a new paragraph (``gap``)."""
    kept: list[Line] = []
    gap = False
    for line in lines:
        if line.kind in ("text", "heading") and not line.parts[0].strip(" "):
            gap = gap or line.kind == "text"
            continue
        line.gap, gap = gap and bool(kept), False
        kept.append(line)
    return kept


def _joins(line: Line, after: Line | None) -> bool:
    return after is not None and _continues(line, after)


def _without_empty_items(lines: list[Line]) -> list[Line]:
    """Drops list items without text; one holding other blocks gets its marker on their first
    line (an empty item cannot follow text in Markdown: ``-`` would underline a heading)."""
    kept: list[Line] = []  # in reverse order
    for line in reversed(lines):
        after = kept[-1] if kept else None
        if line.kind != "item" or "".join(line.parts).strip(" "):
            kept.append(line)
        elif after is None or not _inside(after, line):
            continue  # nothing inside it
        elif (after.kind == "fence" and after.prefix == line.inner) or (  # a deck file sees a
            after.kind == "item" and not "".join(after.parts).strip(" ")  # fence at a line's
        ):  # start; "- - -" would be a rule
            kept.append(line)
        elif after.kind == "text" and after.prefix == line.inner:
            after.kind, after.prefix, after.marker = "item", line.prefix, line.marker
            after.list_id = line.list_id
        else:
            after.items.insert(0, line)
    return kept[::-1]


_ONE = ("1.", "1)")


def _inside(after: Line, item: Line) -> bool:
    """Whether ``after`` sits in the list item ``item`` (not just as deep in another list)."""
    return after.path[: len(item.path)] == item.path and after.prefix.startswith(item.inner)


def _restyle(lines: list[Line]) -> None:
    """Gives a list that directly follows another list of its kind the other marks (``*``
    for ``-``, ``)`` for ``.``): with the same marks, Markdown reads the two as one list."""
    lines = [item for line in lines for item in [*line.items, line]]
    for index, line in enumerate(lines):
        if line.kind != "item":
            continue
        outer = (b for b in lines[index - 1 :: -1] if len(b.prefix) <= len(line.prefix))
        before = next(outer, None) if index else None
        if before is None or before.kind != "item" or before.prefix != line.prefix:
            continue
        if before.list_id == line.list_id:
            style = before.marker[-2]
        elif before.marker[0].isdigit() == line.marker[0].isdigit():
            style = {".": ")", ")": ".", "-": "*", "*": "-"}[before.marker[-2]]
        else:
            continue
        line.marker = line.marker[:-2] + style + " "


def _content(line: Line) -> str:
    text = "".join(line.parts)
    if line.kind == "text":
        return escape_line(text.strip(" "))
    if line.kind == "heading":  # a closing run of #s would be read as markup
        return line.marker + _CLOSING_HASHES.sub(r"\1\\\2", escape_line(text.strip(" ")))
    if line.kind == "item":
        return line.marker + escape_line(text.strip(" "))
    return line.marker if line.kind in ("hr", "row", "fence", "code") else text


def _continues(line: Line, after: Line) -> bool:
    """Whether ``after`` is the next line of ``line``'s paragraph (a hard break between); a
    line that opens list items (``after.items``) starts a paragraph of its own."""
    return _same_paragraph_place(line, after) and not after.gap


def _same_paragraph_place(line: Line, after: Line) -> bool:
    """Whether ``after`` can continue ``line``'s paragraph (or start the next paragraph of the
    same item or quote)."""
    return (
        line.kind in ("text", "item")
        and after.kind == "text"
        and after.prefix == line.inner
        and not after.items
    )


def _needs_separator(before: Line, line: Line) -> bool:
    """Whether ``line`` would otherwise be read as part of the block ``before`` ends (or
    starts a paragraph of its own after it)."""
    if line.gap and _same_paragraph_place(before, line):
        return True
    first = line.items[0] if line.items else line
    if first.kind == "item" and first.marker[0].isdigit() and first.marker[:2] not in _ONE:
        return before.kind == "text" and before.prefix == first.prefix  # "2." cannot interrupt
    if (line.kind == "row" and before.kind == "row") or line.shown is not None:
        return False  # a line shown with an item's marker starts a list, which ends a block
    if line.kind == "item" and not "".join(line.parts).strip(" "):
        return before.kind == "text"  # an empty item cannot interrupt a paragraph
    if line.kind not in ("text", "row") or _continues(before, line):
        return False
    if before.kind in ("item", "row"):
        return True
    return before.kind == "text" and len(before.prefix) > len(line.prefix)


_FENCE = re.compile(r"`{3,}[^`]*$|~{3,}")
_CONFLICT = ("<<<<<<<", "|||||||", ">>>>>>>")
"""git's conflict markers, which a deck file refuses outside a code fence."""
# A table's delimiter row is ``|``, ``:``, ``-``, spaces and tabs with a ``-``; the run before
# its first ``-`` leaves ``-`` out, so a line is read once (``[|:\- \t]*-`` tried every
# ``-`` as the one: 20,000 dashes and a letter took 23 s).
_BLOCK_START = re.compile(
    r"#{1,6}(?:[ \t]|$)|>|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|=+[ \t]*$|[|: \t]*-[|:\- \t]*$"
    r"|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$"
)


def escape_line(line: str) -> str:
    """A line of text that Markdown reads as text, and that cannot be read as a marker, meta
    line, conflict marker or fence in a deck file (a leading space changes nothing in how
    Markdown reads a line)."""
    if line[:1].isalpha() and line[1:2] != ":":
        return line  # most lines: a letter starts no marker, fence, block or conflict marker
    if line[:1] == "*" and line.lstrip("*")[:1].isalnum():
        return line  # bold or italics first: stars before a letter start no list or rule
    return escape_line_fully(line)


def escape_line_fully(line: str) -> str:
    """``escape_line`` by every rule, without its shortcut (the reference it must match)."""
    if line[:2] in ("Q:", "A:", "C:", "F:") or line.startswith("<!--") or line[:7] in _CONFLICT:
        return " " + line
    stripped = line.lstrip(" ")
    if _FENCE.match(stripped):
        return "\\" + stripped
    if _BLOCK_START.match(stripped):
        digits = len(stripped) - len(stripped.lstrip("0123456789"))
        return stripped[:digits] + "\\" + stripped[digits:]
    return line


def join_lines(text: str) -> str:
    """Joins lines of text (split by ``BREAK``): hard breaks, escapes; an empty line between
    two lines (two breaks in a row) ends a paragraph: a blank line, the next line indented
    (as ``render_lines`` writes it)."""
    raw = text.split(BREAK)
    if OPEN in text or CLOSE in text:
        raw = _marks_written(raw)
    out: list[str] = []
    gap = False
    for written in raw:
        line = written.strip(" ")
        if not line:
            gap = bool(out)
            continue
        line = escape_line(line)
        if gap:
            out[-1] += "\n\n" + ("" if line.startswith(" ") else " ") + line
        else:
            out.append(line)
        gap = False
    return "\\\n".join(out)


def _marks_written(lines: list[str]) -> list[str]:
    """The lines with their emphasis marks written (``carry_marks``, ``resolve_marks``),
    taking the short way when each line's marks are plainly kept (``kept_as_written``)."""
    written = []
    for line in lines:
        kept = kept_as_written(line) if OPEN in line or CLOSE in line else line
        if kept is None:  # some mark is not plainly kept, or runs past its line
            return [resolve_marks(line) for line in carry_marks(lines)]
        written.append(kept)
    return written
