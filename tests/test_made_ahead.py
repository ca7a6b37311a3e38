"""Lines made ahead (a log import's lines read and checked by a thread while SQLite adds the
ones before): the same items in the same order, an error where it would have been, a
bounded lead, and no thread left once the reader is done."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tandem.services import made_ahead as module
from tandem.services.made_ahead import made_ahead


def _threads() -> set[str]:
    return {thread.name for thread in threading.enumerate()}


def test_every_item_comes_in_order_across_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "BATCH", 7)
    assert list(made_ahead(iter(range(100)))) == list(range(100))
    assert list(made_ahead(iter([]))) == []
    assert "made-ahead" not in _threads()


def test_an_error_is_raised_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield from range(5)
        raise ValueError("line 6: not JSON")

    got: list[int] = []
    with pytest.raises(ValueError, match="line 6: not JSON"):
        got.extend(made_ahead(items()))
    assert got == [0, 1, 2, 3, 4]
    assert "made-ahead" not in _threads()


def test_the_thread_keeps_a_few_batches_ahead_and_stops_with_the_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(module, "BATCH", 10)
    monkeypatch.setattr(module, "DEPTH", 2)
    made: list[int] = []
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            for n in range(1_000_000):
                made.append(n)
                yield n
        finally:
            closed.set()

    reader = made_ahead(items())
    assert next(reader) == 0
    lead = threading.Event()
    for _ in range(200):  # the thread fills the queue, then waits
        if len(made) >= 31:
            break
        lead.wait(0.01)
    reader.close()
    # one batch being read, two in the queue, one waiting to go in: no more
    assert 31 <= len(made) <= 41
    assert "made-ahead" not in _threads()


def test_a_reader_that_fails_stops_the_thread() -> None:
    def failing(items: Iterator[int]) -> Iterator[int]:
        for item in items:
            if item == 3:
                raise RuntimeError("disk I/O error")
            yield item

    with pytest.raises(RuntimeError, match="disk I/O error"):
        list(failing(made_ahead(iter(range(1_000_000)))))
    assert "made-ahead" not in _threads()
