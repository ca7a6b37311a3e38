"""Provides ``CardFinder``: cards found by the search language, and flags set on them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from tandem.models import BadInputError, Queue, Review, StudyCard, note_id_of
from tandem.models.card_query import (
    DECK_ORDER,
    Order,
    Term,
    parse_query,
    uses_states,
    with_due_days,
)
from tandem.services.context import Context
from tandem.services.study.sides import render_card
from tandem.storage.card_flags import CardFlags
from tandem.storage.card_query import CardQuery, CardSource
from tandem.storage.search_scope import SearchScope, SearchScopes
from tandem.storage.states import StateRow

if TYPE_CHECKING:
    from tandem.services.authoring.external import ExternalEdit

DEFAULT_LIMIT = 200
"""At most this many cards are listed unless asked for more."""
MAX_LIMIT = 1_000_000


@dataclass(frozen=True)
class FoundCard:
    """A card as a search lists it: its sides, and where it is for the person asked about."""

    card: StudyCard
    queue: Queue | None = None
    """The person's queue for the card (``None``: no person asked about)."""
    leech: bool = False


class CardFinder:
    """Finds cards (docs/search.md has the language) and sets a person's flags on them."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def find(
        self,
        query: str,
        *,
        person: str | None = None,
        limit: int = DEFAULT_LIMIT,
        order: Order = DECK_ORDER,
    ) -> list[FoundCard]:
        """The cards ``query`` matches, in deck order or ``order``; with ``person``, their
        state.

        Raises:
            BadInputError: the query cannot be read, asks ``is:`` without a person, or a
                sort by a state without a person.
        """
        if person is None and order.sort is not None:
            raise BadInputError(f"sort: {order.sort} is a person's, give one (--as NAME)")
        return self._listed(self._matches(query, person, limit, order), person)

    def suspend(self, person: str, query: str) -> list[str]:
        """Suspends every card ``query`` matches for ``person``; returns those it changed."""
        return self.set_suspended(person, self._keys(person, query), True)

    def unsuspend(self, person: str, query: str) -> list[str]:
        """Brings ``person``'s suspended cards that ``query`` matches back (a leech stays
        tagged a leech); returns those it changed."""
        return self.set_suspended(person, self._keys(person, query), False)

    def bury(self, person: str, query: str) -> list[str]:
        """Hides the matching cards from ``person`` until their next study day starts."""
        return self.set_buried(person, self._keys(person, query), True)

    def unbury(self, person: str, query: str) -> list[str]:
        """Shows ``person``'s buried cards that ``query`` matches again today."""
        return self.set_buried(person, self._keys(person, query), False)

    def forget(self, person: str, query: str) -> list[str]:
        """Makes the matching cards new again for ``person`` (their history kept)."""
        return self.forget_cards(person, self._keys(person, query))

    def forget_cards(self, person: str, keys: Sequence[str]) -> list[str]:
        """Makes ``person``'s cards ``keys`` new again; returns the keys that changed."""
        from tandem.services.cards.forgetting import forget

        return forget(self.ctx, person, keys)

    def due(self, person: str, query: str, due: datetime) -> list[str]:
        """Moves the due date of ``person``'s matching cards to ``due`` (new cards stay)."""
        return self.set_due(person, self._keys(person, query), due)

    def set_due(self, person: str, keys: Sequence[str], due: datetime) -> list[str]:
        """Makes ``person``'s cards ``keys`` due at ``due`` (a ``manual`` entry in the log,
        as Anki's set due date writes); returns the keys that changed."""
        from tandem.services.cards.due_dates import set_due

        return set_due(self.ctx, person, keys, due)

    def due_on(self, person: str, *, days: int | None = None, on: date | None = None) -> datetime:
        """The start of ``person``'s study day ``days`` from today, or of the day ``on``."""
        from tandem.services.cards.due_dates import due_on

        return due_on(self.ctx, person, days=days, on=on)

    def tag(
        self, query: str, add: Sequence[str], remove: Sequence[str], *, person: str | None = None
    ) -> list[str]:
        """Adds and takes off tags of the matching cards, in their deck files; returns the
        notes whose tags changed (``person``: whose state ``is:`` terms read)."""
        return self.tag_cards(self._keys(person, query), add, remove)

    def tag_cards(
        self, keys: Sequence[str], add: Sequence[str], remove: Sequence[str]
    ) -> list[str]:
        """Adds ``add`` to the tags of the notes of ``keys`` and takes ``remove`` off, in
        their deck files (each file then synced); returns the notes that changed."""
        from tandem.services.authoring.writer import Authoring

        return Authoring(self.ctx).retag(_notes(keys), add, remove)

    def retire(self, query: str, *, person: str | None = None) -> list[str]:
        """Takes the notes of the matching cards out of their deck files (retired, their
        history kept); returns the notes taken out.

        Raises:
            BadInputError: an empty query (it would take every card out).
        """
        if not query.strip():
            raise BadInputError("retire: give a query (an empty one matches every card)")
        return self.retire_cards(self._keys(person, query))

    def retire_cards(self, keys: Sequence[str]) -> list[str]:
        """Takes the notes of ``keys`` out of their deck files: the cards are retired (no
        longer scheduled, history kept; put back with their id, they return)."""
        from tandem.services.authoring.writer import Authoring

        return Authoring(self.ctx).remove_cards(_notes(keys))

    def external_edit(self, note_id: str, environ: Mapping[str, str]) -> ExternalEdit:
        """How to open the card ``note_id`` in the user's own editor, at its line."""
        from tandem.services.authoring.external import external_edit

        return external_edit(self.ctx, note_id, environ)

    def sync_after_edit(self, deck: str) -> None:
        """Syncs ``deck`` after the user's editor changed it (ids written, the db updated)."""
        from tandem.services.authoring.external import sync_after_edit

        sync_after_edit(self.ctx, deck)

    def study_date(self, person: str, at: datetime) -> date:
        """The study day of ``person`` that ``at`` falls in."""
        return self.ctx.person(person).days.study_date(at)

    def set_suspended(self, person: str, keys: Sequence[str], suspended: bool) -> list[str]:
        """Suspends ``person``'s cards ``keys`` (or lifts it), in one transaction; returns
        the keys that changed."""
        self.ctx.person(person)
        with self.ctx.store.write():
            return self._flags.set_suspended(person, keys, suspended)

    def set_buried(self, person: str, keys: Sequence[str], buried: bool) -> list[str]:
        """Buries ``person``'s cards ``keys`` until the next study day (or unburies them)."""
        until = None
        if buried:
            until = self.ctx.person(person).days.next_day_start(self.ctx.clock.now())
        with self.ctx.store.write():
            return self._flags.set_buried_until(person, keys, until)

    def history(self, key: str) -> list[Review]:
        """Everyone's reviews of the card ``key``, oldest first (with who graded each)."""
        return self.ctx.reviews.of_card(key)

    @property
    def _flags(self) -> CardFlags:
        return self.ctx.store.repo(CardFlags)

    def _keys(self, person: str | None, query: str) -> list[str]:
        return [key for key, *_ in self._matches(query, person, MAX_LIMIT)]

    def cram_cards(self, person: str, query: str, limit: int) -> list[CardSource]:
        """The cards a cram sitting of ``person`` over ``query`` shows, in its order (at
        most ``limit``; hidden cards left out).

        Raises:
            BadInputError: the query cannot be read.
        """
        from tandem.services.study.cram import cram_order

        found = self._matches(query, person, limit)
        rows = {row.card: row for row in self.ctx.states.many(person, [s[0] for s in found])}
        return cram_order(found, rows)

    def cram_cards_of(self, person: str, keys: Sequence[str]) -> list[CardSource]:
        """The cards ``keys`` (a browser's marked cards) in a cram sitting's order."""
        from tandem.services.study.cram import cram_order

        found = [(key, *source) for key in keys if (source := self.ctx.cards.card_with_note(key))]
        rows = {row.card: row for row in self.ctx.states.many(person, keys)}
        return cram_order(found, rows)

    def scope(self, person: str, query: str) -> SearchScope:
        """What a sitting of ``person`` that studies only ``query``'s cards reads."""
        term = self._with_days(parse_query(query), person)
        return self.ctx.store.repo(SearchScopes).scope(term, person, self._due_before(person))

    def _matches(
        self, query: str, person: str | None, limit: int, order: Order = DECK_ORDER
    ) -> list[CardSource]:
        term = parse_query(query)
        if person is None and uses_states(term):
            raise BadInputError("search: is: terms need a person (--as NAME), as do prop: terms")
        if person is not None:
            term = self._with_days(term, person)
        due_before = self._due_before(person)
        now = self.ctx.clock.now()
        return self.ctx.store.repo(CardQuery).find(term, person, due_before, limit, order, now)

    def _with_days(self, term: Term, person: str) -> Term:
        """``term`` with its ``prop:due`` filters read with ``person``'s study days."""
        days = self.ctx.person(person).days
        today = days.study_date(self.ctx.clock.now())
        return with_due_days(term, lambda ahead: days.start_of(today + timedelta(days=ahead)))

    def _due_before(self, person: str | None) -> datetime:
        """When ``is:due`` ends: the person's next study day (no person: never)."""
        now = self.ctx.clock.now()
        if person is None:
            return datetime.max.replace(tzinfo=now.tzinfo)
        return self.ctx.person(person).days.next_day_start(now)

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


def _notes(keys: Sequence[str]) -> list[str]:
    """The notes of card keys, each once, in order."""
    return list(dict.fromkeys(note_id_of(key) for key in keys))
