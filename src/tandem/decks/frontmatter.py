"""Provides the TOML front matter between ``+++`` lines: reading, checking and writing it.

A front matter read from a file is written back as the file had it (comments, key order,
value styles), tidied only of trailing spaces and of blank lines at its start and end; a
value changed since is changed in place with ``tomlkit``. A front matter tandem makes is
written canonically.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

from tandem.decks.lines import bad_char, is_valid_name, is_valid_tag, is_valid_title
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
    return FrontMatter(**values, source="\n".join(lines)), problems


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
    """Returns the front matter, ``+++`` lines included, without a final newline.

    The front matter's ``source``, when it has one, is kept (tidied) if it holds the
    front matter's values, else edited in place to hold them; without a source, or when
    the source cannot hold them, the canonical lines are written.
    """
    body = None if front.source is None else _kept(front.source, front)
    if body is None:
        body = "\n".join(_canonical_lines(front))
    return f"+++\n{body}\n+++" if body else "+++\n+++"


def _kept(source: str, front: FrontMatter) -> str | None:
    """The tidied ``source`` edited to hold ``front``'s values; ``None`` when it cannot be."""
    tidy = _tidied(source)
    old = _read(tidy)
    if old is None or old == front:
        return tidy if old is not None else None
    # Tidying never changes a valid value (no valid value spans lines); a changed value,
    # or a source given by hand, goes through tomlkit, which keeps every other line.
    edited = _edited(tidy, old, front)
    return edited if edited is not None and _read(edited) == front else None


def _tidied(source: str) -> str:
    """``source`` without trailing spaces and tabs, nor blank lines at its start and end."""
    return "\n".join(line.rstrip(" \t") for line in source.split("\n")).strip("\n")


def _read(body: str) -> FrontMatter | None:
    """The front matter ``body`` holds, or ``None`` if it is not one a file could hold."""
    lines = body.split("\n")
    if bad_char(body) or any(is_delimiter(line) for line in lines):
        return None
    front, problems = parse_front(lines, first=1)
    return None if problems else front


def _edited(body: str, old: FrontMatter, front: FrontMatter) -> str | None:
    """``body`` (which holds ``old``) with each key whose value differs in ``front`` set
    (or removed)."""
    import tomlkit  # only here: reading decks, and so start-up, never needs it
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(body)
        for key in KEYS:
            value = getattr(front, key)
            if value == getattr(old, key):
                continue
            if value is None or value == []:
                document.remove(key)
            else:
                document[key] = value
        return _tidied(tomlkit.dumps(document))
    except (TOMLKitError, KeyError, ValueError):  # tomlkit reads the TOML otherwise
        return None


def _canonical_lines(front: FrontMatter) -> list[str]:
    lines = []
    if front.title is not None:
        lines.append(f"title = {_toml_string(front.title)}")
    if front.date is not None:
        lines.append(f"date = {front.date.isoformat()}")
    if front.partners:
        lines.append(f"partners = [{', '.join(_toml_string(x) for x in front.partners)}]")
    if front.tags:
        lines.append(f"tags = [{', '.join(_toml_string(x) for x in front.tags)}]")
    return lines


def _toml_string(value: str) -> str:
    # Values hold no control characters (the model refuses them), so only these need escapes.
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
