"""Provides queries on ``quizzes``: the running quiz both terminals read and write."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tandem.models import format_utc, parse_utc

_COLUMNS = (
    "id, asker, answerer, scope, swap_every, since_swap, card, revealed, tries, status, "
    "version, started_at, ended_at"
)


@dataclass(frozen=True, slots=True)
class QuizRow:
    """A quiz as stored: who asks, who answers, the card on the table and its state."""

    id: int
    asker: str
    answerer: str
    scope: str
    swap_every: int
    since_swap: int = 0
    card: str | None = None
    revealed: bool = False
    tries: int = 1
    status: str = "open"
    version: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def partners(self) -> tuple[str, str]:
        return (self.asker, self.answerer)


@dataclass(frozen=True, slots=True)
class GradeRow:
    """One graded answer of a quiz (the review itself is in ``reviews``)."""

    review_id: str
    answerer: str
    asker: str
    card: str
    rating: int
    tries: int


def _quiz(values: tuple[Any, ...]) -> QuizRow:
    (qid, asker, answerer, scope, swap_every, since_swap, card, revealed, tries, status,
     version, started, ended) = values  # fmt: skip
    return QuizRow(
        id=int(qid),
        asker=str(asker),
        answerer=str(answerer),
        scope=str(scope),
        swap_every=int(swap_every),
        since_swap=int(since_swap),
        card=None if card is None else str(card),
        revealed=bool(revealed),
        tries=int(tries),
        status=str(status),
        version=int(version),
        started_at=parse_utc(str(started)),
        ended_at=parse_utc(str(ended)) if ended else None,
    )


class QuizzesRepo:
    """Reads and writes quizzes, their grades and who is present."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def create(self, row: QuizRow, at: datetime) -> int:
        cursor = self.conn.execute(
            "INSERT INTO quizzes (asker, answerer, scope, swap_every, started_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (row.asker, row.answerer, row.scope, row.swap_every, format_utc(at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def get(self, quiz_id: int) -> QuizRow | None:
        found = self.conn.execute(
            f"SELECT {_COLUMNS} FROM quizzes WHERE id = ?", (quiz_id,)
        ).fetchone()
        return _quiz(found) if found else None

    def open_quizzes(self) -> list[QuizRow]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM quizzes WHERE status = 'open' ORDER BY id DESC"
        ).fetchall()
        return [_quiz(row) for row in rows]

    def save(self, row: QuizRow, at: datetime | None = None) -> QuizRow:
        """Writes the row's state and bumps its version; returns the saved row."""
        self.conn.execute(
            "UPDATE quizzes SET asker = ?, answerer = ?, scope = ?, since_swap = ?, card = ?, "
            "revealed = ?, tries = ?, status = ?, version = version + 1, ended_at = ? "
            "WHERE id = ?",
            (row.asker, row.answerer, row.scope, row.since_swap, row.card, int(row.revealed),
             row.tries, row.status, format_utc(at) if at and row.status == "ended" else None,
             row.id),
        )  # fmt: skip
        saved = self.get(row.id)
        assert saved is not None
        return saved

    def add_grade(self, quiz_id: int, grade: GradeRow) -> None:
        self.conn.execute(
            "INSERT INTO quiz_grades (quiz_id, review_id, answerer, asker, card, rating, tries) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (quiz_id, grade.review_id, grade.answerer, grade.asker, grade.card, grade.rating,
             grade.tries),
        )  # fmt: skip

    def remove_grade(self, quiz_id: int, review_id: str) -> None:
        self.conn.execute(
            "DELETE FROM quiz_grades WHERE quiz_id = ? AND review_id = ?", (quiz_id, review_id)
        )

    def grades(self, quiz_id: int) -> list[GradeRow]:
        rows = self.conn.execute(
            "SELECT g.review_id, g.answerer, g.asker, g.card, g.rating, g.tries "
            "FROM quiz_grades g JOIN reviews r ON r.id = g.review_id "
            "WHERE g.quiz_id = ? ORDER BY r.seq",
            (quiz_id,),
        ).fetchall()
        return [
            GradeRow(str(a), str(b), str(c), str(d), int(e), int(f)) for a, b, c, d, e, f in rows
        ]

    def mark_present(self, quiz_id: int, person: str, at: datetime) -> None:
        self.conn.execute(
            "INSERT INTO quiz_presence (quiz_id, person, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT (quiz_id, person) DO UPDATE SET seen_at = excluded.seen_at",
            (quiz_id, person, format_utc(at)),
        )

    def seen_at(self, quiz_id: int, person: str) -> datetime | None:
        row = self.conn.execute(
            "SELECT seen_at FROM quiz_presence WHERE quiz_id = ? AND person = ?",
            (quiz_id, person),
        ).fetchone()
        return parse_utc(str(row[0])) if row else None
