"""Provides replay: recomputing memory states from the review log, and comparing them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import datetime

from tandem.models import CardState, FsrsState, Rating
from tandem.scheduling.scheduler import PersonScheduler
from tandem.services.context import Context
from tandem.storage.states import StateRow

_FIELDS = [f.name for f in fields(CardState)]


@dataclass(frozen=True)
class Difference:
    """A state that does not match what replaying the log gives."""

    person: str
    card: str
    stored: CardState
    replayed: CardState

    def describe(self) -> str:
        changed = [
            f"{name}: {getattr(self.stored, name)!r} != {getattr(self.replayed, name)!r}"
            for name, a, b in zip(_FIELDS, self.stored.scheduling_fields(),
                                   self.replayed.scheduling_fields(), strict=True)
            if a != b
        ]  # fmt: skip
        return f"{self.person} {self.card}: " + "; ".join(changed)


class Replayer:
    """Recomputes states from reviews with each person's current settings."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def run(
        self, person: str, cards: Iterable[str] | None = None, *, fix: bool
    ) -> list[Difference]:
        """Replays ``person``'s cards (all, or only ``cards``); with ``fix``, writes the result.

        Call inside ``store.write()`` when ``fix`` is set.
        """
        p = self.ctx.person(person)
        wanted = None if cards is None else set(cards)
        listed = self.ctx.states.for_person(person)
        rows = {row.card: row for row in listed}
        differences: list[Difference] = []
        for card, history in self._histories(person):
            row = rows.pop(card, None)
            if row is not None and (wanted is None or card in wanted):
                self._replay(p.scheduler, row, history, differences, fix=fix)
        for row in rows.values():  # cards without a review: they must be new
            if wanted is None or row.card in wanted:
                self._replay(p.scheduler, row, [], differences, fix=fix)
        order = {row.card: index for index, row in enumerate(listed)}
        return sorted(differences, key=lambda d: order[d.card])

    def _replay(
        self,
        scheduler: PersonScheduler,
        row: StateRow,
        history: list[tuple[str, Rating, datetime, FsrsState]],
        differences: list[Difference],
        *,
        fix: bool,
    ) -> None:
        state, prev_states = CardState(), []
        for review_id, rating, at, stored_prev in history:
            prev_states.append((review_id, state.state, stored_prev))
            state = scheduler.review(row.card, state, rating, at)
        if state.scheduling_fields() != row.memory.scheduling_fields():
            differences.append(Difference(row.person, row.card, row.memory, state))
            if fix:
                self.ctx.states.put(_with_state(row, state))
        if fix:
            for review_id, prev, stored_prev in prev_states:
                if prev is not stored_prev:
                    self.ctx.reviews.set_prev_state(review_id, prev)

    def _histories(
        self, person: str
    ) -> Iterator[tuple[str, list[tuple[str, Rating, datetime, FsrsState]]]]:
        """Each card's history whole, card by card, read in batches (a long log is never
        in memory at once)."""
        card, history = "", list[tuple[str, Rating, datetime, FsrsState]]()
        for batch in self.ctx.reviews.history_batches(person):
            for key, rid, rating, at, prev in batch:
                if key != card and history:
                    yield card, history
                    history = []
                card = key
                history.append((rid, rating, at, prev))
        if history:
            yield card, history


def _with_state(row: StateRow, state: CardState) -> StateRow:
    if state.state is not FsrsState.NEW:
        return row.with_memory(state)
    return replace(row, memory=CardState())
