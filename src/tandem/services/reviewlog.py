"""Provides the review log as JSON Lines: export one person's log, import anyone's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tandem.models import (
    BadInputError,
    Review,
    ReviewKind,
    format_rfc3339,
    format_utc,
    parse_rfc3339,
)
from tandem.models.domain import MAX_DURATION_MS
from tandem.services.canonical_line import canonical_line
from tandem.services.context import Context
from tandem.services.logfile import MAX_LINE_BYTES, numbered_lines, open_log
from tandem.services.maintenance.replay import Replayer

if TYPE_CHECKING:
    from tandem.storage.log_staging import LogStaging, Row

MAX_ERRORS_LISTED = 50
CLOCK_SKEW = timedelta(minutes=5)
"""How far in the future a review may lie: another machine's clock may run a little ahead."""
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""No review is older (a year-1 date went in once, and every statistic failed after)."""
_EARLIEST_STORED = format_utc(EARLIEST)
_BATCH = 10_000


class LogLine(BaseModel):
    """One line of an exported review log."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(min_length=1, max_length=64)
    card: str = Field(min_length=1, max_length=80)
    person: str = Field(min_length=1, max_length=32)
    rating: int | None = Field(default=None, ge=1, le=4)
    at: str
    grader: str = Field(min_length=1, max_length=32)
    duration_ms: int | None = Field(default=None, ge=0, le=MAX_DURATION_MS)
    kind: Literal["review", "restart", "cram", "reset", "manual"] = "review"
    due: str | None = None
    """The due date a ``manual`` entry sets (RFC 3339 UTC); no other kind has one."""

    @field_validator("at", "due")
    @classmethod
    def _rfc3339_utc(cls, value: str | None) -> str | None:
        if value is not None and parse_rfc3339(value) < EARLIEST:
            raise ValueError(f"{value} is before 1970")
        return value

    @model_validator(mode="after")
    def _rating_unless_reset(self) -> LogLine:
        unrated = self.kind in ("reset", "manual")
        if (self.rating is None) != unrated:
            raise ValueError("a reset or manual entry has no rating; every other kind has one")
        if (self.due is None) == (self.kind == "manual"):
            raise ValueError("a manual entry has a due date; no other kind has one")
        return self


@dataclass(frozen=True)
class ImportResult:
    """What ``log import`` did."""

    added: int
    skipped: int
    """Reviews already here (by id)."""
    people: tuple[str, ...]
    cards: int
    refused: int = 0
    """Lines left out with ``skip_unknown`` (a card or person not here, a bad line)."""
    problems: tuple[str, ...] = ()
    """The first of those lines, as ``file:line: message``."""


@dataclass
class _Errors:
    """The bad lines of a log: all counted, the first ``MAX_ERRORS_LISTED`` kept."""

    name: str
    count: int = 0
    listed: list[tuple[int, str]] = field(default_factory=list)

    def add(self, number: int, message: str) -> None:
        self.count += 1
        if len(self.listed) < 2 * MAX_ERRORS_LISTED:  # each pass adds at most half
            self.listed.append((number, f"{self.name}:{number}: {message}"))

    def details(self) -> list[str]:
        """The first bad lines, in file order."""
        return [text for _, text in sorted(self.listed)[:MAX_ERRORS_LISTED]]


class _Refusing(_Errors):
    """Bad lines of the direct import: the first one stops it (the staging path lists)."""

    def add(self, number: int, message: str) -> None:
        from tandem.services.log_direct import NotDirect

        raise NotDirect


