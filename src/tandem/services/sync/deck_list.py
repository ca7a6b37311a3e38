"""Provides the deck list as the home screen shows it: decks and session logs with counts."""

from __future__ import annotations

from dataclasses import dataclass

from tandem.services.context import Context


@dataclass(frozen=True)
class DeckInfo:
    """A synced deck file."""

    path: str
    title: str
    date: str | None
    partners: tuple[str, ...]
    tags: tuple[str, ...]
    cards: int

    @property
    def is_session(self) -> bool:
        """A deck with a date and partners is the log of a session."""
        return self.date is not None and bool(self.partners)


class Decks:
    """Lists the decks that are present in the decks folder (as of the last sync)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self) -> list[DeckInfo]:
        counts = self.ctx.cards.active_counts()
        return [
            DeckInfo(d.path, d.title, d.date, d.partners, d.tags, counts.get(d.id, 0))
            for d in self.ctx.cards.decks()
            if d.present
        ]
