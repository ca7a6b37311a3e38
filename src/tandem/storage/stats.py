"""Provides the read-only queries behind statistics and reports (reviews, states, cards)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from tandem.models import FsrsState, Queue, Rating, ReviewKind, format_utc
from tandem.storage.chunks import in_chunks
from tandem.storage.reviews import ANSWERS, MEMORY_ANSWERS
from tandem.storage.schema import MATURE_GAP

_NOT_ANSWERS = frozenset({ReviewKind.RESET, ReviewKind.MANUAL})
"""The kinds ``ANSWERS`` leaves out."""
_MEMORY = frozenset({ReviewKind.REVIEW, ReviewKind.RESTART})
"""The kinds ``MEMORY_ANSWERS`` keeps."""


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
class SharedCard:
    """A card two partners have both answered: whether each knows it (in review state, not
    suspended, last answer not Again) and how often each answered it Again."""

    card: str
    a_knows: bool
    b_knows: bool
    a_again: int
    b_again: int


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

        Read from ``review_day_sums`` (a few rows per day) when they are up to date and
        ``mature`` is theirs; else one pass over ``reviews_person_day`` grouped by its
        leading columns (day, kind, state before), so SQLite streams the groups unsorted.
        Either way the few rows per day are summed here."""
        if mature == MATURE_GAP and self.sums_current(person):
            rows = self.conn.execute(
                "SELECT day, kind, prev_state, reviews, duration_ms, passed, mature, "
                "mature_passed FROM review_day_sums WHERE person = ? AND day BETWEEN ? AND ?",
                (person, first, last),
            ).fetchall()
        else:
            rows = self._day_groups(person, first, last, mature)
        sums: dict[int, list[int]] = {}
        review = int(FsrsState.REVIEW)
        for day, kind, state, count, spent, passed, old, old_passed in rows:
            if kind in _NOT_ANSWERS:
                continue
            day_sums = sums.setdefault(day, [0] * 7)
            day_sums[0] += count
            day_sums[1] += spent
            if kind == ReviewKind.CRAM:
                day_sums[6] += count
            elif kind in _MEMORY and state == review:
                day_sums[2:6] = (day_sums[2] + count, day_sums[3] + passed,
                                 day_sums[4] + old, day_sums[5] + old_passed)  # fmt: skip
        return [
            DayFigures(day, n, spent, tallied - old, passed - old_passed, old, old_passed, cram)
            for day, (n, spent, tallied, passed, old, old_passed, cram) in sorted(sums.items())
        ]

    def _day_groups(self, person: str, first: int, last: int, mature: int) -> list[Any]:
        again = int(Rating.AGAIN)
        return self.conn.execute(
            "SELECT day, kind, prev_state, count(*), coalesce(sum(duration_ms), 0), "
            f"count(rating != {again} OR NULL), count(gap >= :mature OR NULL), "
            f"count(gap >= :mature AND rating != {again} OR NULL) "
            "FROM reviews INDEXED BY reviews_person_day "
            "WHERE person = :person AND day BETWEEN :first AND :last "
            "GROUP BY day, kind, prev_state",
            {"person": person, "first": first, "last": last, "mature": mature},
        ).fetchall()

    def sums_current(self, person: str) -> bool:
        """Whether ``review_day_sums`` holds every stored study day of ``person`` as it is
        (no day marked changed since it was summed)."""
        row = self.conn.execute(
            "SELECT 1 FROM review_days_changed WHERE person = ? LIMIT 1", (person,)
        ).fetchone()
        return row is None

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

    def grade_differences(
        self, person: str, first: int, last: int, grader: str | None = None
    ) -> GradeDifferences:
        """The answers of ``person`` graded by someone else (by ``grader`` if given) on
        study days ``first`` to ``last`` (ordinals) that pair with a self-grade of the same
        card (``reviews.paired``, see ``study_days``), summed: from ``review_day_sums``
        for every grader when they are up to date."""
        if grader is None and self.sums_current(person):
            row = self.conn.execute(
                "SELECT sum(pairs), sum(generous), sum(same), sum(stricter), sum(paired_total) "
                "FROM review_day_sums WHERE person = ? AND day BETWEEN ? AND ?",
                (person, first, last),
            ).fetchone()
            return GradeDifferences(*(int(v or 0) for v in row))
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
            # learning, review or buried, and not new: in no hidden queue but burial (the
            # flags, not ``queue``, so that the index is read alone: ``states.in_queue``)
            "WHERE person = ? AND retired = 0 AND suspended = 0 AND state != ? AND due < ?",
            (person, int(FsrsState.NEW), format_utc(before)),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def hardest(self, person: str, limit: int) -> list[tuple[str, int, int, bool]]:
        """(card, lapses, reps, leech) of the active cards with most lapses, most first
        (``reps > 0``, which every lapse implies, lets ``card_state_by_lapses`` serve)."""
        rows = self.conn.execute(
            "SELECT card, lapses, reps, leech FROM card_state WHERE person = ? AND queue != ? "
            "AND lapses > 0 AND reps > 0 ORDER BY lapses DESC, card LIMIT ?",
            (person, int(Queue.RETIRED), limit),
        ).fetchall()
        return [(str(c), int(lapses), int(reps), bool(leech)) for c, lapses, reps, leech in rows]

    def shared_cards(self, a: str, b: str) -> list[SharedCard]:
        """The active cards both ``a`` and ``b`` have answered, with what each knows.

        Only these cards make a partnership's figures, so it walks the smaller side's
        card states joined to the other's by key (``card_state``'s primary key), and per
        card looks up each one's last answer and Again count along ``reviews_card``."""
        again, review, retired = int(Rating.AGAIN), int(FsrsState.REVIEW), int(Queue.RETIRED)
        last = (f"(SELECT r.rating FROM reviews r INDEXED BY reviews_card WHERE r.person = "
                f"{{0}}.person AND r.card = {{0}}.card AND r.{ANSWERS} "
                "ORDER BY r.at DESC, r.seq DESC LIMIT 1)")  # fmt: skip
        knows = (f"({{0}}.state = {review} AND NOT {{0}}.suspended "
                 f"AND coalesce({last}, 0) != {again})")  # fmt: skip
        misses = (
            f"(SELECT count(*) FROM reviews r INDEXED BY reviews_card "
            f"WHERE r.person = {{0}}.person AND r.card = {{0}}.card AND r.rating = {again})"
        )
        fewer = self._answered(a) <= self._answered(b)
        outer, inner = ("sa", "sb") if fewer else ("sb", "sa")
        rows = self.conn.execute(
            f"SELECT {outer}.card, {knows.format('sa')}, {knows.format('sb')}, "
            f"{misses.format('sa')}, {misses.format('sb')} FROM card_state {outer} "
            f"JOIN card_state {inner} ON {inner}.person = :{inner} AND {inner}.card = {outer}.card "
            f"WHERE {outer}.person = :{outer} AND {outer}.reps > 0 AND {outer}.queue != :retired "
            f"AND {inner}.reps > 0 AND {inner}.queue != :retired",
            {"sa": a, "sb": b, "retired": retired},
        ).fetchall()  # fmt: skip
        return [SharedCard(str(card), bool(ka), bool(kb), int(aa), int(ab))
                for card, ka, kb, aa, ab in rows]  # fmt: skip

    def _answered(self, person: str) -> int:
        """How many active cards ``person`` has answered (the side a join starts from)."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM card_state WHERE person = ? AND reps > 0 AND queue != ?",
                (person, int(Queue.RETIRED)),
            ).fetchone()[0]
        )

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
                merged = merged_tags(tags, deck_tags)
                found[str(key)] = CardText(str(key), str(variant), str(kind), str(question),
                                           str(answer), str(title), merged)  # fmt: skip
        return found

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

    def graded_by(
        self, person: str, grader: str, first: int, last: int
    ) -> tuple[int, GradeDifferences]:
        """How many of ``person``'s answers ``grader`` graded (the whole log), and those of
        study days ``first`` to ``last`` paired with a self-grade, summed: one pass over
        ``person``'s entries in ``reviews_person_day``."""
        mine = "day BETWEEN :first AND :last"
        row = self.conn.execute(
            f"SELECT count(*), count(paired) FILTER (WHERE {mine}), "
            f"count(paired > 0 OR NULL) FILTER (WHERE {mine}), "
            f"count(paired = 0 OR NULL) FILTER (WHERE {mine}), "
            f"count(paired < 0 OR NULL) FILTER (WHERE {mine}), "
            f"coalesce(sum(paired) FILTER (WHERE {mine}), 0) "
            "FROM reviews INDEXED BY reviews_person_day "
            f"WHERE person = :person AND grader = :grader AND {ANSWERS}",
            {"person": person, "grader": grader, "first": first, "last": last},
        ).fetchone()
        return int(row[0]), GradeDifferences(*(int(v) for v in row[1:]))

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
def merged_tags(tags: str, deck_tags: str) -> tuple[str, ...]:
    """A note's tags, then its deck's that it lacks (JSON lists; few distinct pairs)."""
    return tuple(dict.fromkeys([*_tags(tags), *_tags(deck_tags)]))
