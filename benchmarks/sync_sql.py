"""Benchmark: where a cold sync's CPU time goes in SQLite, statement by statement.

Syncs a fresh folder (default 100,000 cards in 100 files, 2 people) into an empty database
and prints the sync's CPU time, the CPU time spent inside SQLite statements, and the
statements that took the most (CPU time of the process while each ran, summed by statement).
CPU time, not wall time: on a shared machine it moves far less with the other work.

Run: ``cd benchmarks && ../.venv/bin/python sync_sql.py [--files 100] [--cards-per-file 1000]``
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from common import unsynced
from tandem.storage import db as db_module

SPENT: Counter[str] = Counter()
RUNS: Counter[str] = Counter()


class TimedConnection(sqlite3.Connection):
    """A connection that adds each statement's CPU time to ``SPENT`` (by its first words)."""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        start = time.process_time()
        try:
            return super().execute(sql, *args)
        finally:
            _count(sql, start)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:  # type: ignore[override]
        start = time.process_time()
        try:
            return super().executemany(sql, rows)
        finally:
            _count("(many) " + sql, start)


def _count(sql: str, start: float) -> None:
    name = " ".join(sql.split())[:72]
    SPENT[name] += time.process_time() - start
    RUNS[name] += 1


class _Sqlite:
    """``sqlite3`` as the store sees it, whose connections are ``TimedConnection``s."""

    def __getattr__(self, name: str) -> Any:
        return getattr(sqlite3, name)

    @staticmethod
    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return sqlite3.connect(*args, factory=TimedConnection, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--cards-per-file", type=int, default=1000)
    parser.add_argument("--people", type=int, default=2)
    parser.add_argument("--top", type=int, default=10, help="statements listed")
    args = parser.parse_args()
    db_module.sqlite3 = _Sqlite()  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cards, svc = unsynced(root, args.files, args.cards_per_file, args.people)
        SPENT.clear()
        RUNS.clear()
        start = time.process_time()
        assert svc.sync.run().added == cards
        cpu = time.process_time() - start
        svc.close()
    print(f"cold sync of {cards} cards in {args.files} files, {args.people} people")
    print(f"CPU {cpu:.2f} s, of which in SQLite statements {sum(SPENT.values()):.2f} s")
    for name, seconds in SPENT.most_common(args.top):
        print(f"{seconds * 1000:9.1f} ms {RUNS[name]:5d}x  {name}")


if __name__ == "__main__":
    main()