class ReviewLog:
    """Exports and imports review logs."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def export_lines(self, person: str) -> Iterator[str]:
        """One JSON object per review of ``person``, oldest first."""
        for batch in self.export_batches(person):
            yield from batch

    def export_batches(self, person: str) -> Iterator[list[str]]:
        """``export_lines`` in batches of thousands (read as a stream: flat memory)."""
        self.ctx.person(person)  # raises if unknown
        return self.ctx.reviews.export_batches(person)

    def import_file(self, path: Path, *, skip_unknown: bool = False) -> ImportResult:
        """Checks every line first; then adds the new reviews and replays what they touch.

        The file is read as a stream: each checked line goes to a staging table, so memory
        does not grow with the log, and nothing is written to the log until every line
        has passed (an id seen before is skipped). A review of a card merged into another
        (``tandem cards merge``) lands on that card. With ``skip_unknown`` the lines that
        would refuse the log (a card or person not here, a line that is not a review, an id
        used twice with other content) are left out and counted, and the others imported.

        Into an empty log, the lines go straight into it instead (``log_direct``), unless
        one of them is a line the staging finds something to say about.

        Raises:
            MissingInputError: there is no such file.
            BadInputError: naming each bad line (the first 50); nothing is imported.
        """
        from tandem.services.log_direct import NotDirect

        if self.ctx.reviews.empty():
            try:
                return self._import_direct(path)
            except NotDirect:
                pass  # rolled back: the staging path reads the file again and says why
        return self._import_staged(path, skip_unknown=skip_unknown)

    def _import_direct(self, path: Path) -> ImportResult:
        """``import_file`` into an empty log, without the staging table (``log_direct``)."""
        from tandem.services.log_direct import NotDirect, import_direct

        store = self.ctx.store
        with (
            open_log(path) as handle,
            store.references_checked_here(),  # checked by ``import_direct`` as lines pass
            store.write(),
        ):
            if not self.ctx.reviews.empty():  # another terminal wrote since the look
                raise NotDirect
            lines = self._checked_lines(handle, _Refusing(str(path)))
            added, touched = import_direct(self.ctx, lines)
        return ImportResult(
            added=added,
            skipped=0,
            people=tuple(sorted(touched)),
            cards=sum(len(c) for c in touched.values()),
        )

    def _import_staged(self, path: Path, *, skip_unknown: bool) -> ImportResult:
        """``import_file`` through the staging table: any log, into any database."""
        from tandem.storage.log_staging import LogStaging

        name = str(path)
        staging_table = self.ctx.store.repo(LogStaging)
        with open_log(path) as handle, staging_table as staging:
            errors = _Errors(name)
            staging.add(self._checked_lines(handle, errors))
            staging.index()
            unread = errors.count  # one per line that is not a review
            # the cards and people are checked in the write that adds the lines: nothing can
            # take one away in between, and SQLite need not look each up again
            store = self.ctx.store
            with store.references_checked_here(), store.write():
                staging.follow_aliases()
                refused = unread + self._cross_checks(staging, errors, drop=skip_unknown)
                if errors.count and not skip_unknown:
                    raise BadInputError(
                        f"{name}: {errors.count} bad line(s); nothing was imported "
                        "(--skip-unknown imports the others)",
                        details=errors.details(),
                    )
                result = self._store(staging)
            return replace(result, refused=refused, problems=tuple(errors.details()))

    def _checked_lines(self, handle: BinaryIO, errors: _Errors) -> Iterator[Row]:
        """Each good line as a staging row; each bad one into ``errors``."""
        latest = format_utc(self.ctx.clock.now() + CLOCK_SKEW)
        for number, raw in numbered_lines(handle):
            if raw is None:
                errors.add(number, f"line longer than {MAX_LINE_BYTES} bytes")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                errors.add(number, "not UTF-8")
                continue
            checked = canonical_line(text)  # nearly every line: read in the shape it was written
            if checked is not None and checked[4] <= latest:
                yield (number, *checked)
                continue
            if not text.strip():
                continue
            row = _row(number, text, latest, errors)
            if row is not None:
                yield row

    def _cross_checks(self, staging: LogStaging, errors: _Errors, *, drop: bool) -> int:
        """Names and cards the database must know; ids used twice with other content.

        With ``drop`` the lines found are taken out of the import. Returns how many lines
        were found (a line may have several problems).
        """
        count, unknown = staging.unknown(MAX_ERRORS_LISTED)
        for number, what, value in unknown:
            kind = "card" if what == "card" else "person"
            errors.add(number, f"{what}: unknown {kind} {value!r}")
        errors.count += count - len(unknown)  # counted, not listed
        lines = staging.drop_unknown() if drop else 0
        count, conflicts = staging.conflicts(MAX_ERRORS_LISTED)
        for number, rid, first in conflicts:
            errors.add(number, f"id: {rid!r} also on line {first} with other content")
        errors.count += count - len(conflicts)
        return lines + (staging.drop_conflicts() if drop else 0)

    def _store(self, staging: LogStaging) -> ImportResult:
        total = staging.count()
        with self.ctx.store.write():
            touched = staging.touched()
            # many lines: the log's indexes are made after the insert, and those holding
            # the state before each entry after the replay has set it
            with self.ctx.reviews.indexes_after(total) as later:
                with self.ctx.store.row_checks_done_here():  # staged lines passed LogLine
                    added = staging.insert_new()
                later.for_replay()
                replayer = Replayer(self.ctx)
                for person, cards in touched.items():
                    replayer.fix(person, cards)
        return ImportResult(
            added=added,
            skipped=total - added,
            people=tuple(sorted(touched)),
            cards=sum(len(c) for c in touched.values()),
        )


_FIELDS = frozenset(("id", "card", "person", "rating", "at", "grader", "duration_ms", "kind"))
_KINDS = frozenset(("review", "restart", "cram", "reset"))
_TEXT = (("id", 64), ("card", 80), ("person", 32), ("grader", 32))
"""The text fields of a line and their longest length (``LogLine``'s)."""


def _row(number: int, text: str, latest: str, errors: _Errors) -> Row | None:
    """The staging row of line ``number`` (``latest``: the last time allowed, as stored)."""
    checked = canonical_line(text)  # nearly every line: read in the shape it was written
    if checked is not None:
        if checked[4] > latest:
            errors.add(number, f"at: {json.loads(text)['at']} lies in the future")
            return None
        return (number, *checked)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        errors.add(number, f"not JSON: {error.msg}")
        return None
    except RecursionError:
        errors.add(number, "not JSON: nested too deeply")
        return None
    checked = plain_line(data)
    if checked is None:  # something is wrong: pydantic says what, as it always has
        try:
            item = LogLine.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "line"
            errors.add(number, f"{where}: {first['msg']}")
            return None
        due = None if item.due is None else format_utc(parse_rfc3339(item.due))
        checked = (item.id, item.card, item.person, item.rating,
                   format_utc(parse_rfc3339(item.at)), item.grader, item.duration_ms,
                   item.kind, due)  # fmt: skip
    rid, card, person, rating, at, grader, duration, kind, due = checked
    if at > latest:  # times as stored sort as the times do
        errors.add(number, f"at: {data['at']} lies in the future")
        return None
    return (number, rid, card, person, rating, at, grader, duration, kind, due)


Plain = tuple[str, str, str, int | None, str, str, int | None, str, str | None]
"""A log line's values as ``plain_line`` gives them: id, card, person, rating, time (as
stored), grader, duration in ms, kind, due date (as stored)."""


def plain_line(data: object) -> Plain | None:
    """A decoded line checked without pydantic: the values (the time as stored) if
    ``LogLine`` accepts it for sure, else ``None`` (then ``LogLine`` itself finds what is
    wrong and says it).

    Nearly every line of a log is good; this takes about a tenth of the time of building
    the model. A test holds the two to the same verdict on good and bad lines. A
    ``manual`` entry (a due date set by hand; rare) is always left to ``LogLine``.
    """
    if type(data) is not dict or not data.keys() <= _FIELDS:
        return None
    for name, longest in _TEXT:
        value = data.get(name)
        if type(value) is not str or not 0 < len(value) <= longest:
            return None
    rating, duration = data.get("rating"), data.get("duration_ms")
    kind, at_text = data.get("kind", "review"), data.get("at")
    if rating is not None and (type(rating) is not int or not 1 <= rating <= 4):
        return None
    if duration is not None and (type(duration) is not int
                                 or not 0 <= duration <= MAX_DURATION_MS):  # fmt: skip
        return None
    if type(kind) is not str or kind not in _KINDS or (rating is None) != (kind == "reset"):
        return None
    if type(at_text) is not str:
        return None
    at = _plain_time(at_text)
    if at is None or at < _EARLIEST_STORED:
        return None
    return (data["id"], data["card"], data["person"], rating, at, data["grader"], duration,
            kind, None)  # fmt: skip


def _plain_time(text: str) -> str | None:
    """``format_utc(parse_rfc3339(text))`` for the usual ``2026-03-04T10:15:00[.25]Z``,
    without making the aware datetime; ``None`` for any other text (the caller then lets
    ``LogLine`` judge it)."""
    size = len(text)
    if not 20 <= size <= 27 or text[-1] != "Z" or not text.isascii():
        return None
    head = text[:19]
    if size == 20:
        fraction = "000000"
    elif text[19] == "." and size >= 22 and text[20:-1].isdigit():
        fraction = text[20:-1].ljust(6, "0")
    else:
        return None
    if (head[4], head[7], head[10], head[13], head[16]) != ("-", "-", "T", ":", ":"):
        return None
    try:
        written = datetime.fromisoformat(head).isoformat()
    except ValueError:
        return None
    return f"{head}.{fraction}Z" if written == head else None


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
    if review.due is not None:
        line["due"] = format_rfc3339(review.due)
    return json.dumps(line, ensure_ascii=False)
