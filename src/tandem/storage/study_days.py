"""Provides the review log's stored study figures: each review's study day, the gap since
the card's previous memory answer, and its calibration pair.

``reviews.day`` is the study day of a review (``date.toordinal``, by its person's day
boundary), ``reviews.gap`` the study days since the card's previous memory answer and
``reviews.paired`` the nearest self-grade minus a partner's grade. A row whose ``day`` is
NULL is not worked out yet: writers leave new rows so and clear the days of a card whose
history they change (undo, merge, a corrected state before an answer), and
:meth:`StudyDays.refresh` works out every review of such cards in two statements before
figures are read. When a person's day boundary changes, ``refresh`` works out all of theirs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date

from tandem.models import FsrsState, Rating
from tandem.storage.reviews import ANSWERS, MEMORY_ANSWERS
from tandem.storage.schema import MATURE_GAP
from tandem.storage.schema import STATS_INDEX as _INDEX

CALIBRATION_DAYS = 30
"""A self-grade further than this from a partner's grade is not compared with it."""
_WINDOW_US = CALIBRATION_DAYS * 86_400_000_000

_AGAIN = int(Rating.AGAIN)
_CACHE_KIB = -65536
"""The page cache while days are worked out (64 MiB): the pass reads the table once."""

Offsets = Callable[[str, str], Sequence[tuple[str, int]]]
"""Given the first and last review times (UTC text), the day boundary's offsets in that span:
(UTC text since when, seconds), the first since the first time (``DayBoundary.offsets``)."""

_EPOCH = date(1970, 1, 1).toordinal()
_SHIFT = 100_000
"""Days added before the division and taken off after: SQLite's ``/`` truncates, and the
numerator stays positive this way."""


def _day_of(column: str, offsets: int) -> str:
    """SQL for the study day (ordinal) of a UTC text time, given ``offsets`` periods as
    parameters ``:since1``…, ``:offset0``…: whole epoch seconds plus the offset, in days."""
    offset = ":offset0"
    if offsets > 1:
        cases = " ".join(f"WHEN {column} < :since{n} THEN :offset{n - 1}"
                         for n in range(1, offsets))  # fmt: skip
        offset = f"CASE {cases} ELSE :offset{offsets - 1} END"
    seconds = f"CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER)"
    return f"(({seconds} + {offset} + {_SHIFT * 86400}) / 86400 + {_EPOCH - _SHIFT})"


