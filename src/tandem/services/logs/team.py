"""Provides the lead's report straight from a log folder and a decks folder.

No personal database is opened: the deck files and every device file go into a database in
memory, by the same code as a sync (a review published by two devices counts once; a
retracted one not at all), and the usual report is built from it. People are the folder's
person folders; partnerships come from the sessions in the deck files and the graders in
the logs. Each person is shown at most at the level they chose when they shared
(``tandem people share NAME --level``); one who stopped sharing is left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from tandem.config import Paths
from tandem.config.settings import PersonSettings
from tandem.models import Clock, FsrsState, MissingInputError, Review
from tandem.scheduling.leech import is_leech_lapse
from tandem.services.context import Context
from tandem.services.logs.folder import DeviceFile, LogFolder
from tandem.services.logs.lines import OFF, Sharing
from tandem.services.logs.reading import Chunk, Cursor, read_new
from tandem.services.logs.replaying import History, replay_people
from tandem.services.logs.sorting import Sorted, cards_of, sort_entries
from tandem.services.report.models import Level, TeamReport
from tandem.services.report.report import Report
from tandem.services.sync.sync import Sync
from tandem.storage.db import Store
from tandem.storage.states import StateRow

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
    ctx = Context(replace(paths, db=Path(":memory:")), Store(":memory:"), clock)
    try:
        Sync(ctx).run(write_ids=False)
        files, problems = LogFolder(root, "-").files()
        chunks, most, left_out = _read(files)
        known = ctx.cards.known_cards(cards_of(chunks))
        done = sort_entries(chunks, known, clock.now(), retry=False)
        with ctx.store.write():
            for person in most:  # a row for each card they reviewed: the report needs no more
                ctx.people.add(person, clock.now())
            _load(ctx, done, workers)
        built = Report(ctx).build(since, until, level, most=most)
    finally:
        ctx.store.close()
    return FolderReport(built, problems + done.problems, left_out)


def _read(files: list[DeviceFile]) -> tuple[list[Chunk], dict[str, Level], list[str]]:
    """Reads every file. Returns the chunks of the people who share, the level each chose,
    and who is left out."""
    read: dict[str, list[Chunk]] = {}
    for file in files:
        read.setdefault(file.person, []).append(read_new(file, Cursor(str(file.path.parent))))
    chunks: list[Chunk] = []
    most: dict[str, Level] = {}
    left_out: list[str] = []
    for person, found in read.items():
        choice = _newest_choice(found)
        if choice is not None and choice.level == OFF:
            left_out.append(person)
            continue
        most[person] = Level(choice.level) if choice else UNCHOSEN
        chunks += found
    return chunks, most, left_out


def _newest_choice(chunks: list[Chunk]) -> Sharing | None:
    choices = [
        (entry.at, chunk.file.rel, entry)
        for chunk in chunks
        for _, _, entry in chunk.entries
        if isinstance(entry, Sharing) and entry.person == chunk.file.person
    ]
    return max(choices, key=lambda c: (c[0], c[1]))[2] if choices else None


def _load(ctx: Context, done: Sorted, workers: int | None) -> None:
    """Adds the reviews and each card's replayed state (call inside ``store.write()``)."""
    by_person: dict[str, dict[str, list[Review]]] = defaultdict(lambda: defaultdict(list))
    for item in done.pending.values():
        by_person[item.review.person][item.review.card].append(item.review)
    histories: dict[str, list[History]] = {}
    for person, cards in by_person.items():
        for reviews in cards.values():
            reviews.sort(key=lambda r: (r.at, r.id))
        histories[person] = [(card, [(int(r.rating), r.at) for r in reviews])
                             for card, reviews in cards.items()]  # fmt: skip
    settings = PersonSettings()  # the folder holds nobody's settings: the defaults
    replayed = replay_people(histories, settings, workers)
    places = {key: (deck, pos) for key, deck, pos, _ in ctx.cards.active_cards()}
    for person, results in replayed.items():
        cards, rows = by_person[person], []
        answers: list[tuple[Review, FsrsState]] = []
        for (card, _), result in zip(histories[person], results, strict=True):
            answers += zip(cards[card], result.before, strict=True)
            state, lapses = result.state, range(1, result.state.lapses + 1)
            leech = any(is_leech_lapse(n, settings.leech_threshold) for n in lapses)
            assert state.due is not None  # a card with a review has a due date
            rows.append(StateRow(person, card, *places[card], state, state.due,
                                 suspended=leech, leech=leech))  # fmt: skip
        ctx.reviews.add_many(answers)
        ctx.states.insert_many(rows)
