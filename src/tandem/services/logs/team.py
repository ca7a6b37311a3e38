"""Provides the lead's report straight from a log folder and a decks folder.

No personal database is opened: the deck files and every device file go into a database of
the report's own, by the same rules as a sync (a review published by two devices counts
once, a retracted one not at all), and the usual report is built from it. That database is
a cache (``team_cache``): the first report replays everything, later ones only what is new.
People are the folder's person folders; partnerships come from the sessions in the deck
files and the graders in the logs. Each person is shown at most at the level they chose
when they shared (``tandem people share NAME --level``); one who stopped is left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tandem.config import Paths
from tandem.config.settings import PersonSettings
from tandem.models import Clock, FsrsState, MissingInputError, Review
from tandem.scheduling.history import Folded
from tandem.services.context import Context
from tandem.services.logs.applying import Applier
from tandem.services.logs.folder import DeviceFile, LogFolder
from tandem.services.logs.lines import OFF, Sharing
from tandem.services.logs.reading import Chunk, Cursor, read_new
from tandem.services.logs.replaying import History, replay_people
from tandem.services.logs.setup import Cursors
from tandem.services.logs.sorting import Sorted, cards_of, sort_entries
from tandem.services.logs.team_cache import cache_made, cache_path, open_cache
from tandem.services.logs.team_load import (
    UNCHOSEN,
    PersonJob,
    PersonLoad,
    TiedFiles,
    lines_in,
    load_people,
    newest_choice,
)
from tandem.services.maintenance.replay import replayed_row
from tandem.services.people import People
from tandem.services.report.models import Level, TeamReport
from tandem.services.report.report import Report
from tandem.services.sync.sync import BULK_CACHE_MIB, Sync
from tandem.storage.db import Store
from tandem.storage.schema import STATS_INDEX
from tandem.storage.study_days import StudyDays


@dataclass(frozen=True)
class FolderReport:
    """The report, and what was skipped on the way (``file:line: …``)."""

    report: TeamReport
    problems: list[str]
    left_out: list[str]
    """People who stopped sharing."""


def folder_report(
    paths: Paths,
    logs: Path,
    clock: Clock,
    since: date | None = None,
    until: date | None = None,
    level: Level = Level.TOPICS,
    *,
    cache: bool = True,
    workers: int | None = None,
) -> FolderReport:
    """The report of the people with files in ``logs``, on the cards of ``paths.decks``.

    Raises:
        MissingInputError: ``logs`` is not a folder.
        BadInputError: a deck file is invalid (as ``tandem sync`` says).
    """
    root = logs.expanduser().resolve()
    if not root.is_dir():
        raise MissingInputError(f"{root}: no such log folder")
    where = cache_path(paths, root, paths.decks.expanduser().resolve()) if cache else None
    store = open_cache(where) if where else Store(":memory:")
    ctx = Context(replace(paths, db=where or Path(":memory:")), store, clock)
    try:
        Sync(ctx).run(write_ids=False, retire=True)  # a cache: it follows the files
        folder = LogFolder(root, "-")
        files, problems = folder.files()
        cursors = Cursors(ctx, folder)
        folks = {file.person for file in files}  # graders: anyone with a file here
        read = _first_load(ctx, files, cursors, folks, workers)
        if read is None:  # the cache holds reviews, or people's files are tied by an id
            read = _read(files, cursors)
            with ctx.store.write():
                read.problems = _take_in(ctx, read.chunks, list(read.most), workers, folks)
                _keep(cursors, read)
        problems += read.problems
        built = Report(ctx).build(since, until, level, most=read.most)
    finally:
        ctx.store.close()
    if where:
        cache_made(where, store)
    return FolderReport(built, problems, read.left_out)


@dataclass
class _Read:
    chunks: list[Chunk] = field(default_factory=list)
    """Of the people who share."""
    most: dict[str, Level] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    choices: list[Sharing] = field(default_factory=list)
    """Each person's newest choice, to remember."""

    problems: list[str] = field(default_factory=list)
    """Lines (and files) skipped, ``file:line: …``."""

    def add(self, load: PersonLoad) -> None:
        """Takes in what one person's load read."""
        if load.choice is not None:
            self.choices.append(load.choice)
        if load.level is None:
            self.left_out.append(load.person)
            return
        self.most[load.person] = load.level
        self.chunks += load.chunks
        self.problems += load.problems


def _keep(cursors: Cursors, read: _Read) -> None:
    """Remembers how far each file was read, and each person's sharing choice."""
    for chunk in read.chunks:
        cursors.put(chunk.file.rel, chunk.cursor)
    for choice in read.choices:
        cursors.remember_choice(choice)


def _read(files: list[DeviceFile], cursors: Cursors) -> _Read:
    """Reads what is new in every file, and who shares how much."""
    found: dict[str, list[Chunk]] = {}
    for file in files:
        found.setdefault(file.person, []).append(read_new(file, cursors.get(file.rel)))
    read = _Read()
    for person, chunks in found.items():
        choice = newest_choice(chunks, cursors.choice(person))
        if choice is not None:
            read.choices.append(choice)
        if choice is not None and choice.level == OFF:
            read.left_out.append(person)
            continue
        read.most[person] = Level(choice.level) if choice else UNCHOSEN
        read.chunks += chunks
    return read


