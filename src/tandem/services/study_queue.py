"""Provides a sitting's read-ahead of the study queue: the next card is a step, not a query.

The read-ahead holds the first cards of each queue (learning due now, reviews due today, new)
as reads saw them. It stays valid while nothing but this sitting's own answers changed the
database (``PRAGMA data_version`` and the connection's change count say so) and until the
next learning card falls due; this sitting's answers are applied to it as they are made.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from tandem.models import Queue
from tandem.storage import QueuedCard, StateRow

QUEUES = (Queue.LEARN, Queue.REVIEW, Queue.NEW)
"""The order in which the queues are shown."""
FIRST_BATCH = 4
"""Cards read from a queue the first time; each later read of it doubles, up to MAX_BATCH."""
MAX_BATCH = 64

Seen = tuple[int, int]
"""(data_version, total_changes) of the connection when something was read."""


@dataclass
class ReadAhead:
    """The first cards of each queue (learning, review, new) and when to read them again."""

    seen: Seen
    until: datetime
    """When a learning card not read yet falls due (at the latest: the day's cutoff)."""
    cutoff: datetime
    parts: tuple[deque[QueuedCard], ...] = field(
        default_factory=lambda: (deque(), deque(), deque())
    )
    complete: list[bool] = field(default_factory=lambda: [False, False, False])
    """Per queue: whether the last read returned every due card (False: may be more)."""
    batches: list[int] = field(default_factory=lambda: [0, 0, 0])

    def valid(self, seen: Seen, now: datetime) -> bool:
        return seen == self.seen and now < self.until

    def first(self, allowed: tuple[bool, bool, bool]) -> tuple[QueuedCard | None, int | None]:
        """The first card of the first allowed queue that has one.

        Returns (card, None), or (None, None) when nothing is due, or (None, index) when
        queue ``QUEUES[index]`` must be read (again) before the answer is known.
        """
        for index, (rows, complete) in enumerate(zip(self.parts, self.complete, strict=True)):
            if not allowed[index]:
                continue
            if rows:
                return rows[0], None
            if not complete:
                return None, index
        return None, None

    def next_batch(self, index: int) -> int:
        """How many cards the next read of queue ``index`` takes."""
        batch = self.batches[index]
        self.batches[index] = FIRST_BATCH if batch == 0 else min(MAX_BATCH, batch * 2)
        return self.batches[index]

    def fill(self, index: int, rows: list[QueuedCard], limit: int) -> None:
        self.parts[index].extend(rows)
        self.complete[index] = len(rows) < limit

    def apply(self, changed: Iterable[StateRow]) -> bool:
        """Takes this sitting's own change of ``changed`` rows into account.

        Returns False when the read-ahead cannot follow (a changed card is due again today
        in a way only a new read orders correctly).
        """
        rows = list(changed)
        keys = {row.card for row in rows}
        for part in self.parts:
            while part and part[0].card in keys:
                part.popleft()
            if any(row.card in keys for row in part):
                kept = [row for row in part if row.card not in keys]
                part.clear()
                part.extend(kept)
        for row in rows:
            if row.queue is Queue.LEARN:
                self.until = min(self.until, row.due)
            elif row.queue is Queue.NEW or (row.queue is Queue.REVIEW and row.due < self.cutoff):
                return False
        return True
