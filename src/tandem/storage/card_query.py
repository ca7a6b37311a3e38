"""Provides card search terms (``models.card_query``) as SQL over cards, notes and decks.

Words go to the full-text index (``notes_fts``: each word also matches the words it
begins); filters compare without case, ``*`` matching any run of characters; ``is:`` reads
the person's ``card_state`` row. Every value is a parameter: nothing typed reaches the SQL.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from tandem.models import format_utc
from tandem.models.card_query import All, Any_, Field, Filter, Not, State, Term, Text
from tandem.storage.note_rows import SOURCE_COLUMNS, SOURCE_JOINS, DeckRow, NoteRow, card_source

CardSource = tuple[str, str, NoteRow, DeckRow]
"""A card found: its key, variant, note and deck."""

_SELECT = (
    f"SELECT c.key, {SOURCE_COLUMNS} FROM cards c {SOURCE_JOINS} "
    "LEFT JOIN card_state s ON s.card = c.key AND s.person = ? "
    "WHERE c.retired = 0 AND d.present = 1 AND ({condition}) "
    "ORDER BY d.path, n.position, c.pos LIMIT ?"
)
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


@dataclass(frozen=True)
class SearchScope:
    """A sitting that studies only the cards a search matches (``tandem review --search``)."""

    term: Term
    person: str
    due_before: datetime

    def condition(self) -> tuple[str, tuple[object, ...]]:
        """An ``AND card IN (…)`` condition on ``card_state`` and its values."""
        values: list[object] = [self.person]
        condition = _condition(self.term, values, format_utc(self.due_before))
        return (
            f" AND card IN (SELECT c.key FROM cards c {SOURCE_JOINS} "
            "LEFT JOIN card_state s ON s.card = c.key AND s.person = ? "
            f"WHERE c.retired = 0 AND ({condition}))",
            tuple(values),
        )


class CardQuery:
    """Runs a search: the cards in a deck that ``term`` matches, in deck order."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def find(
        self, term: Term, person: str | None, due_before: datetime, limit: int
    ) -> list[CardSource]:
        """Up to ``limit`` cards; ``is:`` terms look at ``person``'s states (none: no
        card has a state), ``is:due`` at cards due before ``due_before``."""
        values: list[object] = [person]
        condition = _condition(term, values, format_utc(due_before))
        sql = _SELECT.format(condition=condition)
        rows = self.conn.execute(sql, (*values, limit)).fetchall()
        return [(str(row[0]), *card_source(row[1:])) for row in rows]


def _condition(term: Term, values: list[object], due: str) -> str:
    if isinstance(term, Text):
        match = fts_match(term.words, phrase=term.phrase)
        if match is None:
            return "0"  # no word in it: nothing holds it
        values.append(match)
        return _TEXT
    if isinstance(term, Filter):
        return _filter(term, values, due)
    if isinstance(term, Not):
        return f"NOT coalesce({_condition(term.term, values, due)}, 0)"
    if isinstance(term, All | Any_):
        if not term.terms:
            return "1"
        joiner = " AND " if isinstance(term, All) else " OR "
        return "(" + joiner.join(_condition(t, values, due) for t in term.terms) + ")"
    raise TypeError(term)


def _filter(term: Filter, values: list[object], due: str) -> str:
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
        values += [pattern, pattern]
        return (
            "(EXISTS (SELECT 1 FROM json_each(n.tags) WHERE value LIKE ? ESCAPE '\\') "
            "OR EXISTS (SELECT 1 FROM json_each(d.tags) WHERE value LIKE ? ESCAPE '\\'))"
        )
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
