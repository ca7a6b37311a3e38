"""Provides the lines of a device file: reviews, retractions and sharing choices.

A review line has the shape of ``tandem log export`` (docs/sync.md); two more kinds keep a
device file append-only:

- ``{"retract": "<review id>", "person": "bob", "at": "…"}``: an undo of a published review;
- ``{"share": "topics", "person": "bob", "at": "…"}``: bob's choice of what a lead's report
  may show of him (``totals``, ``topics``, ``cards``), or ``off`` to stop publishing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from tandem.config.settings import validate_person_name
from tandem.models import Rating, Review, ReviewKind, format_rfc3339, parse_rfc3339, parse_utc
from tandem.services.canonical_line import canonical_line

if TYPE_CHECKING:
    from pydantic import ValidationError

    from tandem.services.reviewlog import LogLine, Plain

MAX_LINE_BYTES = 4096
"""A longer line is not a line tandem wrote; it is reported and skipped unread."""

SHARE_LEVELS = ("totals", "topics", "cards")
"""What a person lets a report show of them, least first (``tandem report --level``)."""
OFF = "off"


@dataclass(frozen=True)
class Retraction:
    """An undo of a review that was published: the review is taken out everywhere."""

    review_id: str
    person: str
    at: datetime


@dataclass(frozen=True)
class Sharing:
    """A person's choice: publish with this report level, or stop (``off``)."""

    person: str
    level: str
    at: datetime


Entry = Review | Retraction | Sharing


def review_line(review: Review) -> str:
    """The line of ``review``: the shape of ``tandem log export``."""
    from tandem.services.reviewlog import review_line as line

    return line(review)


def retraction_line(retraction: Retraction) -> str:
    """The line that takes a published review out everywhere."""
    return json.dumps(
        {"retract": retraction.review_id, "person": retraction.person,
         "at": format_rfc3339(retraction.at)}, ensure_ascii=False,
    )  # fmt: skip


def sharing_line(sharing: Sharing) -> str:
    """The line of a person's sharing choice."""
    return json.dumps(
        {"share": sharing.level, "person": sharing.person, "at": format_rfc3339(sharing.at)},
        ensure_ascii=False,
    )


def parse_line(raw: bytes) -> Entry:
    """The entry on one line (without its newline).

    Raises:
        ValueError: saying what is wrong with the line.
    """
    if len(raw) > MAX_LINE_BYTES:
        raise ValueError(f"line longer than {MAX_LINE_BYTES} bytes")
    if b'"retract"' not in raw and b'"share"' not in raw:
        return _review(raw)  # nearly every line: parsed and checked by pydantic in one go
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg}") from None
    if isinstance(data, dict) and "retract" in data:
        person, review_id, at = _marker(data, "retract")
        return Retraction(review_id, person, at)
    if isinstance(data, dict) and "share" in data:
        person, level, at = _marker(data, "share")
        if level not in (*SHARE_LEVELS, OFF):
            raise ValueError(f"share: {level!r} is none of {', '.join((*SHARE_LEVELS, OFF))}")
        return Sharing(person, level, at)
    return _review(raw)


_RATINGS: dict[int | None, Rating | None] = {None: None, **{int(r): r for r in Rating}}
_KINDS = {str(kind): kind for kind in ReviewKind}


@cache
def _checks() -> tuple[type[LogLine], type[ValidationError], Callable[[object], Plain | None]]:
    """``log import``'s line checks, imported when a line is first read (not to publish)."""
    from pydantic import ValidationError

    from tandem.services.reviewlog import LogLine, plain_line

    return LogLine, ValidationError, plain_line


def _review(raw: bytes) -> Review:
    """The review line ``raw``, checked as ``tandem log import`` checks one: a plainly good
    line without pydantic (``plain_line``), any other by ``LogLine``, which says what is
    wrong."""
    log_line, invalid, plain = _checks()
    try:
        text = raw.decode("utf-8")
        values = canonical_line(text) or plain(json.loads(text))
    except (ValueError, RecursionError):  # not JSON, not UTF-8: LogLine says so below
        values = None
    if values is not None:
        rid, card, person, rating, at, grader, duration, kind, _ = values
        return Review(rid, card, person, _RATINGS[rating], parse_utc(at), grader, duration,
                      _KINDS[kind])  # fmt: skip
    try:
        item = log_line.model_validate_json(raw)
    except invalid as error:
        first = error.errors()[0]
        if first["type"] == "json_invalid":
            raise ValueError(f"not JSON: {first['ctx'].get('error', first['msg'])}") from None
        where = ".".join(str(p) for p in first["loc"]) or "line"
        raise ValueError(f"{where}: {first['msg']}") from None
    rating = None if item.rating is None else Rating(item.rating)
    due = None if item.due is None else parse_rfc3339(item.due)
    return Review(item.id, item.card, item.person, rating, parse_rfc3339(item.at),
                  item.grader, item.duration_ms, ReviewKind(item.kind), due)  # fmt: skip


def _marker(data: dict[str, Any], key: str) -> tuple[str, str, datetime]:
    """(person, value of ``key``, time) of a retraction or sharing line."""
    unknown = sorted(set(data) - {key, "person", "at"})
    if unknown:
        raise ValueError(f"{unknown[0]}: unknown field in a {key!r} line")
    value, person, at = data.get(key), data.get("person"), data.get("at")
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        raise ValueError(f"{key}: must be a string of 1 to 64 characters")
    if not isinstance(person, str):
        raise ValueError("person: must be a person's name")
    if not isinstance(at, str):
        raise ValueError("at: must be an RFC 3339 UTC time")
    return validate_person_name(person), value, parse_rfc3339(at)
