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
from tandem.models import Clock, FsrsState, MissingInputError, Review
from tandem.scheduling.history import Folded
from tandem.services.context import Context
from tandem.services.logs.applying import Applier
from tandem.services.logs.folder import DeviceFile, LogFolder
from tandem.services.logs.lines import OFF, Sharing
from tandem.services.logs.reading import Chunk, read_new
from tandem.services.logs.replaying import History, replay_people
from tandem.services.logs.setup import Cursors
from tandem.services.logs.sorting import Sorted, cards_of, sort_entries
from tandem.services.logs.team_cache import cache_path, open_cache
from tandem.services.maintenance.replay import replayed_row
from tandem.services.people import People
from tandem.services.report.models import Level, TeamReport
from tandem.services.report.report import Report
from tandem.services.sync.sync import Sync
from tandem.storage.db import Store

UNCHOSEN = Level.TOTALS
"""The most shown of a person whose files hold no sharing choice (files not made by tandem)."""


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
        read = _read(files, cursors)
        chunks, most, left_out = read.chunks, read.most, read.left_out
        with ctx.store.write():
            folks = {file.person for file in files}  # graders: anyone with a file here
            problems += _take_in(ctx, chunks, list(most), workers, folks)
            for chunk in chunks:
                cursors.put(chunk.file.rel, chunk.cursor)
            for choice in read.choices:
                cursors.remember_choice(choice)
        built = Report(ctx).build(since, until, level, most=most)
    finally:
        ctx.store.close()
    return FolderReport(built, problems, left_out)


@dataclass
class _Read:
    chunks: list[Chunk] = field(default_factory=list)
    """Of the people who share."""
    most: dict[str, Level] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    choices: list[Sharing] = field(default_factory=list)
    """Each person's newest choice, to remember."""


def _read(files: list[DeviceFile], cursors: Cursors) -> _Read:
    """Reads what is new in every file, and who shares how much."""
    found: dict[str, list[Chunk]] = {}
    for file in files:
        found.setdefault(file.person, []).append(read_new(file, cursors.get(file.rel)))
    read = _Read()
    for person, chunks in found.items():
        choice = _newest_choice(chunks, cursors.choice(person))
        if choice is not None:
            read.choices.append(choice)
        if choice is not None and choice.level == OFF:
            read.left_out.append(person)
            continue
        read.most[person] = Level(choice.level) if choice else UNCHOSEN
        read.chunks += chunks
    return read


def _newest_choice(chunks: list[Chunk], remembered: Sharing | None) -> Sharing | None:
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
