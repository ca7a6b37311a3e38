"""Provides ``doctor``'s check of a long log on two cores.

A check that fixes nothing splits everyone's log in two halves of about as many entries
(people in order, each person's cards in card order, a person cut at a card where the
middle falls): a second process replays the first half while this one replays the second,
and a thread with its own connection runs SQLite's checks beside them (SQLite lets go of
Python's lock while it works); the search index's check, a write statement, runs on the
connection holding the write lock. The differences come in the order one process gives them.
The caller holds the write lock, so every connection reads the same snapshot.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tandem.services.context import Context
from tandem.services.maintenance.replay import Difference, Part, check_parts, check_parts_in
from tandem.storage.aliases import AliasesRepo
from tandem.storage.integrity import IntegrityChecks

if TYPE_CHECKING:
    from tandem.scheduling.scheduler import PersonScheduler
    from tandem.storage.aliases import Clash

CHECK_IN_TWO_FROM = 200_000
"""From this many entries in all, a check (``doctor`` without fixing) runs on two cores:
the replay is most of ``doctor``'s time."""


@dataclass
class TableChecks:
    """What SQLite's checks found (``Doctor`` puts it in its report)."""

    integrity: list[str] | None
    """``None``: the pages were not checked."""
    foreign_keys: list[str] = field(default_factory=list)
    problems: dict[str, int] = field(default_factory=dict)
    clashes: list[Clash] = field(default_factory=list)


def halves(ctx: Context, people: list[str]) -> tuple[list[Part], list[Part]] | None:
    """``people``'s cards in two parts of about as many entries, or ``None`` when a check
    is better made in one process: a short log, one core, or a database in memory."""
    if ctx.store.path == ":memory:" or (os.cpu_count() or 1) < 2:
        return None
    counts = [(person, ctx.reviews.count(person)) for person in people]
    total = sum(entries for _, entries in counts)
    if total < CHECK_IN_TWO_FROM:
        return None
    first: list[Part] = []
    second: list[Part] = []
    left = total // 2  # entries the first part still takes
    for person, entries in counts:
        settings = ctx.person(person).settings
        if left == 0:  # (first: a person without entries after the cut is in its turn)
            second.append((person, settings, "", None))
        elif entries <= left:
            first.append((person, settings, "", None))
            left -= entries
        else:  # the middle falls in this person's log: cut at a card
            middle = ctx.reviews.card_at(person, left)
            assert middle is not None  # left < entries
            first.append((person, settings, "", middle))
            second.append((person, settings, middle, None))
            left = 0
    return first, second


def check_in_two(
    ctx: Context, parts: tuple[list[Part], list[Part]], *, full: bool, pages: bool
) -> tuple[list[Difference], TableChecks]:
    """Replays ``parts`` on two cores with SQLite's checks beside them (``pages``: check
    the file's pages, with ``integrity_check`` when ``full``)."""
    path = ctx.store.path
    # The process is made first: forking while a thread is inside SQLite could copy a
    # lock it holds into the child.
    with ProcessPoolExecutor(max_workers=1) as pool:
        first = pool.submit(check_parts, path, parts[0])
        with ThreadPoolExecutor(max_workers=1) as thread:
            tables = thread.submit(table_checks, path, full=full, pages=pages)
            search = ctx.store.repo(IntegrityChecks).search_problems(repair=False)
            second = check_parts_in(ctx.states, ctx.reviews, _schedulers(ctx), parts[1])
            found = tables.result()
        found.problems |= search
        return first.result() + second, found


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
