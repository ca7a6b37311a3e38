"""Provides the first load of a lead's report cache: each person's files read, sorted and
replayed on their own, in worker processes when there is much to read.

A person's files hold only that person's lines, so everything up to the rows to store
(parsing, which lines count, the replay through FSRS) can be done per person, on every
core; the parent process only writes the rows. The one thing that ties people together is
a review id: one seen in two people's files, or retracted by someone else than its person,
is sorted by the folder's order as a whole (``load_people`` then returns ``None`` and the
caller sorts everything in one process, as a sync does).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from tandem.config.settings import PersonSettings
from tandem.models import FsrsState, Review
from tandem.scheduling.days import DayBoundary
from tandem.scheduling.history import Folded
from tandem.services.logs import replaying
from tandem.services.logs.folder import DeviceFile
from tandem.services.logs.lines import OFF, Sharing
from tandem.services.logs.reading import Chunk, Cursor, read_new
from tandem.services.logs.replaying import History, replay_histories
from tandem.services.logs.review_days import ReviewDays
from tandem.services.logs.sorting import sort_entries
from tandem.services.report.models import Level
from tandem.storage.reviews import review_values

UNCHOSEN = Level.TOTALS
"""The most shown of a person whose files hold no sharing choice (files not made by tandem)."""
LINE_BYTES = 140
"""About the size of a review line: how many reviews a folder holds, from its size."""


@dataclass(frozen=True)
class PersonJob:
    """What a worker needs to load one person's files."""

    person: str
    files: list[tuple[DeviceFile, Cursor]]
    remembered: Sharing | None
    """The person's sharing choice remembered from an earlier read."""
    known: frozenset[str]
    """Every card key of the cache (a review of another card waits)."""
    graders: frozenset[str]
    settings: PersonSettings
    now: datetime


@dataclass
class PersonLoad:
    """One person's files, loaded: what to store, and what was found on the way."""

    person: str
    choice: Sharing | None
    level: Level | None
    """At most what the report shows of them; ``None``: they stopped sharing (left out)."""
    chunks: list[Chunk] = field(default_factory=list)
    """Each file's read, with its cursor and problems (its entries are not kept)."""
    problems: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    """Every review id in the files."""
    retracted: set[str] = field(default_factory=set)
    reviews: list[tuple[object, ...]] = field(default_factory=list)
    """``ReviewsRepo.add_rows_with_days`` rows, each with its card's replayed state before
    it, its study day and its gap."""
    folded: list[tuple[str, Folded]] = field(default_factory=list)
    """Each reviewed card and its replayed log."""
    boundary: str = ""
    """The day boundary the rows' study days follow (``ReviewDays.key``)."""


def newest_choice(chunks: list[Chunk], remembered: Sharing | None) -> Sharing | None:
    """The person's newest sharing choice: in what was just read, or the one remembered."""
    choices = [
        (entry.at, chunk.file.rel, entry)
        for chunk in chunks
        for _, _, entry in chunk.entries
        if isinstance(entry, Sharing) and entry.person == chunk.file.person
    ]
    if remembered is not None:
        choices.append((remembered.at, "", remembered))
    return max(choices, key=lambda c: (c[0], c[1]))[2] if choices else None


def load_person(job: PersonJob) -> PersonLoad:
    """Reads, sorts and replays one person's files (in a worker, or in this process)."""
    chunks = [read_new(file, cursor) for file, cursor in job.files]
    choice = newest_choice(chunks, job.remembered)
    if choice is not None and choice.level == OFF:
        return PersonLoad(job.person, choice, None)
    load = PersonLoad(job.person, choice, Level(choice.level) if choice else UNCHOSEN, chunks)
    load.seen = {e.id for c in chunks for _, _, e in c.entries if isinstance(e, Review)}
    done = sort_entries(chunks, set(job.known), job.now, people=set(job.graders))
    load.problems, load.retracted = done.problems, done.retracted
    cards: dict[str, list[Review]] = defaultdict(list)
    for item in done.pending.values():
        cards[item.review.card].append(item.review)
    histories: list[History] = []
    for card, reviews in cards.items():
        reviews.sort(key=lambda r: (r.at, r.id))  # the order a sync replays them in
        histories.append((card, [(r.kind, r.rating, r.at, r.due) for r in reviews]))
    days = ReviewDays(DayBoundary(job.settings.day_starts_at_hour, job.settings.timezone))
    load.boundary = days.key
    for (card, reviews), folded in zip(
        cards.items(), replay_histories(job.settings, histories), strict=True
    ):
        load.reviews += map(_row, reviews, folded.before, days.of_card(reviews))
        load.folded.append((card, folded))
    for chunk in chunks:
        chunk.entries = []  # read: not sent back
    return load


def _row(review: Review, before: FsrsState, day_gap: tuple[int, int | None]) -> tuple[object, ...]:
    """``ReviewsRepo.add_rows_with_days``' row of ``review``."""
    return (*review_values(review, before), *day_gap)


class TiedFiles(Exception):
    """People's files share a review id: they are sorted as a whole, not person by person."""


def load_people(jobs: list[PersonJob], workers: int | None = None) -> Iterator[PersonLoad]:
    """Each person's load, in the order of ``jobs``, as soon as it is done.

    Raises:
        TiedFiles: a review id ties two people's files together (see the module's
            docstring); some loads may have been given already.
    """
    owner: dict[str, str] = {}
    retracted: dict[str, str] = {}
    for load in _loaded(jobs, workers):
        person = load.person
        for review_id in load.seen:
            if owner.setdefault(review_id, person) != person:
                raise TiedFiles(f"{review_id!r} is in more than one person's files")
            if retracted.get(review_id, person) != person:
                raise TiedFiles(f"{review_id!r} is retracted by another person")
        for review_id in load.retracted:
            if owner.get(review_id, person) != person:
                raise TiedFiles(f"{review_id!r} is retracted by another person")
            retracted.setdefault(review_id, person)
        yield load


def _loaded(jobs: list[PersonJob], workers: int | None) -> Iterator[PersonLoad]:
    """Loads in worker processes when there are many lines (a pool costs more to start)."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(jobs) < 2 or lines_in(jobs) < replaying.POOL_FROM:
        yield from map(load_person, jobs)
        return
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)))
    try:
        yield from pool.map(load_person, jobs)
    finally:
        pool.shutdown(cancel_futures=True)


def lines_in(jobs: list[PersonJob]) -> int:
    """About how many lines the jobs' files hold (from their sizes)."""
    return sum(_size(file) for job in jobs for file, _ in job.files) // LINE_BYTES


def _size(file: DeviceFile) -> int:
    """The size of ``file`` in bytes (0 when it cannot be read: reading it says why)."""
    try:
        return file.path.stat().st_size
    except OSError:
        return 0
