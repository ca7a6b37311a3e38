"""Provides the review log as JSON Lines: export one person's log, import anyone's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tandem.models import (
    BadInputError,
    FsrsState,
    MissingInputError,
    Rating,
    Review,
    ReviewKind,
    format_rfc3339,
    parse_rfc3339,
)
from tandem.services.context import Context
from tandem.services.maintenance.replay import Replayer

MAX_ERRORS_LISTED = 50
CLOCK_SKEW = timedelta(minutes=5)
"""How far in the future a review may lie: another machine's clock may run a little ahead."""


class LogLine(BaseModel):
    """One line of an exported review log."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(min_length=1, max_length=64)
    card: str = Field(min_length=1, max_length=80)
    person: str = Field(min_length=1, max_length=32)
    rating: int | None = Field(default=None, ge=1, le=4)
    at: str
    grader: str = Field(min_length=1, max_length=32)
    duration_ms: int | None = Field(default=None, ge=0)
    kind: Literal["review", "restart", "cram", "reset"] = "review"

    @field_validator("at")
    @classmethod
    def _rfc3339_utc(cls, value: str) -> str:
        parse_rfc3339(value)
        return value

    @model_validator(mode="after")
    def _rating_unless_reset(self) -> LogLine:
        if (self.rating is None) != (self.kind == "reset"):
            raise ValueError("a reset has no rating; every other kind has one")
        return self


@dataclass(frozen=True)
class ImportResult:
    """What ``log import`` did."""

    added: int
    skipped: int
    people: tuple[str, ...]
    cards: int


class ReviewLog:
    """Exports and imports review logs."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def export_lines(self, person: str) -> Iterator[str]:
        """One JSON object per review of ``person``, oldest first."""
        self.ctx.person(person)  # raises if unknown
        for review in self.ctx.reviews.for_person(person):
            yield review_line(review)

    def import_file(self, path: Path) -> ImportResult:
        """Validates every line first; then adds the new reviews and replays what they touch.

        Raises:
            BadInputError: naming each bad line; nothing is imported.
        """
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MissingInputError(f"{path}: no such file") from None
        except OSError as error:
            raise MissingInputError(f"{path}: cannot read: {error.strerror}") from None
        reviews = self._validate(str(path), data)
        return self._store(reviews)

    def _validate(self, name: str, data: bytes) -> list[Review]:
        errors: list[str] = []
        parsed: list[tuple[int, Review]] = []
        now = self.ctx.clock.now()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise BadInputError(f"{name}:{line}: not UTF-8") from None
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                item = LogLine.model_validate(json.loads(raw))
            except json.JSONDecodeError as error:
                errors.append(f"{name}:{number}: not JSON: {error.msg}")
                continue
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "line"
                errors.append(f"{name}:{number}: {where}: {first['msg']}")
                continue
            at = parse_rfc3339(item.at)
            if at > now + CLOCK_SKEW:
                errors.append(f"{name}:{number}: at: {item.at} lies in the future")
                continue
            rating = None if item.rating is None else Rating(item.rating)
            review = Review(item.id, item.card, item.person, rating, at, item.grader,
                            item.duration_ms, ReviewKind(item.kind))  # fmt: skip
            parsed.append((number, review))
        errors += self._unknown_references(name, parsed)
        errors += _conflicting_ids(name, parsed)
        if errors:
            raise BadInputError(
                f"{name}: {len(errors)} bad line(s); nothing was imported",
                details=errors[:MAX_ERRORS_LISTED],
            )
        return [review for _, review in parsed]

    def _unknown_references(self, name: str, parsed: list[tuple[int, Review]]) -> list[str]:
        people = set(self.ctx.people.names())
        cards = self.ctx.cards.known_cards({r.card for _, r in parsed})
        errors = []
        for number, review in parsed:
            if review.person not in people:
                errors.append(f"{name}:{number}: person: unknown person {review.person!r}")
            if review.card not in cards:
                errors.append(f"{name}:{number}: card: unknown card {review.card!r}")
        return errors

    def _store(self, reviews: list[Review]) -> ImportResult:
        with self.ctx.store.write():
            known = self.ctx.reviews.known_ids(r.id for r in reviews)
            seen: set[str] = set()
            fresh = []
            for review in reviews:
                if review.id not in known and review.id not in seen:
                    seen.add(review.id)
                    fresh.append(review)
            touched: dict[str, set[str]] = {}
            for review in fresh:
                self.ctx.reviews.add(review, FsrsState.NEW)
                touched.setdefault(review.person, set()).add(review.card)
            replayer = Replayer(self.ctx)
            for person, cards in touched.items():
                replayer.run(person, cards, fix=True)
        return ImportResult(
            added=len(fresh),
            skipped=len(reviews) - len(fresh),
            people=tuple(sorted(touched)),
            cards=sum(len(c) for c in touched.values()),
        )


def _conflicting_ids(name: str, parsed: list[tuple[int, Review]]) -> list[str]:
    first: dict[str, tuple[int, Review]] = {}
    errors = []
    for number, review in parsed:
        if review.id in first and first[review.id][1] != review:
            errors.append(
                f"{name}:{number}: id: {review.id!r} also on line {first[review.id][0]} "
                "with other content"
            )
        first.setdefault(review.id, (number, review))
    return errors


def review_line(review: Review) -> str:
    """The JSON Lines form of ``review`` (``log export``, and the log folder's files)."""
    line: dict[str, object] = {"id": review.id, "card": review.card, "person": review.person}
    if review.rating is not None:
        line["rating"] = int(review.rating)
    line["at"] = format_rfc3339(review.at)
    line["grader"] = review.grader
    if review.duration_ms is not None:
        line["duration_ms"] = review.duration_ms
    if review.kind is not ReviewKind.REVIEW:
        line["kind"] = str(review.kind)
    return json.dumps(line, ensure_ascii=False)
