"""Provides replaying many people's histories at once, on every core (the lead's report).

Replaying is FSRS over every review: the report's cost. People are independent, so their
histories are replayed in worker processes when there are enough of them; the scheduler is
the one answers use, so a state is the same wherever it is computed.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

from tandem.config.settings import PersonSettings
from tandem.scheduling.history import EntryValues, Folded, fold

POOL_FROM = 20_000
"""Fewer reviews than this are replayed in this process (a pool costs more to start)."""

History = tuple[str, list[EntryValues]]
"""A card key and its log entries (kind, rating, time, due date set) in replay order, as
plain tuples (quick to make and to send to a worker)."""


def replay_histories(settings: PersonSettings, histories: list[History]) -> list[Folded]:
    """Replays each history from a new card (in this process), with Anki's history rules."""
    from tandem.scheduling.scheduler import PersonScheduler

    scheduler = PersonScheduler(settings)
    return [fold(scheduler, card, entries) for card, entries in histories]


def replay_people(
    people: dict[str, list[History]],
    settings: dict[str, PersonSettings],
    workers: int | None = None,
) -> dict[str, list[Folded]]:
    """Replays every person's histories with their settings, in worker processes when
    there are many answers."""
    total = sum(len(answers) for histories in people.values() for _, answers in histories)
    workers = workers or os.cpu_count() or 1
    if workers < 2 or total < POOL_FROM or len(people) < 2:
        return {name: replay_histories(settings[name], h) for name, h in people.items()}
    with ProcessPoolExecutor(max_workers=min(workers, len(people))) as pool:
        futures = {
            name: pool.submit(replay_histories, settings[name], h) for name, h in people.items()
        }
        return {name: future.result() for name, future in futures.items()}
