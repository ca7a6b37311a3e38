"""Provides queries on ``reviews``, the append-only review log."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime

from tandem.models import FsrsState, Rating, Review, format_utc, parse_utc

_COLUMNS = "id, card, person, rating, at, grader, duration_ms"


def _review(values: tuple[object, ...]) -> Review:
    rid, card, person, rating, at, grader, duration = values
    return Review(
        id=str(rid),
        card=str(card),
        person=str(person),
        rating=Rating(int(rating)),  # type: ignore[call-overload]
        at=parse_utc(str(at)),
        grader=str(grader),
        duration_ms=duration if duration is None else int(duration),  # type: ignore[call-overload]
    )


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

    def for_card(self, person: str, card: str) -> list[Review]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE person = ? AND card = ? ORDER BY at, seq",
            (person, card),
        ).fetchall()
        return [_review(row) for row in rows]

    def for_person(self, person: str) -> Iterator[Review]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM reviews WHERE person = ? ORDER BY at, seq", (person,)
        ).fetchall()
        return (_review(row) for row in rows)

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
