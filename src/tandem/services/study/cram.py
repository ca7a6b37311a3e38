"""Provides cramming: studying chosen cards, due or not, without changing their schedule.

A cram sitting (Anki: a filtered deck without rescheduling) shows the cards a search picks
that the person can study now (not suspended, buried or removed), those with a due date
first, soonest first, then new cards in deck order. Each answer is logged as
``ReviewKind.CRAM``: it counts as activity, and the memory model leaves it out, so the
card's state and due date stay as they were. Again shows the card once more at the end of
the sitting; any other grade takes it off the list.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from tandem.models import (
    NotFoundError,
    Queue,
    Rating,
    Review,
    ReviewKind,
    StudyCard,
    TandemError,
    new_review_id,
)
from tandem.services.context import Context
from tandem.services.study.answering import bounded_duration
from tandem.services.study.sides import render_card
from tandem.services.study.values import Answered, QueueCounts, Undone
from tandem.storage.card_query import CardSource
from tandem.storage.states import StateRow

CRAM_LIMIT = 1000
"""At most this many cards in one cram sitting (Anki's filtered decks default to 100)."""
_HIDDEN = (Queue.SUSPENDED, Queue.BURIED, Queue.RETIRED)


@dataclass(frozen=True)
class _Step:
    """One action of the sitting, to take back: an answer (its review) or a flag change."""

    done: Undone
    position: int
    """Where the card was on the list when the action took it off."""
    requeued: bool = False
    """The answer (Again) put the card back at the end of the list."""
    before: StateRow | None = None
    """The card's row before a suspend or bury."""


@dataclass
class CramSession:
    """One cram sitting of ``person``: the chosen cards, each answer logged as cramming."""

    ctx: Context
    person: str
    grader: str
    started: datetime
    cards: list[CardSource]
    """The cards to study, in the order they are shown."""
    answered: int = 0
    again: int = 0
    _left: deque[str] = field(init=False, repr=False)
    _sources: dict[str, CardSource] = field(init=False, repr=False)
    _undo: list[_Step] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._sources = {source[0]: source for source in self.cards}
        self._left = deque(self._sources)

    @property
    def cramming(self) -> bool:
        """A cram sitting: answers leave the schedule as it is."""
        return True

    # the list ----------------------------------------------------------------------------
    def next_card(self) -> StudyCard | None:
        """The next card on the list that is still there to study; else None."""
        while self._left:
            key = self._left[0]
            row = self.ctx.states.get(self.person, key)
            if row is not None and row.queue not in _HIDDEN:
                return self._render(key, row)
            self._left.popleft()  # removed, suspended or buried since the list was made
        return None

    def counts(self) -> QueueCounts:
        """What is left: cards never shown as new, learning or review by their state."""
        return QueueCounts(new=0, learning=0, review=len(self._left))

    def card(self, key: str) -> StudyCard:
        row = self._require(key)
        return self._render(key, row)

    def previews(self, key: str) -> dict[Rating, timedelta]:
        """Nothing: a cram answer schedules nothing."""
        self._require(key)
        return {}

    # actions -----------------------------------------------------------------------------
    def answer(self, key: str, rating: Rating, duration_ms: int | None = None) -> Answered:
        """Logs a cram answer; the card's state and due date stay as they were."""
        with self.ctx.store.write():
            row = self._require(key)
            if row.retired:
                raise TandemError(f"card {key} was removed from its deck")
            at = self.ctx.clock.now()
            review = Review(
                new_review_id(at), key, self.person, rating, at, self.grader,
                bounded_duration(duration_ms), ReviewKind.CRAM,
            )  # fmt: skip
            self.ctx.reviews.add(review, row.memory.state)
            self.ctx.store.after_commit(lambda: self.ctx.journal.answered(review))
        position = self._take_off(key)
        requeued = rating is Rating.AGAIN
        if requeued:
            self._left.append(key)
        self._undo.append(_Step(Undone("answer", key, review.id), position, requeued))
        self.answered += 1
        self.again += requeued
        return Answered(review.id, key, rating, at, row.memory)

    def suspend(self, key: str) -> None:
        """Hides the card from this person until unsuspended (and takes it off the list)."""
        self._flag(key, "suspend", lambda r: replace(r, suspended=True))

    def bury(self, key: str) -> None:
        """Hides the card from this person until the next study day."""
        until = self.ctx.person(self.person).days.next_day_start(self.ctx.clock.now())
        self._flag(key, "bury", lambda r: replace(r, buried_until=until))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Undone | None:
        """Takes back the last action: removes its cram review (or restores the flags) and
        puts the card back where it was on the list.

        Raises:
            TandemError: the review is gone, or the card changed since (another terminal).
        """
        if not self._undo:
            return None
        step = self._undo[-1]
        done = step.done
        with self.ctx.store.write():
            if step.before is not None:
                self._restore(step.before)
            elif done.review_id and not self.ctx.reviews.remove(done.review_id):
                raise TandemError(f"the review of {done.card} is gone; cannot undo")
            if (review_id := done.review_id) is not None:
                self.ctx.store.after_commit(lambda: self.ctx.journal.undone(review_id, self.person))
        self._undo.pop()
        if step.requeued:
            self._left.pop()
        self._left.insert(step.position, done.card)
        if done.action == "answer":
            self.answered -= 1
            self.again -= step.requeued
        return done

    # helpers -----------------------------------------------------------------------------
    def _flag(self, key: str, action: str, change: Callable[[StateRow], StateRow]) -> None:
        with self.ctx.store.write():
            row = self._require(key)
            self.ctx.states.put(change(row))
        position = self._take_off(key)
        self._undo.append(_Step(Undone(action, key), position, before=row))

    def _restore(self, before: StateRow) -> None:
        current = self._require(before.card)
        if current.memory != before.memory:
            raise TandemError(f"card {before.card} changed since; cannot undo")
        self.ctx.states.put(before)

    def _take_off(self, key: str) -> int:
        """Removes ``key`` from the list; returns where it was (0 if it was not there)."""
        try:
            position = self._left.index(key)
        except ValueError:
            return 0
        del self._left[position]
        return position

    def _require(self, key: str) -> StateRow:
        row = self.ctx.states.get(self.person, key)
        if row is None:
            raise NotFoundError(f"{self.person} has no card {key}")
        return row

    def _render(self, key: str, row: StateRow) -> StudyCard:
        source = self._sources.get(key)
        found = source[1:] if source else self.ctx.cards.card_with_note(key)
        if found is None:
            raise NotFoundError(f"no card {key}")
        variant, note, deck = found
        return render_card(key, variant, note, deck, row.memory)


def cram_order(cards: list[CardSource], rows: dict[str, StateRow]) -> list[CardSource]:
    """The cards a cram sitting shows, in order: those with a due date first (soonest
    first), then new cards in deck order; hidden or missing ones left out."""
    shown = [s for s in cards if (r := rows.get(s[0])) is not None and r.queue not in _HIDDEN]
    scheduled = [s for s in shown if rows[s[0]].queue is not Queue.NEW]
    new = [s for s in shown if rows[s[0]].queue is Queue.NEW]
    scheduled.sort(key=lambda s: rows[s[0]].due)
    return scheduled + new
