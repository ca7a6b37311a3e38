"""Provides publishing: this device's answers appended to its own files in the log folder.

Publishing follows the commit (``Store.after_commit``): the database is where an answer is
confirmed, and the folder may be slow, full or gone. It is idempotent by review id: a sync
publishes every review of a sharing person that no file of theirs holds yet, so an answer
whose line was lost (a crash between commit and append, a folder not mounted) is published
then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.models import Clock, Review, TandemError
from tandem.services.logs.folder import LogFolder, append_lines
from tandem.services.logs.lines import (
    OFF,
    Retraction,
    Sharing,
    parse_line,
    retraction_line,
    review_line,
)

if TYPE_CHECKING:
    from tandem.services.context import Context


@dataclass
class PersonScan:
    """What a person's files in the folder hold: review ids, and their newest choice."""

    ids: set[str] = field(default_factory=set)
    sharing: Sharing | None = None

    @property
    def shares(self) -> bool:
        """Whether the person's newest choice is to share."""
        return self.sharing is not None and self.sharing.level != OFF


def scan_person(folder: LogFolder, person: str, *, ids: bool = True) -> PersonScan:
    """Reads every file of ``person`` (complete lines only; bad lines are passed over);
    without ``ids``, only their sharing choices (a search of the bytes, then a few lines)."""
    scan = PersonScan()
    newest: tuple[object, ...] = ()
    files, _ = folder.person_files(person)
    for file in files:
        try:
            data = file.path.read_bytes()
        except OSError:
            continue
        if not ids and b'"share"' not in data:
            continue
        for raw in data[: data.rfind(b"\n") + 1].split(b"\n"):
            if b'"share"' in raw:
                choice = _sharing(raw)
                if choice is not None and choice.person == person:
                    key = (choice.at, file.rel)
                    if key > newest:
                        scan.sharing, newest = choice, key
            elif raw and ids:
                review_id = _review_id(raw)
                if review_id is not None:
                    scan.ids.add(review_id)
    return scan


def _sharing(raw: bytes) -> Sharing | None:
    try:
        entry = parse_line(raw)
    except ValueError:
        return None
    return entry if isinstance(entry, Sharing) else None


def _review_id(raw: bytes) -> str | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or "retract" in data:
        return None
    found = data.get("id")
    return found if isinstance(found, str) else None


class Journal:
    """Publishes answers and undos of this database's sharing people as they happen."""

    def __init__(self, folder: LogFolder | None, clock: Clock) -> None:
        self.folder = folder
        self.clock = clock
        self.failure: str | None = None
        """The last append that failed (the next sync publishes what it missed)."""
        self._sharing: dict[str, bool] = {}

    def shares(self, person: str) -> bool:
        """Whether ``person`` publishes (their newest choice in the folder; read once)."""
        if self.folder is None:
            return False
        if person not in self._sharing:
            self._sharing[person] = scan_person(self.folder, person, ids=False).shares
        return self._sharing[person]

    def forget(self) -> None:
        """Reads people's choices again when next needed (after one changed)."""
        self._sharing.clear()

    def answered(self, review: Review) -> None:
        """Appends ``review`` to its person's file, if they share. Never raises: the answer
        is committed, and whatever the folder missed the next sync publishes."""
        try:
            if self.folder is not None and self.shares(review.person):
                self._append(review.person, review_line(review))
        except OSError as error:
            self._failed(error)

    def undone(self, review_id: str, person: str) -> None:
        """Appends a retraction of the review ``review_id`` if this device published it."""
        if self.folder is None:
            return
        try:
            if holds_review(self.folder.own_file(person).path, review_id):
                retraction = Retraction(review_id, person, self.clock.now())
                self._append(person, retraction_line(retraction))
        except OSError as error:
            self._failed(error)

    def _append(self, person: str, line: str) -> None:
        assert self.folder is not None
        append_lines(self.folder.own_file(person).path, [line], sync=False)

    def _failed(self, error: OSError) -> None:
        where = self.folder.root if self.folder else "the log folder"
        self.failure = f"{where}: cannot publish: {error.strerror or error}"


def holds_review(path: Path, review_id: str) -> bool:
    """Whether a complete line of ``path`` is the review ``review_id`` (a byte search
    first: an undo reads no more than it must).

    Raises:
        OSError: the file exists but cannot be read.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    needle = review_id.encode("utf-8")
    complete = data[: data.rfind(b"\n") + 1].split(b"\n")
    return any(needle in raw and _review_id(raw) == review_id for raw in complete)


def open_journal(ctx: Context) -> Journal:
    """The journal of this run: the configured folder, or none (a bad config: none)."""
    try:
        from tandem.services.logs.setup import configured_folder

        return Journal(configured_folder(ctx.paths), ctx.clock)
    except TandemError:
        return Journal(None, ctx.clock)


def publish_missing(
    ctx: Context, folder: LogFolder, only: str | None = None
) -> tuple[int, list[str]]:
    """Publishes every review of each sharing person (or of ``only``) that no file of
    theirs holds yet.

    Returns:
        How many reviews were published, and the files that could not be written.
    """
    published, problems = 0, []
    for person in [only] if only else ctx.people.names():
        scan = scan_person(folder, person)
        if not scan.shares:
            continue
        missing = [r for r in ctx.reviews.for_person(person) if r.id not in scan.ids]
        own = folder.own_file(person).path
        try:
            append_lines(own, [review_line(r) for r in missing], sync=True)
        except OSError as error:
            problems.append(f"{own}: cannot publish: {error.strerror or error}")
            continue
        published += len(missing)
    return published, problems
