"""Provides the report's sums that SQL makes whole: reviews per topic (tag group), notes
written in a period, and who graded a person's answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tandem.models import FsrsState, Rating, format_utc
from tandem.storage.reviews import ANSWERS, MEMORY_ANSWERS
from tandem.storage.stats import GradeDifferences, merged_tags


@dataclass(frozen=True, slots=True)
class TagGroupFigures:
    """The answers of a period on the cards that share one set of tags (note's, then
    deck's; empty: no tag)."""

    tags: tuple[str, ...]
    cards: int
    reviews: int
    tallied: int
    passed: int


@dataclass(frozen=True, slots=True)
class Grading:
    """Who graded a person's answers in a period, and the partner grades paired with a
    self-grade (``reviews.paired``), summed."""

    graders: dict[str, int]
    differences: GradeDifferences


class ReportFigures:
    """Read-only sums for ``svc.report``; every query takes ``?`` parameters."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def tag_groups(self, person: str, start: datetime, end: datetime) -> list[TagGroupFigures]:
        """``person``'s answers with ``start <= at < end`` summed per card (one ordered pass
        over ``reviews_card_grader``), then per distinct (note tags, deck tags): a few rows
        however many cards were answered."""
        again = int(Rating.AGAIN)
        tallied = f"prev_state = {int(FsrsState.REVIEW)} AND {MEMORY_ANSWERS}"
        rows = self.conn.execute(
            "SELECT n.tags, d.tags, count(*), sum(f.reviews), sum(f.tallied), sum(f.passed) "
            f"FROM (SELECT card, count(*) AS reviews, sum({tallied}) AS tallied, "
            f"      sum({tallied} AND rating != {again}) AS passed "
            "      FROM reviews INDEXED BY reviews_card_grader "
            f"     WHERE person = ? AND at >= ? AND at < ? AND {ANSWERS} GROUP BY card) AS f "
            "LEFT JOIN cards c ON c.key = f.card LEFT JOIN notes n ON n.id = c.note_id "
            "LEFT JOIN decks d ON d.id = n.deck_id GROUP BY n.tags, d.tags",
            (person, format_utc(start), format_utc(end)),
        ).fetchall()
        return [
            TagGroupFigures(merged_tags(tags or "[]", deck_tags or "[]"), *(int(v) for v in sums))
            for tags, deck_tags, *sums in rows
        ]

    def notes_written(
        self, author: str, since: str, until: str, start: datetime, end: datetime
    ) -> int:
        """Active notes ``author`` wrote in a period: a session log's notes by its date
        (``since`` to ``until``, ISO dates), any other note by when tandem first saw it
        (``start <= created_at < end``)."""
        row = self.conn.execute(
            "SELECT count(*) FROM notes n JOIN decks d ON d.id = n.deck_id "
            "WHERE n.author = ? AND n.retired = 0 AND CASE WHEN json_array_length(d.partners) > 0 "
            "THEN d.date BETWEEN ? AND ? ELSE n.created_at >= ? AND n.created_at < ? END",
            (author, since, until, format_utc(start), format_utc(end)),
        ).fetchone()
        return int(row[0])

    def grading(self, person: str, first: int, last: int, people: Sequence[str]) -> Grading:
        """How many of ``person``'s answers on study days ``first`` to ``last`` each grader
        graded (``person`` themself included), with the paired partner grades summed.

        One pass over ``reviews_person_day`` counts the graders among ``people``; only when
        someone else graded some (a name from a log file) does a second, grouped pass run."""
        names = sorted(set(people))
        counts = ", ".join("count(*) FILTER (WHERE grader = ?)" for _ in names)
        row = self.conn.execute(
            f"SELECT count(*), count(paired), count(paired > 0 OR NULL), "
            f"count(paired = 0 OR NULL), count(paired < 0 OR NULL), coalesce(sum(paired), 0)"
            f"{', ' + counts if names else ''} FROM reviews INDEXED BY reviews_person_day "
            f"WHERE person = ? AND day BETWEEN ? AND ? AND {ANSWERS}",
            (*names, person, first, last),
        ).fetchone()
        graders = {name: int(n) for name, n in zip(names, row[6:], strict=True) if n}
        if sum(graders.values()) < int(row[0]):
            graders = self._graders(person, first, last)
        return Grading(graders, GradeDifferences(*(int(v) for v in row[1:6])))

    def _graders(self, person: str, first: int, last: int) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT grader, count(*) FROM reviews INDEXED BY reviews_person_day "
            f"WHERE person = ? AND day BETWEEN ? AND ? AND {ANSWERS} GROUP BY grader",
            (person, first, last),
        )
        return {str(grader): int(count) for grader, count in rows}
