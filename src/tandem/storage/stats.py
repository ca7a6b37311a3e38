"""Provides the read-only queries behind statistics and reports (reviews, states, cards)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tandem.models import FsrsState, Queue, Rating, format_utc, parse_utc
from tandem.storage.chunks import in_chunks
from tandem.storage.reviews import ANSWERS, MEMORY_ANSWERS


@dataclass(frozen=True, slots=True)
class ReviewFact:
    """One answer as statistics need it, with the time of the card's previous answer."""

    card: str
    rating: Rating
    at: datetime
    grader: str
    duration_ms: int | None
    prev_state: FsrsState
    prev_at: datetime | None
    cram: bool = False
    """Answered without rescheduling (Anki's cramming): activity, not retention."""


@dataclass(frozen=True, slots=True)
class CardText:
    """What a card is about: its note's texts, tags and deck (for prompts and topics)."""

    key: str
    variant: str
    kind: str
    question: str
    answer: str
    deck_title: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NoteFact:
    """Who wrote a note and when: its session's date, else when tandem first saw it."""

    author: str
    created_at: datetime
    session_date: str | None


@dataclass(frozen=True, slots=True)
class SessionFact:
    """A session-log deck: a deck file with a date and partners."""

    path: str
    title: str
    date: str
    partners: tuple[str, ...]
    notes: int


