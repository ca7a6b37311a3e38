"""Provides the TOML front matter between ``+++`` lines: reading, checking and writing it."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

from tandem.decks.lines import is_valid_name, is_valid_tag, is_valid_title
from tandem.decks.model import FrontMatter

KEYS = ("title", "date", "partners", "tags")
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")
# The key a line starts, bare or quoted, as ``key =``, ``key.sub =`` or ``[key]``.
_KEY_AT = re.compile(r"""\s*(?:\[+\s*)?(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.\]]""")


def is_delimiter(line: str) -> bool:
    """Tells whether a line is a ``+++`` front-matter delimiter."""
    return line.rstrip(" \t") == "+++"


def parse_front(lines: list[str], first: int) -> tuple[FrontMatter, list[tuple[int, str]]]:
    """Parses the TOML ``lines`` whose first one is file line ``first``.

    Returns the front matter (with the valid keys only) and ``(line, message)`` problems.
    """
    try:
        data = tomllib.loads("".join(line + "\n" for line in lines))
    except tomllib.TOMLDecodeError as error:
        return FrontMatter(), [_toml_problem(str(error), len(lines), first)]
    except RecursionError:  # arrays or tables nested thousands deep
        return FrontMatter(), [(first, "invalid TOML in front matter: nested too deeply")]
    problems: list[tuple[int, str]] = []
    values: dict[str, Any] = {}
    where = _key_lines(lines, first)
    for key, value in data.items():
        line = where.get(key, first - 1)
        problem = _value_problem(key, value)
        if problem is None:
            values[key] = value
        else:
            problems.append((line, problem))
    return FrontMatter(**values), problems


def _toml_problem(message: str, count: int, first: int) -> tuple[int, str]:
    position = _TOML_POSITION.search(message)
    line = min(int(position.group(1)), count) if position and position.group(1) else count
    return first + max(
        line, 1
    ) - 1, f"invalid TOML in front matter: {_TOML_POSITION.sub('', message)}"


def _value_problem(key: str, value: object) -> str | None:
    if key not in KEYS:
        return f"unknown front-matter key {key!r} (known: {', '.join(KEYS)})"
    if key == "title" and not (isinstance(value, str) and is_valid_title(value)):
        return "front-matter title must be a one-line string without control characters"
    if key == "date" and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        return "front-matter date must be a date like 2026-03-04"
    if key == "partners" and not _is_list_of(value, is_valid_name):
        return 'front-matter partners must be a list of names, like ["alice", "bob"]'
    if key == "tags" and not _is_list_of(value, is_valid_tag):
        return "front-matter tags must be a list of tags without spaces, commas or ·"
    return None


def _is_list_of(value: object, valid: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and valid(x) for x in value)


def _key_lines(lines: list[str], first: int) -> dict[str, int]:
    """The file line where each top-level key first appears, in one pass over the lines
    (a key by key search costs keys × lines: thousands of keys took minutes)."""
    found: dict[str, int] = {}
    for index, line in enumerate(lines):
        match = _KEY_AT.match(line)
        if match:
            key = match.group(1) or match.group(2) or match.group(3) or ""
            found.setdefault(key, first + index)
    return found


def render_front(front: FrontMatter) -> str:
    """Returns the canonical front matter, ``+++`` lines included, without a final newline."""
    lines = ["+++"]
    if front.title is not None:
        lines.append(f"title = {_toml_string(front.title)}")
    if front.date is not None:
        lines.append(f"date = {front.date.isoformat()}")
    if front.partners:
        lines.append(f"partners = [{', '.join(_toml_string(x) for x in front.partners)}]")
    if front.tags:
        lines.append(f"tags = [{', '.join(_toml_string(x) for x in front.tags)}]")
    lines.append("+++")
    return "\n".join(lines)


def _toml_string(value: str) -> str:
    # Values hold no control characters (the model refuses them), so only these need escapes.
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
