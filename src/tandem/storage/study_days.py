"""Provides the review log's stored study days: each review's day and the gap since the last.

``reviews.day`` is the study day of a review (``date.toordinal``, by its person's day
boundary) and ``reviews.gap`` the study days since the card's previous memory answer. A row
whose ``day`` is NULL is not worked out yet: writers leave new rows so and clear the days of
a card whose history they change (undo, merge), and :meth:`StudyDays.refresh` works out
every such row, and the gaps of their cards, in a few statements before figures are read.
When a person's day boundary changes, ``refresh`` clears and works out all their days.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from tandem.storage.reviews import MEMORY_ANSWERS

DayStarts = Callable[[str, str], Sequence[tuple[int, str]]]
"""Given the first and last review times (UTC text), every study day spanning them, as
(``date.toordinal``, UTC text of the instant it begins), in order."""


class StudyDays:
    """Keeps ``reviews.day`` and ``reviews.gap`` in step with the log and the day boundary."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def stale(self, person: str) -> bool:
        """Whether some of ``person``'s reviews have no study day yet."""
        row = self.conn.execute(
            "SELECT 1 FROM reviews INDEXED BY reviews_person_day "
            "WHERE person = ? AND day IS NULL LIMIT 1",
            (person,),
        ).fetchone()
        return row is not None

    def boundary(self, person: str) -> str | None:
        """The day boundary ``person``'s stored days follow (``None``: none stored yet)."""
        row = self.conn.execute(
            "SELECT boundary FROM review_days WHERE person = ?", (person,)
        ).fetchone()
        return None if row is None else str(row[0])

    def refresh(self, person: str, boundary: str, starts: DayStarts) -> int:
        """Works out the days and gaps ``person``'s reviews lack; every one of them when
        the day boundary differs from the stored one. Call inside ``Store.write()``.

        Returns:
            How many reviews got their day.
        """
        if self.boundary(person) != boundary:
            self.conn.execute("UPDATE reviews SET day = NULL WHERE person = ?", (person,))
            self.conn.execute(
                "INSERT INTO review_days (person, boundary) VALUES (?, ?) "
                "ON CONFLICT (person) DO UPDATE SET boundary = excluded.boundary",
                (person, boundary),
            )
        first, last, count = self.conn.execute(
            "SELECT min(at), max(at), count(*) FROM reviews INDEXED BY reviews_person_day "
            "WHERE person = ? AND day IS NULL",
            (person,),
        ).fetchone()
        if not count:
            return 0
        everything = count == self._count(person)
        self.conn.execute("DROP TABLE IF EXISTS temp.day_starts")
        self.conn.execute("CREATE TEMP TABLE day_starts (start TEXT PRIMARY KEY, day INTEGER)")
        self.conn.executemany(
            "INSERT INTO temp.day_starts (start, day) VALUES (?, ?)",
            [(start, day) for day, start in starts(str(first), str(last))],
        )
        cards = ""
        if not everything:
            self.conn.execute("DROP TABLE IF EXISTS temp.stale_cards")
            self.conn.execute(
                "CREATE TEMP TABLE stale_cards AS SELECT DISTINCT card FROM reviews "
                "INDEXED BY reviews_person_day WHERE person = ? AND day IS NULL",
                (person,),
            )
            cards = "AND card IN (SELECT card FROM temp.stale_cards)"
        self.conn.execute(
            "UPDATE reviews SET day = (SELECT d.day FROM temp.day_starts d "
            " WHERE d.start <= reviews.at ORDER BY d.start DESC LIMIT 1) "
            "WHERE person = ? AND day IS NULL",
            (person,),
        )
        # The gap: study days since the card's latest memory answer strictly before (the
        # frame leaves out the answers at the same instant). Days grow with time, so the
        # largest earlier day is the latest answer's.
        self.conn.execute(
            "UPDATE reviews SET gap = w.gap FROM (SELECT seq, day - max("
            f" CASE WHEN {MEMORY_ANSWERS} THEN day END) OVER (PARTITION BY card ORDER BY at "
            " GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS gap "
            f" FROM reviews WHERE person = ? {cards}) AS w "
            "WHERE reviews.seq = w.seq AND reviews.gap IS NOT w.gap",
            (person,),
        )
        self.conn.execute("DROP TABLE temp.day_starts")
        self.conn.execute("DROP TABLE IF EXISTS temp.stale_cards")
        return int(count)

    def _count(self, person: str) -> int:
        return int(
            self.conn.execute(
                "SELECT count(*) FROM reviews INDEXED BY reviews_person_day WHERE person = ?",
                (person,),
            ).fetchone()[0]
        )
