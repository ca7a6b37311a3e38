"""Provides queries on ``reviews``, the append-only review log.

An entry has a kind (``ReviewKind``, schema v5): answers (``review``, ``restart``, ``cram``)
and resets, which have no rating. Queries that count answers leave resets out; the memory
model's own reads take every kind and apply Anki's rules (``scheduling.history``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from operator import gt
from typing import Any

from tandem.models import FsrsState, Rating, Review, ReviewKind, format_utc, parse_utc
from tandem.storage.chunks import in_chunks

_COLUMNS = "id, card, person, rating, at, grader, duration_ms, kind"
_INSERT = f"INSERT INTO reviews ({_COLUMNS}, prev_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
ANSWERS = "kind != 'reset'"
"""The condition that keeps answers (every kind but resets)."""
MEMORY_ANSWERS = "kind IN ('review', 'restart')"
"""The condition that keeps the answers the memory model takes (no cramming, no resets)."""

CardLog = tuple[str, int, list[int], list[int], list[str] | None]
"""One card's log as the optimizer reads it (``scheduling.optimize_items.CardLog``)."""

_RATINGS: dict[int | None, Rating | None] = {int(rating): rating for rating in Rating}
_RATINGS[None] = None
_STATES = {int(state): state for state in FsrsState}
_KINDS = {str(kind): kind for kind in ReviewKind}


def _review(values: tuple[Any, ...]) -> Review:
    rid, card, person, rating, at, grader, duration, kind = values
    return Review(
        id=str(rid),
        card=str(card),
        person=str(person),
        rating=_RATINGS[rating],
        at=parse_utc(str(at)),
        grader=str(grader),
        duration_ms=duration if duration is None else int(duration),
        kind=_KINDS[kind],
    )


def _values(review: Review, prev_state: FsrsState) -> tuple[object, ...]:
    rating = None if review.rating is None else int(review.rating)
    return (review.id, review.card, review.person, rating, format_utc(review.at),
            review.grader, review.duration_ms, str(review.kind), int(prev_state))  # fmt: skip


