"""Provides queries on ``people`` and their settings."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from tandem.config.settings import PersonSettings
from tandem.models import StorageError, format_utc


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
            (name, format_utc(at), PersonSettings().to_json()),
        )

    def settings(self, name: str) -> PersonSettings:
        row = self.conn.execute("SELECT settings FROM people WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise KeyError(name)
        try:
            return PersonSettings.from_json(row[0])
        except ValueError as error:
            raise StorageError(
                f"the settings of {name} in the database are damaged ({error});"
                " `tandem doctor --repair` resets the values it refuses"
            ) from None

    def stored_settings(self) -> dict[str, str]:
        """Each person's settings as stored (JSON text), for checking them."""
        return dict(self.conn.execute("SELECT name, settings FROM people ORDER BY name"))

    def set_settings(self, name: str, settings: PersonSettings) -> None:
        self.conn.execute(
            "UPDATE people SET settings = ? WHERE name = ?",
            (settings.to_json(), name),
        )
