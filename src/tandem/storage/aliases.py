"""Provides ``AliasesRepo``: cards merged into others (``card_aliases``), and the clashes
that call for a merge (a retired note with the same text as a live one)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tandem.models import format_utc
from tandem.storage.chunks import in_chunks


@dataclass(frozen=True)
class Clash:
    """A retired note whose kind, question and answer a live note has, with reviews left."""

    retired: str
    live: str
    deck_path: str
    """The live note's deck file."""
    reviews: int
    """Reviews on the retired note's cards (by anyone)."""


_CLASHES = """
WITH RECURSIVE in_log(person) AS (
    SELECT min(person) FROM reviews
    UNION ALL
    SELECT (SELECT min(r.person) FROM reviews AS r WHERE r.person > in_log.person)
    FROM in_log WHERE in_log.person IS NOT NULL
),
stranded AS MATERIALIZED (
    SELECT o.id, o.kind, o.question, o.answer, count(*) AS reviews
    FROM notes AS o CROSS JOIN cards AS c CROSS JOIN in_log AS p CROSS JOIN reviews AS r
    WHERE o.retired = 1 AND c.note_id = o.id AND r.person = p.person AND r.card = c.key
    GROUP BY o.id
)
SELECT s.id, n.id, d.path, s.reviews FROM stranded AS s
JOIN notes AS n ON n.kind = s.kind AND n.question = s.question AND n.answer = s.answer
    AND n.retired = 0 AND n.id <> s.id
JOIN decks AS d ON d.id = n.deck_id
ORDER BY d.path, n.position, s.id
"""
"""Retired notes with reviews, each with a live note of the same text. The reviews are
counted from the retired notes' cards through the log's index by person and card, for
each person in the log (found by ``in_log``, a seek per person), in that order (``CROSS
JOIN``): otherwise SQLite reads the whole log to find the few reviews of retired cards
(0.7 CPU-s at 950,000 reviews, 0.05 s this way)."""


class AliasesRepo:
    """Card keys merged into others: a review of ``old`` belongs to ``new``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, old: str, new: str, at: datetime) -> None:
        """Records that ``old`` is merged into ``new``; what was merged into ``old`` follows
        it, so a key is resolved in one step."""
        self.conn.execute("UPDATE card_aliases SET new = ? WHERE new = ?", (new, old))
        self.conn.execute(
            "INSERT OR REPLACE INTO card_aliases (old, new, merged_at) VALUES (?, ?, ?)",
            (old, new, format_utc(at)),
        )

    def of(self, keys: Iterable[str]) -> dict[str, str]:
        """The keys of ``keys`` merged into another card: old -> new."""
        found: dict[str, str] = {}
        for chunk, marks in in_chunks(set(keys)):
            rows = self.conn.execute(
                f"SELECT old, new FROM card_aliases WHERE old IN ({marks})", chunk
            ).fetchall()
            found |= {str(old): str(new) for old, new in rows}
        return found

    def all(self) -> dict[str, str]:
        """Every card key merged into another: old -> new (a handful, if any)."""
        rows = self.conn.execute("SELECT old, new FROM card_aliases").fetchall()
        return {str(old): str(new) for old, new in rows}

    def clashes(self) -> list[Clash]:
        """Retired notes with reviews whose text a live note has (a clash resolved by hand)."""
        rows = self.conn.execute(_CLASHES).fetchall()
        return [Clash(str(o), str(n), str(path), int(count)) for o, n, path, count in rows]
