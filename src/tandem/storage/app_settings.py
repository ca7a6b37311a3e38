"""Provides queries on ``settings``: the database's own settings, one JSON text per key."""

from __future__ import annotations

import json
import sqlite3

REBUILD_DUE = "states_rebuild_due"
"""Set (to the reason, as JSON text) when every card state must be rebuilt from the log."""


class AppSettingsRepo:
    """Reads and writes the ``settings`` table (key -> value)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def put(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def delete(self, key: str) -> None:
        self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))

    def rebuild_due(self) -> str | None:
        """Why every state must be rebuilt from the log, or ``None`` (one indexed read)."""
        value = self.get(REBUILD_DUE)
        return None if value is None else str(json.loads(value))


def note_rebuild_due(conn: sqlite3.Connection, reason: str) -> None:
    """Records that every state must be rebuilt (when there is a log to rebuild from)."""
    if conn.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is not None:
        AppSettingsRepo(conn).put(REBUILD_DUE, json.dumps(reason))
