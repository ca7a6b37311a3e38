"""Provides due counts: per person, per deck, with the daily limits applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tandem.services.context import Context
from tandem.services.study.values import QueueCounts


@dataclass(frozen=True)
class DeckDue:
    """One deck's cards left today for one person."""

    path: str
    title: str
    new: int
    learning: int
    review: int


@dataclass(frozen=True)
class PersonDue(QueueCounts):
    """A person's cards left today, in total and per deck (limits applied to both)."""

    person: str = ""
    decks: tuple[DeckDue, ...] = ()


class DueCounter:
    """Counts what is due, from the ``card_state`` indexes."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def for_person(self, person: str) -> PersonDue:
        p, now = self.ctx.person(person), self.ctx.clock.now()
        start, cutoff = p.days.day_start(now), p.days.next_day_start(now)
        new_done, review_done = self.ctx.reviews.done_since(person, start)
        new_room = max(0, p.settings.new_per_day - new_done)
        review_room = max(0, p.settings.reviews_per_day - review_done)
        ahead = now + timedelta(minutes=p.settings.learn_ahead_minutes)
        counts = self.ctx.states.deck_counts(person, ahead, cutoff, new_room, review_room)
        rows = [DeckDue(*row) for row in counts]
        return PersonDue(
            person=person,
            decks=tuple(rows),
            new=min(new_room, sum(d.new for d in rows)),
            learning=sum(d.learning for d in rows),
            review=min(review_room, sum(d.review for d in rows)),
        )