class StudyDays:
    """Keeps ``reviews.day`` and ``reviews.gap`` in step with the log and the day boundary."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def stale(self, person: str) -> bool:
        """Whether some of ``person``'s reviews have no study day yet, or some day's sums
        (``review_day_sums``) are out of date."""
        row = self.conn.execute(
            "SELECT 1 FROM reviews INDEXED BY reviews_person_day "
            "WHERE person = ? AND day IS NULL UNION ALL "
            "SELECT 1 FROM review_days_changed WHERE person = ? LIMIT 1",
            (person, person),
        ).fetchone()
        return row is not None

    def sum_changed_days(self, person: str) -> int:
        """Sums again the days of ``person`` whose reviews changed since they were summed
        (``review_days_changed``, marked by triggers on ``reviews``): one pass over those
        days in ``reviews_person_day``. Call inside ``Store.write()``, after :meth:`refresh`.

        Returns:
            How many days were summed.
        """
        changed = "day IN (SELECT day FROM review_days_changed WHERE person = :person)"
        self.conn.execute(
            f"DELETE FROM review_day_sums WHERE person = :person AND {changed}", {"person": person}
        )
        self.conn.execute(
            f"""INSERT INTO review_day_sums SELECT person, day, kind, prev_state, count(*),
                coalesce(sum(duration_ms), 0), count(rating != {_AGAIN} OR NULL),
                count(gap >= {MATURE_GAP} OR NULL),
                count(gap >= {MATURE_GAP} AND rating != {_AGAIN} OR NULL),
                count(paired), count(paired > 0 OR NULL), count(paired = 0 OR NULL),
                count(paired < 0 OR NULL), coalesce(sum(paired), 0)
            FROM reviews INDEXED BY reviews_person_day WHERE person = :person AND {changed}
            GROUP BY day, kind, prev_state""",
            {"person": person},
        )
        return int(
            self.conn.execute(
                "DELETE FROM review_days_changed WHERE person = ?", (person,)
            ).rowcount
        )

    def pending(self, person: str) -> int:
        """How many of ``person``'s reviews have no study day yet."""
        row = self.conn.execute(
            "SELECT count(*) FROM reviews INDEXED BY reviews_person_day "
            "WHERE person = ? AND day IS NULL",
            (person,),
        ).fetchone()
        return int(row[0])

    def boundary(self, person: str) -> str | None:
        """The day boundary ``person``'s stored days follow (``None``: none stored yet)."""
        row = self.conn.execute(
            "SELECT boundary FROM review_days WHERE person = ?", (person,)
        ).fetchone()
        return None if row is None else str(row[0])

    def _reviews(self) -> int:
        """How many entries the log holds, everyone's."""
        return int(self.conn.execute("SELECT count(*) FROM reviews").fetchone()[0])

    def _has_stats_index(self) -> bool:
        """Whether ``reviews_person_day`` is there (a bulk load may make it after)."""
        return (
            self.conn.execute(
                "SELECT 1 FROM main.sqlite_master WHERE type = 'index' "
                "AND name = 'reviews_person_day'"
            ).fetchone()
            is not None
        )

    def _remember(self, person: str, boundary: str) -> None:
        self.conn.execute(
            "INSERT INTO review_days (person, boundary) VALUES (?, ?) "
            "ON CONFLICT (person) DO UPDATE SET boundary = excluded.boundary",
            (person, boundary),
        )

    def paired(self, person: str, boundary: str) -> None:
        """Pairs ``person``'s partner grades (``_pairing``) in a log whose every review of
        theirs came in with its day and gap by ``boundary`` (``add_rows_with_days``), and
        records the boundary. Call inside ``Store.write()``; ``reviews_card_grader`` must be
        there."""
        self._remember(person, boundary)
        self.conn.execute(_pairing(""), {"person": person, "window": _WINDOW_US})

    def refresh(self, person: str, boundary: str, offsets: Offsets) -> int:
        """Works out the days and gaps ``person``'s reviews lack; every one of them when
        the day boundary differs from the stored one. Call inside ``Store.write()``.
        Without a stored boundary (all of them), ``reviews_person_day`` need not be there
        yet (a bulk load makes it once, after).

        One statement works out days and gaps: per card in time order (the ``reviews_card``
        index), the latest earlier memory answer by a window function, and both study days
        by integer arithmetic on the epoch seconds, with the zone's offset in force. A
        second one pairs partner grades (``_pairing``).

        Returns:
            How many reviews got their day.
        """
        everything = self.boundary(person) != boundary
        if everything:
            self._remember(person, boundary)
        else:
            stale = self.conn.execute(
                "SELECT count(*) FROM reviews INDEXED BY reviews_person_day "
                "WHERE person = ? AND day IS NULL",
                (person,),
            ).fetchone()[0]
            if not stale:
                return 0
        first, last, count = self.conn.execute(
            "SELECT min(at), max(at), count(*) FROM reviews INDEXED BY reviews_person_at "
            "WHERE person = ?",
            (person,),
        ).fetchone()
        if not count:
            return 0
        periods = list(offsets(str(first), str(last)))
        values: dict[str, object] = {"person": person}
        for n, (since, offset) in enumerate(periods):
            values[f"since{n}"], values[f"offset{n}"] = since, offset
        cards = ""
        if not everything:
            self.conn.execute("DROP TABLE IF EXISTS temp.stale_cards")
            self.conn.execute(
                "CREATE TEMP TABLE stale_cards AS SELECT DISTINCT card FROM reviews "
                "INDEXED BY reviews_person_day WHERE person = ? AND day IS NULL ORDER BY card",
                (person,),
            )
            cards = "AND card IN (SELECT card FROM temp.stale_cards)"
        # (a first load works days out before the index is made: then there is none to drop)
        rebuild = everything and self._has_stats_index() and 2 * count > self._reviews()
        if rebuild:  # most rows change: the index is made again after, in one sorted pass
            self.conn.execute("DROP INDEX reviews_person_day")
        # Rows are written in table order (``seq``); the frame leaves out the answers at
        # the same instant. The cache holds what one pass over the table touches.
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {_CACHE_KIB}")
        try:
            updated = self.conn.execute(
                f"""UPDATE reviews SET day = w.day, gap = w.day - w.prev_day FROM (
                    SELECT seq, {_day_of("at", len(periods))} AS day,
                           {_day_of("prev_at", len(periods))} AS prev_day
                    FROM (SELECT seq, at, max(CASE WHEN {MEMORY_ANSWERS} THEN at END)
                            OVER (PARTITION BY card ORDER BY at
                                  GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_at
                          FROM reviews INDEXED BY reviews_card WHERE person = :person {cards})
                    ORDER BY seq
                ) AS w WHERE reviews.seq = w.seq""",
                values,
            ).rowcount
            self.conn.execute(_pairing(cards), {"person": person, "window": _WINDOW_US})
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(cache)}")
        if rebuild:
            self.conn.execute(_INDEX)
        self.conn.execute("DROP TABLE IF EXISTS temp.stale_cards")
        return int(updated)


