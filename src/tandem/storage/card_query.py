"""Provides card search terms (``models.card_query``) as SQL over cards, notes and decks.

Words go to the full-text index (``notes_fts``: each word also matches the words it
begins); filters compare without case, ``*`` matching any run of characters; ``is:`` reads
the person's ``card_state`` row. Every value is a parameter: nothing typed reaches the SQL.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime

from tandem.models import format_utc
from tandem.models.card_query import (
    DECK_ORDER,
    All,
    Any_,
    DueRange,
    Field,
    Filter,
    Not,
    Order,
    Sort,
    State,
    Term,
    Text,
)
from tandem.storage.chunks import in_chunks
from tandem.storage.note_rows import SOURCE_COLUMNS, SOURCE_JOINS, DeckRow, NoteRow, card_source

CardSource = tuple[str, str, NoteRow, DeckRow]
"""A card found: its key, variant, note and deck."""

_STATE_JOIN = {
    # Every card has a row for every person (the catalogue's rule): with a person, an inner
    # join that keeps the order of the loops; without one, no row (``is:`` needs a person).
    True: "CROSS JOIN card_state s ON s.card = c.key AND s.person = ?",
    False: "LEFT JOIN card_state s ON s.card = c.key AND s.person = ?",
}
_DECK_ORDER = (
    # Decks by path, each deck's notes by the index ``notes_deck``, each note's cards: the
    # first ``LIMIT`` matches end the walk (CROSS JOIN keeps this order of the loops).
    "SELECT c.key{columns} FROM decks d CROSS JOIN notes n ON n.deck_id = d.id "
    "CROSS JOIN cards c ON c.note_id = n.id {state} "
    "WHERE c.retired = 0 AND d.present = 1 AND ({condition}) "
    "ORDER BY d.path, n.position, c.pos LIMIT ?"
)
_SORTED = (
    f"SELECT s.card FROM card_state s JOIN cards c ON c.key = s.card {SOURCE_JOINS} "
    "WHERE s.person = ? AND {has} AND c.retired = 0 AND d.present = 1 AND ({condition}) "
    "ORDER BY {value} {direction}, s.card {direction} LIMIT ?"
)
_SORTED_FEW = (
    # A few notes hold the words: start from them (CROSS JOIN keeps the loops in this order)
    "SELECT s.card FROM notes n CROSS JOIN cards c ON c.note_id = n.id "
    "CROSS JOIN card_state s ON s.card = c.key AND s.person = ? JOIN decks d ON d.id = n.deck_id "
    "WHERE {has} AND c.retired = 0 AND d.present = 1 AND ({condition}) "
    "ORDER BY {value} {direction}, s.card {direction} LIMIT ?"
)
_SORTED_STATES = (
    # A query of the person's states only (no words, deck, tag…): no join per row. The row's
    # own flags stand for the card's (``retired``) and its deck's (``deck_id``).
    "SELECT s.card FROM card_state s WHERE s.person = ? AND {has} AND s.retired = 0 "
    "AND s.deck_id IN (SELECT id FROM decks WHERE present = 1) AND ({condition}) "
    "ORDER BY {value} {direction}, s.card {direction} LIMIT ?"
)
READS_CARDS = re.compile(r"\b[cnd]\.")
"""A condition that reads the card, note or deck (not only the person's state row)."""
_SOURCES = f"SELECT c.key, {SOURCE_COLUMNS} FROM cards c {SOURCE_JOINS} WHERE c.key IN ({{marks}})"
_SORTS: dict[Sort, tuple[str, str]] = {
    Sort.DUE: ("s.due", "s.state > 0"),
    # A card never answered but set due (in review) has a due date and no interval.
    Sort.INTERVAL: ("julianday(s.due) - julianday(s.last_review)", "s.last_review IS NOT NULL"),
    Sort.STABILITY: ("s.stability", "s.stability IS NOT NULL"),
    Sort.DIFFICULTY: ("s.difficulty", "s.difficulty IS NOT NULL"),
    Sort.LAPSES: ("s.lapses", "s.reps > 0"),
    Sort.LAST_REVIEW: ("s.last_review", "s.last_review IS NOT NULL"),
    # Recall falls as (time since the last review) / stability grows, whatever the person's
    # FSRS parameters: the lowest retrievability first is the largest ratio first. It
    # depends on the time, so no index holds it: the person's reviewed cards are sorted.
    Sort.RETRIEVABILITY: (
        "(julianday(?) - julianday(s.last_review)) / s.stability",
        "s.stability IS NOT NULL AND s.last_review IS NOT NULL",
    ),
}
"""Each sort: its value in the person's ``card_state`` row, and the condition of the rows
that have one (those of the partial index ``card_state_by_…``, schema v7; the interval
and retrievability have none: the person's rows that have one are sorted)."""
_TEXT = "n.rowid IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?)"
_STATES = {
    State.NEW: "s.queue = 0",
    State.LEARN: "s.queue = 1",
    State.REVIEW: "s.queue = 2",
    State.SUSPENDED: "s.suspended = 1",
    State.BURIED: "s.buried_until IS NOT NULL",
    State.LEECH: "s.leech = 1",
    State.DUE: "(s.queue IN (1, 2) AND s.due < ?)",
}


class CardQuery:
    """Runs a search: the cards in a deck that ``term`` matches, in deck order."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def find(
        self,
        term: Term,
        person: str | None,
        due_before: datetime,
        limit: int,
        order: Order = DECK_ORDER,
        now: datetime | None = None,
    ) -> list[CardSource]:
        """Up to ``limit`` cards; ``is:`` terms look at ``person``'s states (none: no
        card has a state), ``is:due`` at cards due before ``due_before``.

        In deck order, or sorted by ``order`` (``person``'s values; retrievability at
        ``now``) with the cards that have no such value after, in deck order. SQLite sorts
        and stops at ``limit``: a sort reads its first rows from an index, so the first
        results of 100,000 cards come as fast as those of a hundred.
        """
        if order.sort is None or person is None:
            values: list[object] = [person]
            condition = term_condition(term, values, format_utc(due_before))
            sql = _DECK_ORDER.format(columns=f", {SOURCE_COLUMNS}", condition=condition,
                                     state=_STATE_JOIN[person is not None])  # fmt: skip
            rows = self.conn.execute(sql, (*values, limit)).fetchall()
            return [(str(row[0]), *card_source(row[1:])) for row in rows]
        keys = self._sorted(term, person, due_before, limit, order, now or due_before)
        return self._sources(keys)

    def _sorted(
        self,
        term: Term,
        person: str,
        due_before: datetime,
        limit: int,
        order: Order,
        now: datetime,
    ) -> list[str]:
        """The keys of the first ``limit`` cards by ``order``, then those without a value."""
        assert order.sort is not None
        value, has = _SORTS[order.sort]
        params: list[object] = [person]
        condition = term_condition(term, params, format_utc(due_before))
        ascending = not order.descending
        if order.sort is Sort.RETRIEVABILITY:
            ascending = not ascending  # the ratio grows as recall falls
            params.append(format_utc(now))  # the ``?`` of the value, after the condition's
        few = order.sort is not Sort.RETRIEVABILITY and self.few_hold_words(term)
        lean = not few and not READS_CARDS.search(condition)
        template = _SORTED_FEW if few else _SORTED_STATES if lean else _SORTED
        sql = template.format(has=has, condition=condition, value=value,
                              direction="ASC" if ascending else "DESC")  # fmt: skip
        keys = [str(row[0]) for row in self.conn.execute(sql, (*params, limit))]
        if len(keys) < limit:  # then the cards without the value, in deck order
            rest: list[object] = [person]
            condition = term_condition(term, rest, format_utc(due_before))
            sql = _DECK_ORDER.format(columns="", condition=f"NOT ({has}) AND ({condition})",
                                     state=_STATE_JOIN[True])  # fmt: skip
            keys += [str(row[0]) for row in self.conn.execute(sql, (*rest, limit - len(keys)))]
        return keys

    def few_hold_words(self, term: Term) -> bool:
        """Whether words that every match must hold are in at most ``FEW_NOTES`` notes."""
        texts = [t for t in (term.terms if isinstance(term, All) else (term,))
                 if isinstance(t, Text)]  # fmt: skip
        for text in texts:
            match = fts_match(text.words, phrase=text.phrase)
            if match is None:
                return True
            rows = self.conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM notes_fts WHERE notes_fts MATCH ? LIMIT ?)",
                (match, FEW_NOTES + 1),
            )
            if int(rows.fetchone()[0]) <= FEW_NOTES:
                return True
        return False

    def _sources(self, keys: list[str]) -> list[CardSource]:
        """The cards ``keys``, in that order."""
        found: dict[str, CardSource] = {}
        for chunk, marks in in_chunks(keys):
            for row in self.conn.execute(_SOURCES.format(marks=marks), chunk):
                found[str(row[0])] = (str(row[0]), *card_source(row[1:]))
        return [found[key] for key in keys if key in found]


FEW_NOTES = 5_000
"""Notes few enough to sort all that hold the words (past it, a sort walks its index)."""


def term_condition(term: Term, values: list[object], due: str) -> str:
    """``term`` as an SQL condition over ``c``, ``n``, ``d`` and the person's ``s``; its
    values are appended to ``values`` (``due``: when ``is:due`` ends, as stored)."""
    if isinstance(term, Text):
        match = fts_match(term.words, phrase=term.phrase)
        if match is None:
            return "0"  # no word in it: nothing holds it
        values.append(match)
        return _TEXT
    if isinstance(term, Filter):
        return _filter(term, values, due)
    if isinstance(term, DueRange):
        bounds = [(">=", term.start), ("<", term.end)]
        values += [format_utc(at) for _, at in bounds if at is not None]
        return "(" + " AND ".join(["s.state > 0"] + [f"s.due {op} ?" for op, at in bounds
                                                   if at is not None]) + ")"  # fmt: skip
    if isinstance(term, Not):
        return f"NOT coalesce({term_condition(term.term, values, due)}, 0)"
    if isinstance(term, All | Any_):
        if not term.terms:
            return "1"
        joiner = " AND " if isinstance(term, All) else " OR "
        return "(" + joiner.join(term_condition(t, values, due) for t in term.terms) + ")"
    raise TypeError(term)


def _filter(term: Filter, values: list[object], due: str) -> str:
    if term.field is Field.PROP:  # the finder reads it with the person's days first
        raise TypeError(f"prop:{term.value} without the person's study days (with_due_days)")
    if term.field is Field.IS:
        state = State(term.value)
        if state is State.DUE:
            values.append(due)
        return _STATES[state]
    pattern = like_pattern(term.value)
    if term.field is Field.DECK:
        values += [pattern, pattern + ".md", pattern + "/%", pattern]
        return (
            "(d.path LIKE ? ESCAPE '\\' OR d.path LIKE ? ESCAPE '\\' "
            "OR d.path LIKE ? ESCAPE '\\' OR d.title LIKE ? ESCAPE '\\')"
        )
    if term.field is Field.TAG:
        note = _tags_hold("n", term.value, values)
        return f"({note} OR {_tags_hold('d', term.value, values)})"
    if term.field is Field.KIND:
        if term.value == "reverse":
            return "c.variant = 'r'"
        values.append(pattern)
        return "n.kind LIKE ? ESCAPE '\\'"
    if term.field is Field.BY:
        values.append(pattern)
        return "n.author LIKE ? ESCAPE '\\'"
    values += [pattern, pattern]  # card:
    return "(c.key LIKE ? ESCAPE '\\' OR c.note_id LIKE ? ESCAPE '\\')"


def _tags_hold(table: str, value: str, values: list[object]) -> str:
    """Whether the tags of ``table`` (``n`` or ``d``) hold one that ``value`` matches.

    A value of plain ASCII (no quote or backslash, which JSON escapes) first looks for its
    text in the stored JSON: a tag that matches it is written there as it is, or with
    characters a ``*`` covers escaped. That plain test spares most rows the JSON walk."""
    pattern = like_pattern(value)
    walk = f"EXISTS (SELECT 1 FROM json_each({table}.tags) WHERE value LIKE ? ESCAPE '\\')"
    if not value.isascii() or not value.isprintable() or '"' in value or "\\" in value:
        values.append(pattern)
        return walk
    values += [f"%{pattern}%", pattern]
    return f"({table}.tags LIKE ? ESCAPE '\\' AND {walk})"


def like_pattern(value: str) -> str:
    """``value`` as a LIKE pattern: ``*`` any run of characters, everything else itself."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


def fts_match(text: str, *, phrase: bool) -> str | None:
    """``text`` as an FTS5 query: a phrase as it is, else every word, each also matching
    the words it begins; ``None`` when it holds no letter or digit. Quotes make FTS5's own
    syntax plain text; quotes and unprintable characters in ``text`` (a NUL would end FTS5's
    string) separate words."""
    cleaned = "".join(" " if c == '"' or not c.isprintable() else c for c in text)
    words = [word for word in cleaned.split() if any(c.isalnum() for c in word)]
    if not words:
        return None
    if phrase:
        return '"' + " ".join(words) + '"'
    return " ".join(f'"{word}"*' for word in words)
