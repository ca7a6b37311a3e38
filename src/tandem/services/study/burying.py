"""Provides burying: siblings of an answered card wait for the next study day."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tandem.models import Queue
from tandem.scheduling.days import DayBoundary
from tandem.storage.states import StateRow, StatesRepo


def bury_siblings(
    states: StatesRepo, siblings: list[StateRow], days: DayBoundary, at: datetime
) -> tuple[tuple[StateRow, ...], tuple[StateRow, ...]]:
    """Buries the siblings still waiting (new or review) of a card answered at ``at``, until
    the next study day starts.

    Returns the rows as they were and as they are now. Call inside ``store.write()``.
    """
    waiting = tuple(s for s in siblings if s.queue in (Queue.NEW, Queue.REVIEW))
    if not waiting:
        return (), ()
    until = days.next_day_start(at)
    buried = tuple(replace(s, buried_until=until) for s in waiting)
    for row in buried:
        states.put(row)
    return waiting, buried


def unbury(states: StatesRepo, person: str, now: datetime) -> list[StateRow]:
    """Returns ``person``'s cards buried until ``now`` or earlier to their queues; returns
    them as they were. Call inside ``store.write()``."""
    found = states.buried_until_before(person, now)
    for row in found:
        states.put(replace(row, buried_until=None))
    return found
