"""Provides queries on ``people`` and their settings."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from tandem.config import PersonSettings
from tandem.models import format_utc


class PeopleRepo:
    """Reads and writes the people who study with this database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM people ORDER BY name")]

    def exists(self, name: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM people WHERE name = ?", (name,)).fetchone() is not None
        )

    def add(self, name: str, at: datetime) -> None:
        self.conn.execute(
            "INSERT INTO people (name, created_at, settings) VALUES (?, ?, ?)",
            (name, format_utc(at), PersonSettings().model_dump_json(exclude_defaults=True)),
        )

    def settings(self, name: str) -> PersonSettings:
        row = self.conn.execute("SELECT settings FROM people WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise KeyError(name)
        return PersonSettings.model_validate_json(row[0])

    def set_settings(self, name: str, settings: PersonSettings) -> None:
        self.conn.execute(
            "UPDATE people SET settings = ? WHERE name = ?",
            (settings.model_dump_json(exclude_defaults=True), name),
        )
