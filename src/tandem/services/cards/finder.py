"""Provides ``CardFinder``: cards by the words of their notes, and a person's suspended cards."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tandem.models import NotFoundError, Queue, StudyCard
from tandem.services.context import Context
from tandem.services.study.session import StudySession
from tandem.services.study.sides import render_card
from tandem.storage.search import CardSource, NotesSearch
from tandem.storage.states import StateRow

DEFAULT_LIMIT = 50
"""At most this many notes' cards are listed by a search."""


@dataclass(frozen=True)
class FoundCard:
    """A card as a search lists it: its sides, and where it is for the person asked about."""

    card: StudyCard
    queue: Queue | None = None
    """The person's queue for the card (``None``: no person asked about)."""
    leech: bool = False


class CardFinder:
    """Finds cards (reads only) and brings suspended cards back."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def _search(self) -> NotesSearch:
        return self.ctx.store.repo(NotesSearch)

    def find(
        self, query: str, *, person: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[FoundCard]:
        """The cards of the notes whose question, answer or tags hold every word of
        ``query`` (or words they begin), best match first; with ``person``, their state."""
        if person is not None:
            self.ctx.person(person)
        found = self._search.cards_of(self._search.note_ids(query, limit))
        return self._listed(found, person)

    def suspended(self, person: str) -> list[FoundCard]:
        """``person``'s suspended cards (by hand or as leeches), in deck order."""
        self.ctx.person(person)
        return self._listed(self._search.suspended(person), person)

    def unsuspend(self, person: str, keys: Iterable[str]) -> list[str]:
        """Brings ``person``'s suspended cards ``keys`` back into their queues (a leech stays
        tagged a leech); returns those that were suspended.

        Raises:
            NotFoundError: a key is not one of ``person``'s cards (nothing is changed).
        """
        self.ctx.person(person)
        wanted = list(dict.fromkeys(keys))
        rows = {row.card: row for row in self.ctx.states.many(person, wanted)}
        missing = [key for key in wanted if key not in rows]
        if missing:
            raise NotFoundError(f"{person} has no card {', '.join(missing)}")
        session = StudySession(self.ctx, person, person, self.ctx.clock.now())
        lifted = [key for key in wanted if rows[key].suspended]
        for key in lifted:
            session.unsuspend(key)
        return lifted

    def _listed(self, found: list[CardSource], person: str | None) -> list[FoundCard]:
        states: dict[str, StateRow] = {}
        if person is not None:
            keys = [key for key, *_ in found]
            states = {row.card: row for row in self.ctx.states.many(person, keys)}
        listed = []
        for key, variant, note, deck in found:
            row = states.get(key)
            card = render_card(key, variant, note, deck, row.memory if row else None)
            listed.append(FoundCard(card, row.queue if row else None, row.leech if row else False))
        return listed
