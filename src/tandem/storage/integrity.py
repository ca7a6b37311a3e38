"""Provides the database's health checks: SQLite's own, and tandem's invariants with repairs."""

from __future__ import annotations

import sqlite3

from tandem.storage.search import NotesSearch

# name: (query counting the problem, statement repairing it or None)
INVARIANTS: dict[str, tuple[str, str | None]] = {
    "state of a card that does not exist": (
        "SELECT count(*) FROM card_state WHERE card NOT IN (SELECT key FROM cards)",
        "DELETE FROM card_state WHERE card NOT IN (SELECT key FROM cards)",
    ),
    "state of a person who does not exist": (
        "SELECT count(*) FROM card_state WHERE person NOT IN (SELECT name FROM people)",
        "DELETE FROM card_state WHERE person NOT IN (SELECT name FROM people)",
    ),
    "card without a state for a person": (
        "SELECT count(*) FROM cards c JOIN people p WHERE c.retired = 0 AND NOT EXISTS "
        "(SELECT 1 FROM card_state s WHERE s.person = p.name AND s.card = c.key)",
        "INSERT INTO card_state (person, card, deck_id, pos, due) "
        "SELECT p.name, c.key, n.deck_id, c.pos, c.created_at FROM cards c "
        "JOIN notes n ON n.id = c.note_id JOIN people p WHERE c.retired = 0 AND NOT EXISTS "
        "(SELECT 1 FROM card_state s WHERE s.person = p.name AND s.card = c.key)",
    ),
    "retired card still in a queue": (
        "SELECT count(*) FROM card_state WHERE retired = 0 AND card IN "
        "(SELECT key FROM cards WHERE retired = 1)",
        "UPDATE card_state SET retired = 1 WHERE retired = 0 AND card IN "
        "(SELECT key FROM cards WHERE retired = 1)",
    ),
    "active card taken out of the queues": (
        "SELECT count(*) FROM card_state WHERE retired = 1 AND card IN "
        "(SELECT key FROM cards WHERE retired = 0)",
        "UPDATE card_state SET retired = 0 WHERE retired = 1 AND card IN "
        "(SELECT key FROM cards WHERE retired = 0)",
    ),
    "state in the wrong deck": (
        "SELECT count(*) FROM card_state s JOIN cards c ON c.key = s.card "
        "JOIN notes n ON n.id = c.note_id WHERE s.deck_id != n.deck_id",
        "UPDATE card_state SET deck_id = (SELECT n.deck_id FROM cards c JOIN notes n "
        "ON n.id = c.note_id WHERE c.key = card_state.card) WHERE deck_id != (SELECT n.deck_id "
        "FROM cards c JOIN notes n ON n.id = c.note_id WHERE c.key = card_state.card)",
    ),
    "review of a card that does not exist": (
        "SELECT count(*) FROM reviews WHERE card NOT IN (SELECT key FROM cards)",
        None,
    ),
    "review of a person who does not exist": (
        "SELECT count(*) FROM reviews WHERE person NOT IN (SELECT name FROM people)",
        None,
    ),
    "review graded by a person who does not exist": (
        "SELECT count(*) FROM reviews WHERE grader NOT IN (SELECT name FROM people)",
        None,
    ),
    # log import refuses these now; an older tandem let them in, and every statistic failed
    "review dated before 1970": ("SELECT count(*) FROM reviews WHERE at < '1970'", None),
}


SEARCH_INDEX = "search index out of step with the notes"

FOREIGN_KEY_INVARIANTS = {
    "state of a card that does not exist": ("card_state", "cards"),
    "state of a person who does not exist": ("card_state", "people"),
    "review of a card that does not exist": ("reviews", "cards"),
    "review of a person who does not exist": ("reviews", "people"),
}
"""Invariants that are a foreign key (table, table referred to): their rows are the ones
``PRAGMA foreign_key_check`` gives (the columns are NOT NULL), so a check that fixes
nothing counts those instead of reading the table again."""

ForeignKeyRow = tuple[str, int | None, str, int]
"""A row of ``PRAGMA foreign_key_check``: table, rowid, table referred to, key number."""


def can_repair(problem: str) -> bool:
    """Whether ``problem`` (a key of ``INVARIANTS``, or ``SEARCH_INDEX``) has a repair."""
    return problem == SEARCH_INDEX or INVARIANTS[problem][1] is not None


class IntegrityChecks:
    """SQLite's checks of the file, and tandem's invariants of its tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def sqlite_problems(self, *, full: bool) -> list[str]:
        """What ``integrity_check`` (``full``) or ``quick_check`` reports; empty when ok."""
        pragma = "integrity_check" if full else "quick_check"
        result = [str(row[0]) for row in self.conn.execute(f"PRAGMA {pragma}")]
        return [] if result == ["ok"] else result

    def size_bytes(self) -> int:
        """The database's size (its pages), without the WAL."""
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        return int(pages) * int(self.conn.execute("PRAGMA page_size").fetchone()[0])

    def foreign_key_rows(self) -> list[ForeignKeyRow]:
        """What ``PRAGMA foreign_key_check`` gives: a row for each reference not found."""
        return [tuple(row) for row in self.conn.execute("PRAGMA foreign_key_check")]

    def foreign_key_problems(self, rows: list[ForeignKeyRow] | None = None) -> list[str]:
        """Each reference not found, as text (from ``rows`` when given)."""
        if rows is None:
            rows = self.foreign_key_rows()
        return [f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in rows]

    def invariant_problems(
        self,
        *,
        repair: bool,
        search: bool = True,
        foreign_keys: list[ForeignKeyRow] | None = None,
    ) -> dict[str, int]:
        """Problem -> how many rows have it; with ``repair``, the repairable ones are fixed.
        Without ``search``, the search index is left out (``search_problems``: its check is
        a write statement, so it runs on the connection holding the write lock). Given
        ``foreign_keys`` (``foreign_key_rows`` of the same snapshot) and no ``repair``, the
        invariants of ``FOREIGN_KEY_INVARIANTS`` are counted from them.

        Call inside ``store.write()`` when ``repair`` is set.
        """
        found = {}
        for name, (count, fix) in INVARIANTS.items():
            if foreign_keys is not None and not repair and name in FOREIGN_KEY_INVARIANTS:
                table, parent = FOREIGN_KEY_INVARIANTS[name]
                found[name] = sum(row[0] == table and row[2] == parent for row in foreign_keys)
                continue
            found[name] = int(self.conn.execute(count).fetchone()[0])
            if repair and fix and found[name]:
                self.conn.execute(fix)
        if search:
            found |= self.search_problems(repair=repair)
        return found

    def search_problems(self, *, repair: bool) -> dict[str, int]:
        """``{SEARCH_INDEX: 1}`` when the search index is out of step with the notes (with
        ``repair``, it is made again), else ``{SEARCH_INDEX: 0}``."""
        search = NotesSearch(self.conn)
        found = int(search.index_problem() is not None)
        if repair and found:
            search.rebuild()
        return {SEARCH_INDEX: found}