class StatsQueries:
    """Read-only queries; every one takes ``?`` parameters and uses the tables' indexes."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def reviews_between(self, person: str, start: datetime, end: datetime) -> list[ReviewFact]:
        """``person``'s answers with ``start <= at < end``, oldest first (resets left out;
        the previous answer is the card's previous memory answer)."""
        rows = self.conn.execute(
            "SELECT r.card, r.rating, r.at, r.grader, r.duration_ms, r.prev_state, "
            "(SELECT max(p.at) FROM reviews p INDEXED BY reviews_card "
            " WHERE p.person = r.person AND p.card = r.card AND p.at < r.at "
            f" AND p.{MEMORY_ANSWERS}), "
            "r.kind = 'cram' FROM reviews r INDEXED BY reviews_person_at "
            f"WHERE r.person = ? AND r.at >= ? AND r.at < ? AND r.{ANSWERS} ORDER BY r.at, r.seq",
            (person, format_utc(start), format_utc(end)),
        ).fetchall()
        return [
            ReviewFact(
                card=str(card),
                rating=Rating(int(rating)),
                at=parse_utc(str(at)),
                grader=str(grader),
                duration_ms=None if duration is None else int(duration),
                prev_state=FsrsState(int(prev)),
                prev_at=None if prev_at is None else parse_utc(str(prev_at)),
                cram=bool(cram),
            )
            for card, rating, at, grader, duration, prev, prev_at, cram in rows
        ]

    def review_times(self, person: str, start: datetime, end: datetime) -> list[datetime]:
        """When ``person`` answered, ``start <= at < end``."""
        rows = self.conn.execute(
            "SELECT at FROM reviews INDEXED BY reviews_person_at "
            f"WHERE person = ? AND at >= ? AND at < ? AND {ANSWERS} ORDER BY at",
            (person, format_utc(start), format_utc(end)),
        )
        return [parse_utc(str(row[0])) for row in rows]

    def state_counts(self, person: str) -> dict[str, int]:
        """Active cards per FSRS state, and how many are suspended, buried or leeches."""
        row = self.conn.execute(
            "SELECT count(*), "
            "coalesce(sum(state = 0), 0), coalesce(sum(state = 1), 0), "
            "coalesce(sum(state = 2), 0), coalesce(sum(state = 3), 0), "
            "coalesce(sum(suspended), 0), coalesce(sum(queue = ?), 0), coalesce(sum(leech), 0) "
            "FROM card_state WHERE person = ? AND queue != ?",
            (int(Queue.BURIED), person, int(Queue.RETIRED)),
        ).fetchone()
        names = ("total", "new", "learning", "review", "relearning", "suspended", "buried")
        return dict(zip((*names, "leech"), (int(value) for value in row), strict=True))

    def due_times(self, person: str, before: datetime) -> list[datetime]:
        """Due times of cards waiting in a queue (learning, review, buried), due before ``before``.

        A buried card counts from the later of its due time and the end of its burial.
        """
        rows = self.conn.execute(
            "SELECT due, buried_until FROM card_state INDEXED BY card_state_queue "
            "WHERE person = ? AND queue IN (?, ?, ?) AND due < ? AND state != ?",
            (person, int(Queue.LEARN), int(Queue.REVIEW), int(Queue.BURIED),
             format_utc(before), int(FsrsState.NEW)),
        ).fetchall()  # fmt: skip
        return [max(parse_utc(str(due)), parse_utc(str(b)) if b else parse_utc(str(due)))
                for due, b in rows]  # fmt: skip

    def hardest(self, person: str, limit: int) -> list[tuple[str, int, int, bool]]:
        """(card, lapses, reps, leech) of the active cards with most lapses, most first."""
        rows = self.conn.execute(
            "SELECT card, lapses, reps, leech FROM card_state WHERE person = ? AND queue != ? "
            "AND lapses > 0 ORDER BY lapses DESC, card LIMIT ?",
            (person, int(Queue.RETIRED), limit),
        ).fetchall()
        return [(str(c), int(lapses), int(reps), bool(leech)) for c, lapses, reps, leech in rows]

    def knowledge(self, person: str) -> dict[str, tuple[FsrsState, bool, int, Rating | None]]:
        """Per active card: (state, suspended, reps, last rating) for ``person``."""
        rows = self.conn.execute(
            "SELECT s.card, s.state, s.suspended, s.reps, "
            "(SELECT r.rating FROM reviews r INDEXED BY reviews_card "
            f" WHERE r.person = s.person AND r.card = s.card AND r.{ANSWERS} "
            " ORDER BY r.at DESC, r.seq DESC "
            " LIMIT 1) FROM card_state s WHERE s.person = ? AND s.queue != ? AND s.reps > 0",
            (person, int(Queue.RETIRED)),
        ).fetchall()
        return {
            str(card): (FsrsState(int(state)), bool(susp), int(reps),
                        None if last is None else Rating(int(last)))
            for card, state, susp, reps, last in rows
        }  # fmt: skip

    def again_counts(self, person: str) -> dict[str, int]:
        """How often ``person`` answered Again, per card (cards never missed are left out)."""
        rows = self.conn.execute(
            "SELECT card, count(*) FROM reviews INDEXED BY reviews_card "
            "WHERE person = ? AND rating = ? GROUP BY card",
            (person, int(Rating.AGAIN)),
        )
        return {str(card): int(count) for card, count in rows}

    def card_texts(self, keys: Iterable[str]) -> dict[str, CardText]:
        """The texts, deck title and tags (note tags, then deck tags) of these cards."""
        found: dict[str, CardText] = {}
        for chunk, marks in in_chunks(sorted(set(keys))):
            rows = self.conn.execute(
                "SELECT c.key, c.variant, n.kind, n.question, n.answer, n.tags, d.title, d.tags "
                "FROM cards c JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = n.deck_id "
                f"WHERE c.key IN ({marks})",
                chunk,
            )
            for key, variant, kind, question, answer, tags, title, deck_tags in rows:
                merged = dict.fromkeys([*json.loads(tags), *json.loads(deck_tags)])
                found[str(key)] = CardText(str(key), str(variant), str(kind), str(question),
                                           str(answer), str(title), tuple(merged))  # fmt: skip
        return found

    def notes_written(self) -> list[NoteFact]:
        """Every active note that names its author."""
        rows = self.conn.execute(
            "SELECT n.author, n.created_at, CASE WHEN json_array_length(d.partners) > 0 "
            "THEN d.date END FROM notes n JOIN decks d ON d.id = n.deck_id "
            "WHERE n.retired = 0 AND n.author IS NOT NULL"
        ).fetchall()
        return [NoteFact(str(a), parse_utc(str(c)), None if s is None else str(s))
                for a, c, s in rows]  # fmt: skip

    def sessions(self, since: str, until: str) -> list[SessionFact]:
        """Session logs present in the decks folder dated ``since`` to ``until`` (ISO dates)."""
        rows = self.conn.execute(
            "SELECT d.path, d.title, d.date, d.partners, (SELECT count(*) FROM notes n "
            " WHERE n.deck_id = d.id AND n.retired = 0) FROM decks d "
            "WHERE d.present = 1 AND d.date >= ? AND d.date <= ? "
            "AND json_array_length(d.partners) > 0 ORDER BY d.date, d.path",
            (since, until),
        ).fetchall()
        return [SessionFact(str(p), str(t), str(d), tuple(json.loads(partners)), int(n))
                for p, t, d, partners, n in rows]  # fmt: skip

    def graded_by(self, person: str, grader: str) -> int:
        """How many of ``person``'s reviews ``grader`` graded."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM reviews INDEXED BY reviews_person_at "
                f"WHERE person = ? AND grader = ? AND {ANSWERS}",
                (person, grader),
            ).fetchone()[0]
        )

    def leeches(self, person: str) -> set[str]:
        """The active cards tagged a leech for ``person``."""
        rows = self.conn.execute(
            "SELECT card FROM card_state WHERE person = ? AND leech = 1 AND queue != ?",
            (person, int(Queue.RETIRED)),
        )
        return {str(row[0]) for row in rows}