class ReviewsRepo:
    """Appends to and reads the review log (undo is the only deletion)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, review: Review, prev_state: FsrsState) -> None:
        self.conn.execute(_INSERT, _values(review, prev_state))

    def add_many(self, reviews: Iterable[tuple[Review, FsrsState]]) -> None:
        """Appends reviews, each with the state its card was in before it, in one statement."""
        self.conn.executemany(_INSERT, [_values(review, prev) for review, prev in reviews])

    def remove(self, review_id: str) -> bool:
        """Deletes one review (used by undo only). Returns whether it existed."""
        cursor = self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return cursor.rowcount == 1

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        known: set[str] = set()
        for chunk, marks in in_chunks(ids):
            rows = self.conn.execute(f"SELECT id FROM reviews WHERE id IN ({marks})", chunk)
            known.update(row[0] for row in rows)
        return known

    def moments(self, person: str, cards: Iterable[str]) -> set[tuple[str, str]]:
        """``(card, time to the millisecond)`` of every entry of ``person`` on ``cards``: what
        makes a review the same review whatever id another program gave it."""
        found: set[tuple[str, str]] = set()
        for chunk, marks in in_chunks(sorted(set(cards))):
            rows = self.conn.execute(
                f"SELECT card, substr(at, 1, 23) FROM reviews "
                f"WHERE person = ? AND card IN ({marks})",
                [person, *chunk],
            )
            found.update(rows)
        return found

    def by_ids(self, ids: Iterable[str]) -> dict[str, Review]:
        """The reviews of these ids that are here, by id."""
        found: dict[str, Review] = {}
        for chunk, marks in in_chunks(ids):
            rows = self.conn.execute(f"SELECT {_COLUMNS} FROM reviews WHERE id IN ({marks})", chunk)
            found.update((review.id, review) for review in map(_review, rows))
        return found

    def for_card(self, person: str, card: str) -> list[Review]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE person = ? AND card = ? ORDER BY at, seq",
            (person, card),
        ).fetchall()
        return [_review(row) for row in rows]

    def of_card(self, card: str) -> list[Review]:
        """Everyone's reviews of ``card``, oldest first."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE card = ? ORDER BY at, seq", (card,)
        ).fetchall()
        return [_review(row) for row in rows]

    def move_card(self, old: str, new: str) -> dict[str, int]:
        """Puts the reviews of card ``old`` on card ``new`` (a merge: ``AliasesRepo``).

        Returns:
            How many reviews each person had on ``old``.
        """
        rows = self.conn.execute(
            "SELECT person, count(*) FROM reviews WHERE card = ? GROUP BY person", (old,)
        ).fetchall()
        self.conn.execute("UPDATE reviews SET card = ? WHERE card = ?", (new, old))
        return {str(person): int(count) for person, count in rows}

    def for_person(self, person: str) -> Iterator[Review]:
        """Every entry of ``person``'s log (resets included), oldest first."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE person = ? ORDER BY at, seq", (person,)
        ).fetchall()
        return (_review(row) for row in rows)

    def history_batches(
        self, person: str, size: int = 50_000
    ) -> Iterator[list[tuple[str, str, ReviewKind, Rating | None, datetime, FsrsState]]]:
        """``person``'s log as (card, review id, kind, rating, time, stored state before),
        card by card, each card's entries in the order they were made (for a replay).

        The rows come in batches of ``size``, each read whole before it is given (no cursor
        stays open while the caller writes): memory stays bounded however long the log.
        """
        ratings, states, kinds = _RATINGS, _STATES, _KINDS
        after: tuple[str, str, int] = ("", "", -1)
        while True:
            rows = self.conn.execute(
                "SELECT card, id, kind, rating, at, prev_state, seq FROM reviews "
                "WHERE person = ? AND (card, at, seq) > (?, ?, ?) ORDER BY card, at, seq LIMIT ?",
                (person, *after, size),
            ).fetchall()
            if not rows:
                return
            last = rows[-1]
            after = (str(last[0]), str(last[4]), int(last[6]))
            yield [
                (card, rid, kinds[kind], ratings[rating], parse_utc(at), states[prev])
                for card, rid, kind, rating, at, prev, _ in rows
            ]

    def history_of(
        self, person: str, cards: Iterable[str]
    ) -> list[tuple[str, str, ReviewKind, Rating | None, datetime, FsrsState]]:
        """``person``'s log of ``cards`` only, as ``history_batches`` gives it (one list)."""
        ratings, states, kinds = _RATINGS, _STATES, _KINDS
        found: list[tuple[str, str, ReviewKind, Rating | None, datetime, FsrsState]] = []
        for chunk, marks in in_chunks(sorted(set(cards))):
            rows = self.conn.execute(
                "SELECT card, id, kind, rating, at, prev_state FROM reviews "
                f"WHERE person = ? AND card IN ({marks}) ORDER BY card, at, seq",
                (person, *chunk),
            ).fetchall()
            found += [
                (card, rid, kinds[kind], ratings[rating], parse_utc(at), states[prev])
                for card, rid, kind, rating, at, prev in rows
            ]
        return found

    def memory_log(
        self, person: str
    ) -> list[tuple[str, int, list[int], list[int], list[str] | None]]:
        """``person``'s log card by card, cards in number (``pos``) order, each in time order:
        (card, number, ratings (0 for a reset), times in milliseconds since 1970, kinds or
        ``None`` when all are answers) — the optimizer's input.

        One row a card, its columns joined by SQLite and split here: a million entries make
        no Python object each, only their numbers.
        """
        rows = self.conn.execute(
            "SELECT g.card, c.pos, g.ratings, g.times, g.kinds FROM ("
            " SELECT card, group_concat(coalesce(rating, 0)) AS ratings,"
            "  group_concat(CAST(round((julianday(at) - 2440587.5) * 86400000) AS INTEGER))"
            "   AS times,"
            "  CASE WHEN sum(kind <> 'review') THEN group_concat(kind) END AS kinds"
            " FROM (SELECT card, rating, at, kind FROM reviews INDEXED BY reviews_card"
            "  WHERE person = ? ORDER BY card, at)"
            " GROUP BY card) g JOIN cards c ON c.key = g.card ORDER BY c.pos",
            (person,),
        )
        logs = []
        for card, pos, ratings, times, kinds in rows:
            entries = (
                list(map(int, ratings.split(","))),
                list(map(int, times.split(","))),
                None if kinds is None else kinds.split(","),
            )
            if any(map(gt, entries[1], entries[1][1:])):
                entries = _in_time_order(*entries)  # group_concat keeps the rows' order
            logs.append((card, pos, *entries))
        return logs

    def answer_facts(self, person: str) -> list[tuple[Rating, FsrsState, int | None]]:
        """Each of ``person``'s memory answers as (rating, state before it, duration in ms)."""
        rows = self.conn.execute(
            "SELECT rating, prev_state, duration_ms FROM reviews "
            f"WHERE person = ? AND {MEMORY_ANSWERS}",
            (person,),
        ).fetchall()
        return [(Rating(rating), _STATES[prev], duration) for rating, prev, duration in rows]

    def prev_states(self, person: str) -> dict[str, FsrsState]:
        """Review id -> the card's state before that entry, for each of ``person``'s."""
        rows = self.conn.execute("SELECT id, prev_state FROM reviews WHERE person = ?", (person,))
        return {str(rid): _STATES[prev] for rid, prev in rows}

    def set_prev_state(self, review_id: str, prev_state: FsrsState) -> None:
        self.conn.execute(
            "UPDATE reviews SET prev_state = ? WHERE id = ?", (int(prev_state), review_id)
        )

    def done_since(self, person: str, since: datetime) -> tuple[int, int]:
        """How many new cards and how many reviews ``person`` answered since ``since``."""
        new, review = self.conn.execute(
            "SELECT count(*) FILTER (WHERE prev_state = ?), count(*) FILTER (WHERE prev_state = ?) "
            f"FROM reviews WHERE person = ? AND at >= ? AND {MEMORY_ANSWERS}",
            (int(FsrsState.NEW), int(FsrsState.REVIEW), person, format_utc(since)),
        ).fetchone()
        return int(new), int(review)

    def count(self, person: str | None = None) -> int:
        if person is None:
            return int(self.conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
        return int(
            self.conn.execute(
                "SELECT count(*) FROM reviews WHERE person = ?", (person,)
            ).fetchone()[0]
        )


def _in_time_order(
    ratings: list[int], times: list[int], kinds: list[str] | None
) -> tuple[list[int], list[int], list[str] | None]:
    """One card's columns sorted by time (ties keep their order)."""
    order = sorted(range(len(times)), key=times.__getitem__)
    return (
        [ratings[i] for i in order],
        [times[i] for i in order],
        None if kinds is None else [kinds[i] for i in order],
    )
