"""Provides the study queue: what a person sees next, answering, undo, suspend and bury."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from tandem.models import (
    FsrsState,
    NotFoundError,
    Queue,
    Rating,
    Review,
    StudyCard,
    new_review_id,
    note_id_of,
)
from tandem.services.context import Context, PersonContext
from tandem.services.study.answering import answerable, bounded_duration, graded
from tandem.services.study.burying import bury_siblings, unbury
from tandem.services.study.day import StudyDay, answer_time
from tandem.services.study.read_ahead import FAR, QueueReader, Seen
from tandem.services.study.sides import render_card
from tandem.services.study.undo import UndoStack, UndoStep, take_back
from tandem.services.study.values import Answered, QueueCounts, Undone
from tandem.storage.note_rows import DeckRow, NoteRow
from tandem.storage.queue import QueuedCard
from tandem.storage.scope import Scope
from tandem.storage.states import StateRow


@dataclass
class StudySession:
    """One sitting of one person (the answerer). Keeps the undo stack of this sitting."""

    ctx: Context
    person: str
    grader: str
    started: datetime
    scope: Scope | None = None
    """In a quiz: only the cards the partners share (None: every card)."""
    _undo: UndoStack = field(default_factory=UndoStack, repr=False)
    answered: int = 0
    again: int = 0
    _day: StudyDay | None = field(default=None, repr=False)
    _shown: dict[str, int] = field(default_factory=dict, repr=False)
    """Card key -> its review count when this sitting last showed it."""
    _reader: QueueReader = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._reader = QueueReader(self.ctx.queue, self.person, self.scope)

    @property
    def _p(self) -> PersonContext:
        return self.ctx.person(self.person)

    # the queue ---------------------------------------------------------------------------
    def next_card(self) -> StudyCard | None:
        """The next card: due learning cards, then due reviews, then new cards; else None."""
        queued = self._next_row()
        return self._render(queued.row, queued.source) if queued else None

    def _next_row(self) -> QueuedCard | None:
        now = self.ctx.clock.now()
        today = self._today(now)
        soon = now + timedelta(minutes=self._p.settings.learn_ahead_minutes)
        return self._reader.next(now, today, today.room(self._p.settings), soon)

    def counts(self) -> QueueCounts:
        """Cards left today: learning due within the learn-ahead, reviews and new (limited)."""
        p, now = self._p, self.ctx.clock.now()
        today = self._today(now)
        count, scope = self.ctx.states.count_in_queue, self.scope
        new_room, review_room = today.room(p.settings)
        ahead = now + timedelta(minutes=p.settings.learn_ahead_minutes)
        return QueueCounts(
            new=count(self.person, Queue.NEW, FAR, new_room, scope),
            learning=count(self.person, Queue.LEARN, ahead, -1, scope),
            review=count(self.person, Queue.REVIEW, today.cutoff, review_room, scope),
        )

    def _today(self, now: datetime) -> StudyDay:
        """The day's limits so far; read again at the day boundary or after others wrote.

        The returned day's ``seen`` is the connection's state now.
        """
        today, seen = self._day, self._seen()
        if today is None or not today.covers(now) or today.seen != seen:
            if today is not None and today.seen[0] != seen[0]:
                self._reload_settings()  # another connection wrote: maybe these
            days = self._p.days
            self._unbury(now)
            start = days.day_start(now)
            new_done, review_done = self.ctx.reviews.done_since(self.person, start)
            cutoff = days.next_day_start(now)
            if self.ctx.store.total_changes() != seen[1]:  # unburied cards
                seen = self._seen()
            today = StudyDay(start, cutoff, new_done, review_done, seen)
            self._day = today
        return today

    def _reload_settings(self) -> None:
        """Takes up the person's settings if another terminal changed them (new limits, or
        parameters from ``tandem optimize``: answers must follow what the log replays with)."""
        if self.ctx.people.settings(self.person) != self._p.settings:
            self.ctx.forget_person(self.person)

    def _seen(self) -> tuple[int, int]:
        return self.ctx.store.change_marks()

    def _found(self, before: int) -> Seen:
        """The connection as a write of this sitting finds it (call with the write lock held;
        ``before``: the change count before the write). Takes up settings another terminal
        changed since the day was read, so the answer follows them."""
        was = (self.ctx.store.data_version(), before)
        if self._day is not None and self._day.seen[0] != was[0]:
            self._reload_settings()
        return was

    def _own_write(
        self, was: Seen, prev: FsrsState, at: datetime, change: int, rows: tuple[StateRow, ...]
    ) -> None:
        """Keeps the day's counts and the read-ahead in step with this sitting's own answer
        (``change`` +1) or undo (-1), made on the connection as ``was`` (``_found``) says.

        Either is dropped (and read again when next needed) if anything else wrote since it
        was read; the read-ahead also when ``rows`` is empty or it cannot follow them.
        """
        # data_version as the write found it: a later commit elsewhere shows at the next check
        seen = (was[0], self.ctx.store.total_changes())
        today = self._day
        if today is not None and today.seen == was:
            today.count_own(prev, at, change)
            today.seen = seen
        self._reader.follow(was, seen, rows)

    def card(self, key: str) -> StudyCard:
        row = self.ctx.states.get(self.person, key)
        if row is None:
            raise NotFoundError(f"{self.person} has no card {key}")
        return self._render(row)

    def previews(self, key: str) -> dict[Rating, timedelta]:
        """The next interval each rating would give ``key`` now."""
        row = self._require(key)
        at = answer_time(self.ctx.clock.now(), row.memory.last_review)
        return self._p.scheduler.preview(key, row.memory, at)

    # actions -----------------------------------------------------------------------------
    def answer(self, key: str, rating: Rating, duration_ms: int | None = None) -> Answered:
        """Records one answer: the review and the new state in one transaction."""
        before = self.ctx.store.total_changes()
        with self.ctx.store.write():
            was, p = self._found(before), self._p
            rows = self.ctx.states.of_note(self.person, note_id_of(key))
            row = answerable(rows, key, self.person, self._shown.get(key))
            at = answer_time(self.ctx.clock.now(), row.memory.last_review)
            memory = p.scheduler.review(key, row.memory, rating, at)
            after = graded(row, memory, rating, p.settings.leech_threshold)
            duration_ms = bounded_duration(duration_ms)
            review = Review(
                new_review_id(at), key, self.person, rating, at, self.grader, duration_ms
            )
            self.ctx.reviews.add(review, row.memory.state)
            self.ctx.store.after_commit(lambda: self.ctx.journal.answered(review))
            self.ctx.states.put(after)
            siblings = [r for r in rows if r is not row]
            buried_before, buried_after = bury_siblings(self.ctx.states, siblings, p.days, at)
        done = Undone("answer", key, review.id)
        self._undo.push(UndoStep(done, (row, *buried_before), (after, *buried_after)))
        self._own_write(was, row.memory.state, at, +1, (after, *buried_after))
        self._shown[key] = memory.reps  # this sitting's own answer is no one else's
        self.answered += 1
        self.again += rating is Rating.AGAIN
        leech = after.suspended and not row.suspended  # this answer made it a leech
        return Answered(review.id, key, rating, at, memory, leech)

    def suspend(self, key: str) -> None:
        """Hides the card from this person until unsuspended."""
        self._flag(key, "suspend", lambda r: replace(r, suspended=True))

    def unsuspend(self, key: str) -> None:
        """Shows a suspended card again (a leech stays tagged a leech)."""
        self._flag(key, "unsuspend", lambda r: replace(r, suspended=False))

    def bury(self, key: str) -> None:
        """Hides the card from this person until the next study day."""
        until = self._p.days.next_day_start(self.ctx.clock.now())
        self._flag(key, "bury", lambda r: replace(r, buried_until=until))

    @property
    def can_undo(self) -> bool:
        """Whether this sitting has an action left to take back."""
        return bool(self._undo)

    def undo(self) -> Undone | None:
        """Takes back the last action of this sitting; returns it, or None if nothing is left.

        Raises:
            TandemError: if the card was changed since (by another terminal).
        """
        if not self._undo:
            return None
        step, before = self._undo.last(), self.ctx.store.total_changes()
        done = step.done
        with self.ctx.store.write():
            was = self._found(before)
            take_back(self.ctx.states, self.ctx.reviews, self.person, step)
            if (review_id := done.review_id) is not None:  # a retraction, if it was published
                self.ctx.store.after_commit(lambda: self.ctx.journal.undone(review_id, self.person))
        self._undo.pop()
        if done.action == "answer":
            self._shown[done.card] = step.before[0].memory.reps
            self.answered -= 1
            at = step.after[0].memory.last_review
            assert at is not None
            self._own_write(was, step.before[0].memory.state, at, -1, ())
        return done

    # helpers -----------------------------------------------------------------------------
    def _flag(self, key: str, action: str, change: Callable[[StateRow], StateRow]) -> None:
        with self.ctx.store.write():
            row = self._require(key)
            after = change(row)
            self.ctx.states.put(after)
        self._undo.push(UndoStep(Undone(action, key), (row,), (after,)))

    def _unbury(self, now: datetime) -> None:
        if self.ctx.states.any_buried_until(self.person, now):
            with self.ctx.store.write():
                unbury(self.ctx.states, self.person, now)

    def _require(self, key: str) -> StateRow:
        row = self.ctx.states.get(self.person, key)
        if row is None:
            raise NotFoundError(f"{self.person} has no card {key}")
        return row

    def _render(
        self, row: StateRow, source: tuple[str, NoteRow, DeckRow] | None = None
    ) -> StudyCard:
        found = source or self.ctx.cards.card_with_note(row.card)
        assert found is not None, row.card
        variant, note, deck = found
        self._shown[row.card] = row.memory.reps  # an answer checks nobody answered it since
        return render_card(row.card, variant, note, deck, row.memory)
