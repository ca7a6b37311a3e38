"""Provides the staging table a review-log import is checked in, then added from.

A log can hold millions of lines, so they are not kept as Python objects: each checked line
goes into a TEMP table (SQLite's own pages, spilled to a temporary file; writing it takes no
lock on the database), and the checks that need the whole log (unknown names and cards, an
id used twice with other content) and the insert itself are queries over it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from types import TracebackType

Row = tuple[int, str, str, str, int | None, str, str, int | None, str, str | None]
"""line number, id, card, person, rating (none for a reset or manual entry), time (as
stored), grader, duration in ms, kind, due date (a manual entry's, as stored)."""

_TABLE = "temp.log_import"
_FIRSTS = f"SELECT min(line) FROM {_TABLE} GROUP BY id"
_NOT_LOGGED = "id NOT IN (SELECT id FROM main.reviews)"
_NEW = f"line IN ({_FIRSTS}) AND {_NOT_LOGGED}"
"""A staged line the log gets: the first of its id, and an id the log does not have."""
_REPEATED = f"SELECT EXISTS (SELECT 1 FROM {_TABLE} GROUP BY id HAVING count(*) > 1)"
_UNKNOWN = {
    "person": "person NOT IN (SELECT name FROM main.people)",
    "grader": "grader NOT IN (SELECT name FROM main.people)",
    "card": "card NOT IN (SELECT key FROM main.cards)",
}
"""A staged line is unknown here when one of these holds (field -> condition)."""
_CONFLICTING = (
    f"SELECT b.line, b.id, a.line FROM {_TABLE} AS a JOIN {_TABLE} AS b "
    f"ON b.id = a.id AND b.line > a.line WHERE a.line IN ({_FIRSTS}) AND "
    "(a.card, a.person, a.rating, a.at, a.grader, a.duration_ms, a.kind, a.due) IS NOT "
    "(b.card, b.person, b.rating, b.at, b.grader, b.duration_ms, b.kind, b.due)"
)
"""Lines whose id an earlier line has with other content: (line, id, the first line)."""


class LogStaging:
    """The staging table of one import. Use as a context manager: it is dropped at the end."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.repeats = True
        """Whether an id may be on more than one staged line (``index`` finds out): when
        none is, every line is the first of its id, and the queries leave out ``_FIRSTS``
        (a grouping of every staged line, in each of them)."""

    def __enter__(self) -> LogStaging:
        self.conn.execute(f"DROP TABLE IF EXISTS {_TABLE}")
        self.conn.execute(
            f"CREATE TABLE {_TABLE} (line INTEGER PRIMARY KEY, id TEXT NOT NULL, "
            "card TEXT NOT NULL, person TEXT NOT NULL, rating INTEGER, "
            "at TEXT NOT NULL, grader TEXT NOT NULL, duration_ms INTEGER, kind TEXT NOT NULL, "
            "due TEXT)"
        )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {_TABLE}")

    def add(self, rows: Iterable[Row]) -> None:
        """Stages checked lines (in one transaction of the temp database)."""
        self.conn.executemany(f"INSERT INTO {_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def index(self) -> None:
        """Indexes the staged ids (once every line is in: faster than while inserting)."""
        self.conn.execute("CREATE INDEX IF NOT EXISTS temp.log_import_id ON log_import(id, line)")
        self.repeats = bool(self.conn.execute(_REPEATED).fetchone()[0])

    def _new(self) -> str:
        """The condition of a staged line the log gets (``_NEW``)."""
        return _NEW if self.repeats else _NOT_LOGGED

    def unknown(self, limit: int) -> tuple[int, list[tuple[int, str, str]]]:
        """Lines naming a person, grader or card the database does not know.

        Returns:
            How many there are, and the first ``limit`` as (line, field, value).
        """
        found = " UNION ALL ".join(
            f"SELECT line, '{field}', {field} FROM {_TABLE} WHERE {condition}"
            for field, condition in _UNKNOWN.items()
        )
        count = int(self.conn.execute(f"SELECT count(*) FROM ({found})").fetchone()[0])
        if not count:  # nearly always: the lines are not looked up a second time
            return 0, []
        rows = self.conn.execute(f"{found} ORDER BY 1 LIMIT ?", (limit,)).fetchall()
        return count, [(int(line), str(what), str(value)) for line, what, value in rows]

    def follow_aliases(self) -> None:
        """Moves staged reviews of a card merged into another onto that card (``aliases``)."""
        self.conn.execute(
            f"UPDATE {_TABLE} SET card = (SELECT new FROM main.card_aliases WHERE old = card) "
            "WHERE card IN (SELECT old FROM main.card_aliases)"
        )

    def drop_unknown(self) -> int:
        """Takes out the lines ``unknown`` finds; returns how many."""
        cursor = self.conn.execute(f"DELETE FROM {_TABLE} WHERE {' OR '.join(_UNKNOWN.values())}")
        return int(cursor.rowcount)

    def drop_conflicts(self) -> int:
        """Takes out the lines ``conflicts`` finds (the first line of an id stays)."""
        if not self.repeats:
            return 0
        cursor = self.conn.execute(
            f"DELETE FROM {_TABLE} WHERE line IN (SELECT line FROM ({_CONFLICTING}))"
        )
        return int(cursor.rowcount)

    def conflicts(self, limit: int) -> tuple[int, list[tuple[int, str, int]]]:
        """Lines whose id an earlier line has with other content.

        Returns:
            How many there are, and the first ``limit`` as (line, id, the earlier line).
        """
        if not self.repeats:  # (taking lines out makes no id repeat)
            return 0, []
        count = int(self.conn.execute(f"SELECT count(*) FROM ({_CONFLICTING})").fetchone()[0])
        if not count:
            return 0, []
        rows = self.conn.execute(f"{_CONFLICTING} ORDER BY 1 LIMIT ?", (limit,)).fetchall()
        return count, [(int(line), str(rid), int(first)) for line, rid, first in rows]

    def touched(self) -> dict[str, set[str]]:
        """The cards each person has new reviews of (call before ``insert_new``)."""
        touched: dict[str, set[str]] = {}
        rows = self.conn.execute(f"SELECT DISTINCT person, card FROM {_TABLE} WHERE {self._new()}")
        for person, card in rows.fetchall():
            touched.setdefault(str(person), set()).add(str(card))
        return touched

    def insert_new(self) -> int:
        """Adds to the log the staged reviews it does not have (an id's first line); their
        state before is set by the replay that follows. Returns how many were added.

        For many lines, call inside ``ReviewsRepo.indexes_after`` (see there).
        """
        cursor = self.conn.execute(
            "INSERT INTO main.reviews (id, card, person, rating, at, grader, duration_ms, "
            "kind, due, prev_state) SELECT id, card, person, rating, at, grader, "
            f"duration_ms, kind, due, 0 FROM {_TABLE} WHERE {self._new()} ORDER BY line"
        )
        return int(cursor.rowcount)

    def count(self) -> int:
        """How many lines are staged."""
        return int(self.conn.execute(f"SELECT count(*) FROM {_TABLE}").fetchone()[0])
