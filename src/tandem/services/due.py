"""Provides due counts: per person, per deck, with the daily limits applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tandem.models import FsrsState, Queue
from tandem.services.context import Context


@dataclass(frozen=True)
class DeckDue:
    """One deck's cards left today for one person."""

    path: str
    title: str
    new: int
    learning: int
    review: int


@dataclass(frozen=True)
class PersonDue:
    """A person's cards left today, per deck and in total (limits applied to both)."""

    person: str
    decks: tuple[DeckDue, ...]
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


class DueCounter:
    """Counts what is due, from the ``card_state`` indexes."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def for_person(self, person: str) -> PersonDue:
        p, now = self.ctx.person(person), self.ctx.clock.now()
        start, cutoff = p.days.day_start(now), p.days.next_day_start(now)
        new_room = max(
            0, p.settings.new_per_day - self.ctx.reviews.count_since(person, start, FsrsState.NEW)
        )
        review_room = max(
            0,
            p.settings.reviews_per_day
            - self.ctx.reviews.count_since(person, start, FsrsState.REVIEW),
        )
        ahead = now + timedelta(minutes=p.settings.learn_ahead_minutes)
        far = datetime.max.replace(tzinfo=UTC)
        states, decks = self.ctx.states, {deck.id: deck for deck in self.ctx.cards.decks()}
        rows = []
        for deck_id in states.deck_ids(person):
            deck = decks[deck_id]
            new = states.deck_count(person, deck_id, Queue.NEW, far, new_room)
            learning = states.deck_count(person, deck_id, Queue.LEARN, ahead, -1)
            review = states.deck_count(person, deck_id, Queue.REVIEW, cutoff, review_room)
            if deck.present:
                rows.append(DeckDue(deck.path, deck.title, new, learning, review))
        rows.sort(key=lambda d: d.path)
        return PersonDue(
            person=person,
            decks=tuple(rows),
            new=min(new_room, sum(d.new for d in rows)),
            learning=sum(d.learning for d in rows),
            review=min(review_room, sum(d.review for d in rows)),
        )
