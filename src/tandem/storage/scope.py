"""Provides the scope of a sitting as SQL: the cards two partners share, or a search's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Scope(Protocol):
    """Which cards a sitting studies: an ``AND …`` condition on the ``card_state`` row ``s``."""

    def condition(self) -> tuple[str, tuple[object, ...]]: ...


@dataclass(frozen=True, slots=True)
class PartnerScope:
    """A quiz's cards: written by the asker, or in a session log both partners attended."""

    asker: str
    answerer: str

    def condition(self) -> tuple[str, tuple[object, ...]]:
        """An ``AND card IN (…)`` condition on ``card_state`` and its values."""
        return (
            " AND card IN (SELECT c.key FROM cards c JOIN notes n ON n.id = c.note_id "
            "JOIN decks d ON d.id = n.deck_id WHERE n.author = ? OR ("
            "EXISTS (SELECT 1 FROM json_each(d.partners) WHERE value = ?) AND "
            "EXISTS (SELECT 1 FROM json_each(d.partners) WHERE value = ?)))",
            (self.asker, self.asker, self.answerer),
        )


def scoped(scope: Scope | None) -> tuple[str, tuple[object, ...]]:
    """The condition of ``scope``, or none."""
    return scope.condition() if scope else ("", ())
