"""Provides a person's flags set on many cards at once: suspended, buried until a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from tandem.models import format_utc
from tandem.storage.chunks import in_chunks

"""Keys per statement (well under SQLite's limit on parameters)."""


class CardFlags:
    """Writes ``card_state`` flags for many cards of one person. Call in ``store.write()``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def set_suspended(self, person: str, keys: Sequence[str], suspended: bool) -> list[str]:
        """Suspends the cards ``keys`` (or lifts it); returns the keys that changed."""
        return self._set(person, keys, "suspended = ?", "suspended != ?", int(suspended))

    def set_buried_until(
        self, person: str, keys: Sequence[str], until: datetime | None
    ) -> list[str]:
        """Buries the cards ``keys`` until ``until`` (``None``: unburies); returns the keys
        that changed."""
        if until is None:
            return self._set(person, keys, "buried_until = ?", "buried_until IS NOT ?", None)
        when = format_utc(until)
        return self._set(person, keys, "buried_until = ?", "buried_until IS NOT ?", when)

    def _set(
        self, person: str, keys: Sequence[str], assign: str, differs: str, value: object
    ) -> list[str]:
        changed: list[str] = []
        for chunk, marks in in_chunks(keys):
            rows = self.conn.execute(
                f"UPDATE card_state SET {assign} WHERE person = ? AND retired = 0 "
                f"AND card IN ({marks}) AND {differs} RETURNING card",
                (value, person, *chunk, value),
            ).fetchall()
            changed += [str(row[0]) for row in rows]
        return sorted(changed, key={key: i for i, key in enumerate(keys)}.__getitem__)