def _micros(column: str) -> str:
    """A UTC text time (``format_utc``) as integer microseconds since the epoch."""
    return (f"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) * 1000000 "
            f"+ CAST(substr({column}, 21, 6) AS INTEGER))")  # fmt: skip


_SOLO = f"""SELECT s.at || s.rating FROM reviews s INDEXED BY reviews_card_grader
    WHERE s.person = r.person AND s.card = r.card AND s.grader = r.person AND s.{ANSWERS}
      AND s.prev_state != {int(FsrsState.NEW)}"""
_GRADED = f"r.grader != r.person AND r.{ANSWERS} AND r.prev_state != {int(FsrsState.NEW)}"


def _pairing(cards: str) -> str:
    """The UPDATE of ``reviews.paired`` (``refresh``): each answer graded by a partner (not
    a first sight) looks up its card's self-grade at or before it that is latest (then
    first logged) and the one after it that is earliest (then first logged), as text
    (time, rating), two steps along ``reviews_card_grader``; the nearer within the window
    pairs with it, the earlier on a tie. Every other answer gets NULL."""
    return f"""
WITH g AS MATERIALIZED (
    SELECT r.seq, r.rating, r.at,
        CASE WHEN {_GRADED} THEN
            ({_SOLO} AND s.at <= r.at ORDER BY s.at DESC, s.seq LIMIT 1) END AS before,
        CASE WHEN {_GRADED} THEN
            ({_SOLO} AND s.at > r.at ORDER BY s.at, s.seq LIMIT 1) END AS after
    FROM reviews r INDEXED BY reviews_card_grader WHERE r.person = :person {cards}
), m AS MATERIALIZED (
    SELECT seq, rating,
        CAST(substr(before, 28) AS INTEGER) AS before_rating,
        CAST(substr(after, 28) AS INTEGER) AS after_rating,
        {_micros("at")} - {_micros("before")} AS before_gap,
        {_micros("after")} - {_micros("at")} AS after_gap
    FROM g
)
UPDATE reviews SET paired = d.diff FROM (
    SELECT seq, CASE
        WHEN before_gap <= :window AND (after_gap IS NULL OR after_gap > :window
                                        OR before_gap <= after_gap)
            THEN before_rating - rating
        WHEN after_gap <= :window THEN after_rating - rating
    END AS diff
    FROM m ORDER BY seq
) AS d WHERE reviews.seq = d.seq AND reviews.paired IS NOT d.diff"""
