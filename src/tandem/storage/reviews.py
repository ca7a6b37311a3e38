"""Provides queries on ``reviews``, the append-only review log."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from tandem.models import FsrsState, Rating, Review, format_utc, parse_utc

_COLUMNS = "id, card, person, rating, at, grader, duration_ms"


def _review(values: tuple[Any, ...]) -> Review:
    rid, card, person, rating, at, grader, duration = values
    return Review(
        id=str(rid),
        card=str(card),
        person=str(person),
        rating=Rating(int(rating)),
        at=parse_utc(str(at)),
        grader=str(grader),
        duration_ms=duration if duration is None else int(duration),
    )


_RATINGS = {int(rating): rating for rating in Rating}
_STATES = {int(state): state for state in FsrsState}


class ReviewsRepo:
    """Appends to and reads the review log (undo is the only deletion)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, review: Review, prev_state: FsrsState) -> None:
        self.conn.execute(
            f"INSERT INTO reviews ({_COLUMNS}, prev_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                review.id,
                review.card,
                review.person,
                int(review.rating),
                format_utc(review.at),
                review.grader,
                review.duration_ms,
                int(prev_state),
            ),
        )

    def add_many(self, reviews: Iterable[tuple[Review, FsrsState]]) -> None:
        """Appends reviews, each with the state its card was in before it, in one statement."""
        self.conn.executemany(
            f"INSERT INTO reviews ({_COLUMNS}, prev_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (r.id, r.card, r.person, int(r.rating), format_utc(r.at), r.grader,
                 r.duration_ms, int(prev))
                for r, prev in reviews
            ],
        )  # fmt: skip

    def remove(self, review_id: str) -> bool:
        """Deletes one review (used by undo only). Returns whether it existed."""
        cursor = self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return cursor.rowcount == 1

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        known: set[str] = set()
        batch = list(ids)
        for start in range(0, len(batch), 500):
            chunk = batch[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT id FROM reviews WHERE id IN ({marks})", chunk)
            known.update(row[0] for row in rows)
        return known

    def by_ids(self, ids: Iterable[str]) -> dict[str, Review]:
        """The reviews of these ids that are here, by id."""
        found: dict[str, Review] = {}
        batch = list(ids)
        for start in range(0, len(batch), 500):
            chunk = batch[start : start + 500]
            marks = ", ".join("?" * len(chunk))
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

    def for_person(self, person: str) -> Iterator[Review]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE person = ? ORDER BY at, seq", (person,)
        ).fetchall()
        return (_review(row) for row in rows)

    def history_by_card(self, person: str) -> list[tuple[str, str, Rating, datetime, FsrsState]]:
        """``person``'s log as (card, review id, rating, time, stored state before), card
        by card, each card's answers in the order they were given (for a replay)."""
        rows = self.conn.execute(
            "SELECT card, id, rating, at, prev_state FROM reviews WHERE person = ? "
            "ORDER BY card, at, seq",
            (person,),
        ).fetchall()
        ratings, states = _RATINGS, _STATES
        return [
            (card, rid, ratings[rating], parse_utc(at), states[prev])
            for card, rid, rating, at, prev in rows
        ]

    def ratings_by_card(self, person: str) -> list[tuple[str, int, datetime]]:
        """``person``'s answers as (card, rating, time), card by card in answer order (the
        optimizer's input: no ids, no enums, as little as 100,000 answers need)."""
        rows = self.conn.execute(
            "SELECT card, rating, at FROM reviews WHERE person = ? ORDER BY card, at, seq",
            (person,),
        ).fetchall()
        return [(card, rating, parse_utc(at)) for card, rating, at in rows]

    def answer_facts(self, person: str) -> list[tuple[Rating, FsrsState, int | None]]:
        """Each of ``person``'s answers as (rating, state before it, duration in ms)."""
        rows = self.conn.execute(
            "SELECT rating, prev_state, duration_ms FROM reviews WHERE person = ?", (person,)
        ).fetchall()
        return [(_RATINGS[rating], _STATES[prev], duration) for rating, prev, duration in rows]

    def prev_states(self, person: str) -> dict[str, FsrsState]:
        """Review id -> the card's state before that answer, for each of ``person``'s."""
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
            "FROM reviews WHERE person = ? AND at >= ?",
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
