"""Provides the read-only queries behind statistics and reports (reviews, states, cards)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from tandem.models import FsrsState, Queue, Rating, format_utc, parse_utc
from tandem.storage.chunks import in_chunks
from tandem.storage.reviews import ANSWERS, MEMORY_ANSWERS


@dataclass(frozen=True, slots=True)
class DayFigures:
    """One study day's answers: how many, how long, and the true-retention tallies of the
    reviews of cards in review state (young: fewer than ``mature`` days since the last)."""

    day: int
    """``date.toordinal`` of the study day."""
    reviews: int
    duration_ms: int
    young: int
    young_passed: int
    mature: int
    mature_passed: int
    cram: int = 0
    """How many of the day's answers were cramming."""


@dataclass(frozen=True, slots=True)
class CardFigures:
    """One card's answers in a period: how many, how many Again, and its retention tally."""

    card: str
    reviews: int
    again: int
    tallied: int
    passed: int


@dataclass(frozen=True, slots=True)
class GradeDifferences:
    """Partner-graded reviews paired with the nearest self-graded one (``calibration``)."""

    pairs: int
    generous: int
    same: int
    stricter: int
    total: int
    """The sum of (self-grade - partner grade) over the pairs."""


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

    def day_figures(self, person: str, first: int, last: int, mature: int) -> list[DayFigures]:
        """``person``'s answers (resets left out) per study day ``first`` to ``last``
        (ordinals), days without any left out; retention counts leave cramming out.

        Two passes over ``reviews_person_day``: every answer, then the answers the
        retention counts take (a test on the index's own columns, then plain counts)."""
        totals = self.conn.execute(
            "SELECT day, count(*), coalesce(sum(duration_ms), 0), count(kind = 'cram' OR NULL) "
            "FROM reviews INDEXED BY reviews_person_day "
            f"WHERE person = ? AND day BETWEEN ? AND ? AND {ANSWERS} GROUP BY day",
            (person, first, last),
        ).fetchall()
        again = int(Rating.AGAIN)
        tallies = {
            day: rest
            for day, *rest in self.conn.execute(
                f"SELECT day, count(*), count(rating != {again} OR NULL), "
                "count(gap >= ? OR NULL), "
                f"count(gap >= ? AND rating != {again} OR NULL) "
                "FROM reviews INDEXED BY reviews_person_day "
                f"WHERE person = ? AND day BETWEEN ? AND ? AND {MEMORY_ANSWERS} "
                "AND prev_state = ? GROUP BY day",
                (mature, mature, person, first, last, int(FsrsState.REVIEW)),
            )
        }
        figures = []
        for day, reviews, spent, cram in totals:
            tallied, passed, old, old_passed = tallies.get(day, (0, 0, 0, 0))
            figures.append(DayFigures(day, reviews, spent, tallied - old, passed - old_passed,
                                      old, old_passed, cram))  # fmt: skip
        return figures

    def studied_on(self, person: str, day: int) -> bool:
        """Whether ``person`` answered any card on study day ``day`` (an ordinal)."""
        row = self.conn.execute(
            "SELECT 1 FROM reviews INDEXED BY reviews_person_day "
            f"WHERE person = ? AND day = ? AND {ANSWERS} LIMIT 1",
            (person, day),
        ).fetchone()
        return row is not None

    def card_figures(self, person: str, start: datetime, end: datetime) -> list[CardFigures]:
        """``person``'s answers per card with ``start <= at < end`` (one ordered pass over
        ``reviews_card_grader``, which holds all it counts)."""
        again = int(Rating.AGAIN)
        tallied = f"prev_state = {int(FsrsState.REVIEW)} AND {MEMORY_ANSWERS}"
        rows = self.conn.execute(
            f"SELECT card, count(*), sum(rating = {again}), sum({tallied}), "
            f"sum({tallied} AND rating != {again}) FROM reviews INDEXED BY reviews_card_grader "
            f"WHERE person = ? AND at >= ? AND at < ? AND {ANSWERS} GROUP BY card",
            (person, format_utc(start), format_utc(end)),
        ).fetchall()
        return [CardFigures(str(card), *(int(v) for v in rest)) for card, *rest in rows]

    def graders(self, person: str, first: int, last: int) -> dict[str, int]:
        """How many of ``person``'s answers on study days ``first`` to ``last`` each grader
        graded (``person`` themself included)."""
        rows = self.conn.execute(
            "SELECT grader, count(*) FROM reviews INDEXED BY reviews_person_day "
            f"WHERE person = ? AND day BETWEEN ? AND ? AND {ANSWERS} GROUP BY grader",
            (person, first, last),
        )
        return {str(grader): int(count) for grader, count in rows}

    def grade_differences(
        self, person: str, first: int, last: int, grader: str | None = None
    ) -> GradeDifferences:
        """The answers of ``person`` graded by someone else (by ``grader`` if given) on
        study days ``first`` to ``last`` (ordinals) that pair with a self-grade of the same
        card (``reviews.paired``, see ``study_days``), summed."""
        row = self.conn.execute(
            "SELECT count(paired), sum(paired > 0), sum(paired = 0), sum(paired < 0), "
            "sum(paired) FROM reviews INDEXED BY reviews_person_day "
            f"WHERE person = ? AND day BETWEEN ? AND ? AND {ANSWERS} AND grader != ? "
            "AND coalesce(grader = ?, 1)",
            (person, first, last, person, grader),
        ).fetchone()
        return GradeDifferences(*(int(v or 0) for v in row))

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

    def due_texts(self, person: str, before: datetime) -> list[str]:
        """Due times (UTC text) of cards waiting in a queue (learning, review, buried), due
        before ``before``; a buried card counts from the later of its due time and the end
        of its burial."""
        rows = self.conn.execute(
            "SELECT max(due, coalesce(buried_until, due)) FROM card_state "
            "INDEXED BY card_state_queue "
            "WHERE person = ? AND queue IN (?, ?, ?) AND due < ? AND state != ?",
            (person, int(Queue.LEARN), int(Queue.REVIEW), int(Queue.BURIED),
             format_utc(before), int(FsrsState.NEW)),
        ).fetchall()  # fmt: skip
        return [str(row[0]) for row in rows]

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
        states = {int(state): state for state in FsrsState}
        ratings: dict[int | None, Rating | None] = {int(r): r for r in Rating}
        ratings[None] = None
        return {str(card): (states[state], bool(susp), reps, ratings[last])
                for card, state, susp, reps, last in rows}  # fmt: skip

    def again_counts(self, person: str) -> dict[str, int]:
        """How often ``person`` answered Again, per card (cards never missed are left out)."""
        rows = self.conn.execute(
            "SELECT card, count(*) FROM reviews INDEXED BY reviews_card "
            "WHERE person = ? AND rating = ? GROUP BY card",
            (person, int(Rating.AGAIN)),
        )
        return {str(card): int(count) for card, count in rows}

    def card_tags(self, keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The tags of these cards: their note's, then their deck's (no texts read)."""
        found: dict[str, tuple[str, ...]] = {}
        for chunk, marks in in_chunks(sorted(set(keys))):
            rows = self.conn.execute(
                "SELECT c.key, n.tags, d.tags FROM cards c JOIN notes n ON n.id = c.note_id "
                f"JOIN decks d ON d.id = n.deck_id WHERE c.key IN ({marks})",
                chunk,
            )
            for key, tags, deck_tags in rows:
                found[str(key)] = _merged(tags, deck_tags)
        return found

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
                merged = _merged(tags, deck_tags)
                found[str(key)] = CardText(str(key), str(variant), str(kind), str(question),
                                           str(answer), str(title), merged)  # fmt: skip
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
                "SELECT count(*) FROM reviews INDEXED BY reviews_person_day "
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


@lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[str, ...]:
    """A JSON list of tags (the same few texts recur over many notes and decks)."""
    return tuple(json.loads(text))


@lru_cache(maxsize=4096)
def _merged(tags: str, deck_tags: str) -> tuple[str, ...]:
    """A note's tags, then its deck's that it lacks (JSON lists; few distinct pairs)."""
    return tuple(dict.fromkeys([*_tags(tags), *_tags(deck_tags)]))
