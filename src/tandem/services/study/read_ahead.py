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
from datetime import UTC, datetime, timedelta
from itertools import takewhile
from typing import TYPE_CHECKING

from tandem.models import Queue, format_utc
from tandem.storage.queue import QueuedCard, QueueRepo
from tandem.storage.scope import Scope
from tandem.storage.states import StateRow

if TYPE_CHECKING:
    from tandem.services.study.day import StudyDay

QUEUES = (Queue.LEARN, Queue.REVIEW, Queue.NEW)
"""The order in which the queues are shown."""
FIRST_BATCH = 4
"""Cards read from a queue the first time; each later read of it doubles, up to MAX_BATCH."""
MAX_BATCH = 64

FAR = datetime.max.replace(tzinfo=UTC)
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
        self.complete[index] = limit == 0 or len(rows) < limit

    def apply(self, changed: Iterable[StateRow]) -> bool:
        """Takes this sitting's own change of ``changed`` rows into account.

        Returns False when the read-ahead cannot follow (a changed card is due again today
        in a way only a new read orders correctly).
        """
        rows = list(changed)
        left = {row.card for row in rows}
        for part in self.parts:  # an answered card is usually first in its queue
            while part and part[0].card in left:
                left.discard(part.popleft().card)
        for part in self.parts if left else ():
            if any(row.card in left for row in part):
                kept = [row for row in part if row.card not in left]
                part.clear()
                part.extend(kept)
        for row in rows:
            if row.queue is Queue.LEARN:
                self.until = min(self.until, row.due)
            elif row.queue is Queue.NEW or (row.queue is Queue.REVIEW and row.due < self.cutoff):
                return False
        return True


@dataclass
class QueueReader:
    """Reads one sitting's queue (of ``person``, within ``scope``) through a read-ahead."""

    queue: QueueRepo
    person: str
    scope: Scope | None
    ahead: ReadAhead | None = None

    def next(
        self, now: datetime, day: StudyDay, rooms: tuple[int, int], soon: datetime
    ) -> QueuedCard | None:
        """The next card: due learning cards, then reviews, then new cards (``rooms``: how
        many new cards and reviews the limits allow); else a learning card due before
        ``soon``; else None."""
        new_room, review_room = rooms
        allowed = (True, review_room > 0, new_room > 0)
        limits = (MAX_BATCH, review_room, new_room)  # the most each queue may give today
        ahead = self.ahead
        if ahead is None or not ahead.valid(day.seen, now):
            ahead = self.ahead = ReadAhead(day.seen, day.cutoff, day.cutoff)
        queued, missing = ahead.first(allowed)
        while missing is not None:
            self._read(ahead, missing, now, min(ahead.next_batch(missing), limits[missing]))
            queued, missing = ahead.first(allowed)
        if queued is None:
            found = self.queue.first(self.person, Queue.LEARN, soon, 1, self.scope)
            queued = found[0] if found else None
        return queued

    def follow(self, was: Seen, seen: Seen, rows: tuple[StateRow, ...]) -> None:
        """Applies the sitting's own write of ``rows``, made when the connection was at
        ``was`` and leaving it at ``seen``; drops the read-ahead if it cannot follow (no
        rows: an undo) or anything else wrote since it was read."""
        ahead = self.ahead
        if ahead is not None and rows and ahead.seen == was and ahead.apply(rows):
            ahead.seen = seen
        else:
            self.ahead = None

    def _read(self, ahead: ReadAhead, index: int, now: datetime, limit: int) -> None:
        """Reads the next cards of queue ``QUEUES[index]`` into the read-ahead."""
        queue, read = QUEUES[index], self.queue.first
        if queue is not Queue.LEARN:
            before = ahead.cutoff if queue is Queue.REVIEW else FAR
            ahead.fill(index, read(self.person, queue, before, limit, self.scope), limit)
            return
        # One read gives the learning cards due now and when the next one falls due.
        rows = read(self.person, queue, FAR, limit + 1, self.scope)
        due_now = format_utc(now + timedelta(microseconds=1))
        due = list(takewhile(lambda queued: queued.due_text < due_now, rows))
        if len(due) < len(rows):
            ahead.until = min(ahead.until, rows[len(due)].row.due)
        ahead.fill(index, due, limit + 1)
