"""Provides the card meta line: ``<!-- id: k7q2m9x4 · by: alice · tags: a, b · reverse -->``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tandem.decks.ids import is_valid_id
from tandem.decks.lines import is_valid_name, is_valid_tag

SEPARATOR = " · "
FIELDS = ("id", "by", "tags", "reverse", "guid")
_LINE = re.compile(r"^<!--(.*)-->[ \t]*$")


@dataclass
class Meta:
    """The fields of one meta line."""

    id: str | None = None
    by: str | None = None
    tags: list[str] = field(default_factory=list)
    reverse: bool = False
    guid: str | None = None


def is_valid_guid(value: str) -> bool:
    """Tells whether ``value`` can be kept as a guid: one line, no ``·`` and no ``-->``."""
    return is_valid_name(value)  # a meta value either way: the same rules


def parse_meta(line: str) -> tuple[Meta, list[str]]:
    """Parses a meta line; returns its fields and the problems found (empty when valid)."""
    meta = Meta()
    match = _LINE.match(line)
    if match is None:
        return meta, ["malformed meta line: expected <!-- id: … · by: … --> on one line"]
    inner = match.group(1).strip(" \t")
    if not inner:
        return meta, ["malformed meta line: it has no fields"]
    problems: list[str] = []
    seen: set[str] = set()
    for part in inner.split(SEPARATOR):
        key, sep, value = part.strip(" \t").partition(":")
        key, value = key.strip(" \t"), value.strip(" \t")
        if key == "reverse" and not sep:
            value = "reverse"
        elif not sep or key not in FIELDS or key == "reverse":
            known = ", ".join(FIELDS)
            problems.append(f"unknown meta field {part.strip()!r} (known: {known})")
            continue
        if key in seen:
            problems.append(f"meta field {key!r} appears twice")
            continue
        seen.add(key)
        problem = _set_field(meta, key, value)
        if problem:
            problems.append(problem)
    return meta, problems


def _set_field(meta: Meta, key: str, value: str) -> str | None:
    if key == "id":
        if not is_valid_id(value):
            return f"invalid id {value!r}: use 4-32 lower-case letters and digits"
        meta.id = value
    elif key == "by":
        if not is_valid_name(value):
            return f"invalid name {value!r} in by:"
        meta.by = value
    elif key == "tags":
        tags = [tag.strip(" \t") for tag in value.split(",")]
        bad = [tag for tag in tags if not is_valid_tag(tag)]
        if bad:
            return f"invalid tag {bad[0]!r}: tags are separated by commas, without spaces or ·"
        meta.tags = tags
    elif key == "guid":
        if not is_valid_guid(value):
            return f"invalid guid {value!r}: one line without · or -->"
        meta.guid = value
    else:
        meta.reverse = True
    return None


def meta_line(
    id_: str | None, by: str | None, tags: Sequence[str], reverse: bool, guid: str | None
) -> str | None:
    """The canonical meta line of a card's fields, or None when none is set."""
    parts = []
    if id_ is not None:
        parts.append(f"id: {id_}")
    if by is not None:
        parts.append(f"by: {by}")
    if tags:
        parts.append(f"tags: {', '.join(tags)}")
    if reverse:
        parts.append("reverse")
    if guid is not None:
        parts.append(f"guid: {guid}")
    return f"<!-- {SEPARATOR.join(parts)} -->" if parts else None
