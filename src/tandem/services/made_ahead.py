"""Provides making ahead: the items of an iterator made by a thread of their own.

A log import reads and checks each line in Python, then SQLite inserts it. SQLite lets
Python's lock go while it works on a row, so a thread that reads and checks the next lines
meanwhile runs on the other core: the two halves of the import overlap instead of taking
turns. The thread is at most a few batches ahead (memory stays flat), an error it meets is
raised to the reader where it would have been raised without the thread, and a reader that
stops early stops the thread before it goes on.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterable
from typing import TypeVar

T = TypeVar("T")

BATCH = 2_000
"""Items handed over at a time (one hand-over per item would cost more than it saves)."""
DEPTH = 4
"""Batches the thread may be ahead of the reader."""
_WAIT = 0.05
"""Seconds between looks at whether the reader has stopped, while the queue is full."""


class _Failed:
    """An exception the items raised, to raise again in the reader."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def made_ahead(items: Iterable[T]) -> Generator[T, None, None]:
    """``items``, in order, made by a thread up to ``DEPTH`` batches of ``BATCH`` ahead.

    An exception of ``items`` is raised here once the items before it are given. Closing
    the returned iterator early (or an error in the reader) stops the thread and waits for
    it, so ``items`` is not used any more once this iterator is done.
    """
    batch = BATCH
    handed: queue.Queue[list[T] | _Failed | None] = queue.Queue(DEPTH)
    stopped = threading.Event()

    def hand(item: list[T] | _Failed | None) -> bool:
        """Puts ``item`` in the queue unless the reader stops first; whether it did."""
        while not stopped.is_set():
            try:
                handed.put(item, timeout=_WAIT)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        chunk: list[T] = []
        try:
            for item in items:
                chunk.append(item)
                if len(chunk) == batch:
                    if not hand(chunk):
                        return
                    chunk = []
        except BaseException as error:  # given to the reader after the items before it
            if hand(chunk):
                hand(_Failed(error))
            return
        if hand(chunk):
            hand(None)

    worker = threading.Thread(target=make, name="made-ahead", daemon=True)
    worker.start()
    try:
        while (got := handed.get()) is not None:
            if isinstance(got, _Failed):
                raise got.error
            yield from got
    finally:
        stopped.set()
        worker.join()
