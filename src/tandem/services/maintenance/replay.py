"""Provides replay: recomputing memory states from the review log, and comparing them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime

from tandem.models import CardState, FsrsState, Rating
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
        histories = self._histories(person, wanted)
        rows = self.ctx.states.for_person(person)
        differences = []
        for row in rows:
            if wanted is not None and row.card not in wanted:
                continue
            state, prev_states = CardState(), []
            for review_id, rating, at, stored_prev in histories.get(row.card, []):
                prev_states.append((review_id, state.state, stored_prev))
                state = p.scheduler.review(row.card, state, rating, at)
            if state.scheduling_fields() != row.memory.scheduling_fields():
                differences.append(Difference(person, row.card, row.memory, state))
                if fix:
                    self.ctx.states.put(_with_state(row, state))
            if fix:
                for review_id, prev, stored_prev in prev_states:
                    if prev is not stored_prev:
                        self.ctx.reviews.set_prev_state(review_id, prev)
        return differences

    def _histories(
        self, person: str, wanted: set[str] | None
    ) -> dict[str, list[tuple[str, Rating, datetime, FsrsState]]]:
        histories: dict[str, list[tuple[str, Rating, datetime, FsrsState]]] = {}
        for card, rid, rating, at, prev in self.ctx.reviews.history_by_card(person):
            if wanted is None or card in wanted:
                histories.setdefault(card, []).append((rid, rating, at, prev))
        return histories


def _with_state(row: StateRow, state: CardState) -> StateRow:
    if state.state is not FsrsState.NEW:
        return row.with_memory(state)
    return replace(row, memory=CardState())
