"""Provides the key-by-key merge of the TOML front matter between ``+++`` lines.

The front matter is merged as text, one top-level key at a time: a key's lines are the line
that sets it, the lines of a value that goes on (a multi-line array) and the comment and
blank lines just above it, so a comment travels with the key it explains and no comment
is lost. Lines after the last key (a closing comment) are a piece of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tandem.decks.frontmatter import is_delimiter
from tandem.decks.merge_seq import Clash, merge_keyed, merge_value

_KEY = re.compile(r"""\s*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
_END = "#end"
"""The key of the comment and blank lines after the last key (a name no TOML key can have
unquoted; a quoted ``"#end"`` key is refused by the deck format anyway)."""


@dataclass
class FrontMerge:
    """The merged front matter: its lines (``+++`` included; none when the deck has no front
    matter) and the keys both sides changed differently, with the line of their markers."""

    lines: list[str] = field(default_factory=list)
    conflicts: list[tuple[int, str]] = field(default_factory=list)


def front_lines(text: str) -> list[str] | None:
    """The lines between the ``+++`` delimiters of a valid deck's text, or ``None``."""
    lines = text.split("\n")
    if not lines or not is_delimiter(lines[0]):
        return None
    close = next(k for k in range(1, len(lines)) if is_delimiter(lines[k]))
    return lines[1:close]


def segments(lines: list[str]) -> list[tuple[str, str]]:
    """Splits front-matter lines into ``(key, text)`` pieces, one per top-level key.

    Raises:
        ValueError: a line goes on a value before any key was set (not a valid deck's TOML).
    """
    found: list[tuple[str, str]] = []
    key: str | None = None
    current: list[str] = []
    pending: list[str] = []
    for line in lines:
        match = _KEY.match(line)
        if match:
            if key is not None:
                found.append((key, "\n".join(current)))
            key = match.group(1) or match.group(2) or match.group(3) or ""
            current, pending = [*pending, line], []
        elif not line.strip() or line.lstrip().startswith("#"):
            pending.append(line)
        elif key is None:
            raise ValueError(f"front matter line {line!r} is not under a key")
        else:  # a value that goes on: the comments above it belong to it
            current += [*pending, line]
            pending = []
    if key is not None:
        found.append((key, "\n".join(current)))
    if pending:
        found.append((_END, "\n".join(pending)))
    return found


def merge_front(
    base: list[str] | None,
    ours: list[str] | None,
    theirs: list[str] | None,
    labels: tuple[str, str],
) -> FrontMerge:
    """Merges three front matters key by key; ``None`` is a deck without front matter.

    A key changed on one side only takes that change; a key both sides changed differently
    (or one changed and the other deleted) is written between conflict markers.
    """
    present = merge_value(base is not None, ours is not None, theirs is not None)
    merged = merge_keyed(*(segments(version or []) for version in (base, ours, theirs)))
    result = FrontMerge()
    if not merged and present is not True:
        return result  # neither side keeps a front matter (or one dropped an empty one)
    result.lines.append("+++")
    for key, value in merged:
        if isinstance(value, Clash):
            result.conflicts.append((len(result.lines) + 1, f"front matter key {key!r}"))
            result.lines += conflict_lines(value.ours, value.theirs, labels)
        else:
            result.lines += value.split("\n")
    result.lines.append("+++")
    return result


def conflict_lines(ours: str | None, theirs: str | None, labels: tuple[str, str]) -> list[str]:
    """Standard conflict markers around the two sides' texts (a deleted side is empty)."""
    lines = [f"<<<<<<< {labels[0]}"]
    lines += [] if ours is None else ours.split("\n")
    lines.append("=======")
    lines += [] if theirs is None else theirs.split("\n")
    lines.append(f">>>>>>> {labels[1]}")
    return lines
