"""Provides ``doctor``'s check of a long log on two cores.

A check that fixes nothing cuts everyone's log into pieces of about as many entries (people
in order, each person's cards in card order, cut between cards), and two processes take
the pieces in turn, the next one free each time, until none is left: both cores stay busy
to the end whatever else each process has to do. Beside them a thread with its own
connection runs SQLite's checks (SQLite lets go of Python's lock while it works); the
search index's check, a write statement, runs on the connection holding the write lock.
The differences come in the order one process gives them. The caller holds the write lock,
so every connection reads the same snapshot.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tandem.services.context import Context
from tandem.services.maintenance.replay import Difference, Part, check_parts_in
from tandem.storage.aliases import AliasesRepo
from tandem.storage.integrity import IntegrityChecks

if TYPE_CHECKING:
    from tandem.scheduling.scheduler import PersonScheduler
    from tandem.storage.aliases import Clash

CHECK_IN_TWO_FROM = 200_000
"""From this many entries in all, a check (``doctor`` without fixing) runs on two cores:
the replay is most of ``doctor``'s time."""
PIECES = 32
"""About how many pieces the log is cut into: enough that the two processes end within a
small piece of each other, few enough that the reads between pieces cost nothing."""

Found = list[tuple[int, list[Difference]]]
"""The differences of each piece a process checked, by the piece's number."""


@dataclass
class TableChecks:
    """What SQLite's checks found (``Doctor`` puts it in its report)."""

    integrity: list[str] | None
    """``None``: the pages were not checked."""
    foreign_keys: list[str] = field(default_factory=list)
    problems: dict[str, int] = field(default_factory=dict)
    clashes: list[Clash] = field(default_factory=list)


def pieces(ctx: Context, people: list[str]) -> list[Part] | None:
    """``people``'s cards in pieces of about as many entries (see the module's docstring),
    in the order one process checks them, or ``None`` when a check is better made in one
    process: a short log, one core, or a database in memory."""
    if ctx.store.path == ":memory:" or (os.cpu_count() or 1) < 2:
        return None
    counts = [(person, ctx.reviews.count(person)) for person in people]
    total = sum(entries for _, entries in counts)
    if total < CHECK_IN_TWO_FROM:
        return None
    size = max(total // PIECES, 1)
    found: list[Part] = []
    for person, entries in counts:
        settings = ctx.person(person).settings
        cuts = ["", *ctx.reviews.cuts(person, size)] if entries > size else [""]
        for first, before in zip(cuts, [*cuts[1:], None], strict=True):
            found.append((person, settings, first, before))
    return found


def check_in_two(
    ctx: Context, parts: list[Part], *, full: bool, pages: bool
) -> tuple[list[Difference], TableChecks]:
    """Checks ``parts`` on two cores, each process taking the next piece free, with SQLite's
    checks beside them (``pages``: check the file's pages, with ``integrity_check`` when
    ``full``)."""
    path = ctx.store.path
    context = multiprocessing.get_context()
    taken = context.Value("i", 0)  # the pieces taken so far, by either process
    # The process is made first: forking while a thread is inside SQLite could copy a
    # lock it holds into the child.
    with ProcessPoolExecutor(1, context, _share, (taken,)) as pool:
        there = pool.submit(check_pieces, path, parts)
        with ThreadPoolExecutor(max_workers=1) as thread:
            tables = thread.submit(table_checks, path, full=full, pages=pages)
            search = ctx.store.repo(IntegrityChecks).search_problems(repair=False)
            here = _check_taken(taken, parts, lambda piece: check_parts_in(
                ctx.states, ctx.reviews, _schedulers(ctx), [piece]))  # fmt: skip
            found = tables.result()
        found.problems |= search
        by_piece = sorted(here + there.result(), key=lambda done: done[0])
    return [difference for _, differences in by_piece for difference in differences], found


_taken: Any = None
"""In the second process: the count of pieces taken, shared with the first (``_share``)."""


def _share(taken: Any) -> None:
    global _taken
    _taken = taken


def check_pieces(path: str, parts: list[Part]) -> Found:
    """In the second process: takes pieces of ``parts`` in turn and checks them in the
    database at ``path``, through a connection of its own."""
    from tandem.scheduling.scheduler import PersonScheduler
    from tandem.storage.db import Store
    from tandem.storage.reviews import ReviewsRepo
    from tandem.storage.states import StatesRepo

    store = Store(path)
    try:
        schedulers = {person: PersonScheduler(settings) for person, settings, _, _ in parts}
        states, reviews = store.repo(StatesRepo), store.repo(ReviewsRepo)
        return _check_taken(_taken, parts, lambda piece: check_parts_in(
            states, reviews, schedulers.__getitem__, [piece]))  # fmt: skip
    finally:
        store.close()


def _check_taken(taken: Any, parts: list[Part], check: Callable[[Part], list[Difference]]) -> Found:
    """Takes the next piece nobody took, checks it, and so on until none is left. On an
    error (Ctrl-C too) every piece counts as taken: the other process stops at its next
    one, rather than checking the rest of the log before the error is raised."""
    done: Found = []
    try:
        while True:
            with taken.get_lock():
                number = taken.value
                taken.value = number + 1
            if number >= len(parts):
                return done
            done.append((number, check(parts[number])))
    except BaseException:
        with taken.get_lock():
            taken.value = len(parts)
        raise


def _schedulers(ctx: Context) -> Callable[[str], PersonScheduler]:
    return lambda person: ctx.person(person).scheduler


def table_checks(path: str, *, full: bool, pages: bool) -> TableChecks:
    """SQLite's checks of the database at ``path`` through a connection of its own: its
    pages (when ``pages``), foreign keys, tandem's invariants but the search index's (a
    write statement) and clashes (none fixed)."""
    from tandem.storage.db import Store

    store = Store(path)
    try:
        checks = store.repo(IntegrityChecks)
        integrity = checks.sqlite_problems(full=full) if pages else None
        references = checks.foreign_key_rows()
        return TableChecks(
            integrity,
            checks.foreign_key_problems(references),
            checks.invariant_problems(repair=False, search=False, foreign_keys=references),
            store.repo(AliasesRepo).clashes(),
        )
    finally:
        store.close()