def _first_load(
    ctx: Context,
    files: list[DeviceFile],
    cursors: Cursors,
    folks: set[str],
    workers: int | None,
) -> _Read | None:
    """Loads each person's files on their own (on every core) into a cache that holds no
    review yet, writing each person as soon as they are loaded; ``None`` (and nothing
    written) when the cache holds reviews, or when people's files share a review id."""
    if ctx.reviews.count():
        return None
    found: dict[str, list[tuple[DeviceFile, Cursor]]] = {}
    for file in files:
        found.setdefault(file.person, []).append((file, cursors.get(file.rel)))
    known, graders, now = frozenset(ctx.cards.positions()), frozenset(folks), ctx.clock.now()
    jobs = [
        PersonJob(person, person_files, cursors.choice(person), known, graders,
                  _settings(ctx, person), now)
        for person, person_files in found.items()
    ]  # fmt: skip
    read = _Read()
    try:
        # every state and review is new: the indexes are made once, after
        with (
            ctx.store.references_checked_here(),  # known cards, people added first
            ctx.store.row_checks_done_here(),  # every line passed ``LogLine``'s rules
            ctx.store.page_cache(BULK_CACHE_MIB),
            ctx.store.write(),
            ctx.states.indexes_after(True),
        ):
            with ctx.reviews.indexes_after(lines_in(jobs) + 1) as later:
                stored: dict[str, str] = {}  # person: the boundary of their days
                for load in load_people(jobs, workers):
                    read.add(load)
                    if load.level is not None:
                        _store_load(ctx, load)
                        stored[load.person] = load.boundary
                later.make(lambda sql: sql != STATS_INDEX)  # what pairing grades reads
                days = ctx.store.repo(StudyDays)
                for person, boundary in stored.items():
                    days.paired(person, boundary)
            for person in stored:  # the day sums read the index made just now
                days.sum_changed_days(person)
            _keep(cursors, read)
    except TiedFiles:
        return None
    return read


def _settings(ctx: Context, person: str) -> PersonSettings:
    """``person``'s settings in the cache; a person new to it gets the defaults."""
    return ctx.person(person).settings if ctx.people.exists(person) else PersonSettings()


def _store_load(ctx: Context, load: PersonLoad) -> None:
    """Adds one person (when new), their reviews and their cards' replayed states."""
    if not ctx.people.exists(load.person):
        People(ctx).add(load.person)
    cards = [card for card, _ in load.folded]
    rows = {row.card: row for row in ctx.states.many(load.person, cards)}
    ctx.states.put_many(replayed_row(rows[card], folded) for card, folded in load.folded)
    ctx.reviews.add_rows_with_days(load.reviews)


def _take_in(
    ctx: Context,
    chunks: list[Chunk],
    people: list[str],
    workers: int | None,
    graders: set[str],
) -> list[str]:
    """Adds people new to the cache and what was read. Call inside ``store.write()``.

    The first time, every history is replayed at once (on every core); then only what is
    new, as a sync does.
    """
    first = ctx.reviews.count() == 0
    # the first time every person's states are written: their indexes are made after
    with ctx.states.indexes_after(first):
        for person in people:
            if not ctx.people.exists(person):
                People(ctx).add(person)
        if not first:
            return Applier(ctx, ctx.clock.now(), graders).run(chunks).problems
        known = ctx.cards.known_cards(cards_of(chunks))
        done = sort_entries(chunks, known, ctx.clock.now(), people=graders)
        _load(ctx, done, workers)
    return done.problems


def _load(ctx: Context, done: Sorted, workers: int | None) -> None:
    """Adds every review and each card's replayed state, for a cache that has none yet."""
    by_person: dict[str, dict[str, list[Review]]] = defaultdict(lambda: defaultdict(list))
    for item in done.pending.values():
        by_person[item.review.person][item.review.card].append(item.review)
    histories: dict[str, list[History]] = {}
    for person, cards in by_person.items():
        for reviews in cards.values():
            reviews.sort(key=lambda r: (r.at, r.id))  # the order a sync replays them in
        histories[person] = [(card, [(r.kind, r.rating, r.at, r.due) for r in reviews])
                             for card, reviews in cards.items()]  # fmt: skip
    settings = {person: ctx.person(person).settings for person in histories}
    replayed = replay_people(histories, settings, workers)
    with ctx.reviews.indexes_after(len(done.pending)):
        _store(ctx, by_person, histories, replayed)


def _store(
    ctx: Context,
    by_person: dict[str, dict[str, list[Review]]],
    histories: dict[str, list[History]],
    replayed: dict[str, list[Folded]],
) -> None:
    """Writes each card's replayed state and its reviews."""
    for person, results in replayed.items():
        cards = by_person[person]
        rows = {row.card: row for row in ctx.states.many(person, list(cards))}
        answers: list[tuple[Review, FsrsState]] = []
        states = []
        for (card, _), result in zip(histories[person], results, strict=True):
            answers += zip(cards[card], result.before, strict=True)
            states.append(replayed_row(rows[card], result))
        ctx.states.put_many(states)
        ctx.reviews.add_many(answers)
