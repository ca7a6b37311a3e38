"""Provides applying what was read from the folder: new reviews in, retracted ones out.

A card whose new reviews all come after its newest one takes them on top of its state; a
card that gets an older review (a device whose clock was behind, a late sync) or loses one
is replayed from its whole log. Either way the state is what replaying the log gives, the
same on every machine. Leeches and buried siblings follow the answer's own rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime

from tandem.models import CardState, FsrsState, Review, note_id_of
from tandem.scheduling.leech import is_leech_lapse
from tandem.services.context import Context
from tandem.services.logs.lines import Retraction, Sharing
from tandem.services.logs.reading import Chunk, with_retries
from tandem.services.reviewlog import CLOCK_SKEW
from tandem.services.study.burying import bury_siblings, unbury
from tandem.storage.states import StateRow


@dataclass
class Applied:
    """What one sync took in from the folder."""

    added: int = 0
    retracted: int = 0
    cards: int = 0
    """Card states that changed."""
    waiting: int = 0
    """Lines kept to try again at the next sync."""
    problems: list[str] = field(default_factory=list)


@dataclass
class _Pending:
    where: str
    review: Review


class Applier:
    """Applies chunks read from device files in the current transaction."""

    def __init__(self, ctx: Context, now: datetime) -> None:
        self.ctx = ctx
        self.now = now
        self.result = Applied()
        self._pending: dict[str, _Pending] = {}
        self._retracted: set[str] = set()

    def run(self, chunks: list[Chunk]) -> Applied:
        """Takes in every chunk; updates each chunk's cursor with the lines to retry.

        Call inside ``store.write()``.
        """
        for person in {chunk.file.person for chunk in chunks}:
            unbury(self.ctx.states, person, self.now)  # as a sitting does: last days' buries
        cards = {e.card for c in chunks for _, _, e in c.entries if isinstance(e, Review)}
        known = self.ctx.cards.known_cards(cards)
        for chunk in chunks:
            self.result.problems += chunk.problems
            self._sort(chunk, known)
        here = self.ctx.reviews.by_ids([*self._pending, *self._retracted])
        touched: dict[tuple[str, str], list[Review]] = defaultdict(list)
        full: set[tuple[str, str]] = set()
        for review_id in self._retracted & here.keys():
            gone = here[review_id]
            self.ctx.reviews.remove(review_id)
            self.result.retracted += 1
            touched.setdefault((gone.person, gone.card), [])
            full.add((gone.person, gone.card))
        for review_id, item in self._pending.items():
            if review_id in here:
                if here[review_id] != item.review:
                    self._problem(item.where, f"id: {review_id!r} is here with other content; "
                                  "kept the one here")  # fmt: skip
                continue
            touched[item.review.person, item.review.card].append(item.review)
        for (person, card), fresh in touched.items():
            self._settle(person, card, fresh, (person, card) in full)
        return self.result

    def _sort(self, chunk: Chunk, known: set[str]) -> None:
        """Files each entry: pending review, retraction, line to retry, or problem."""
        retry: dict[str, tuple[int, str]] = {}  # review id -> its line
        for number, raw, entry in chunk.entries:
            where = chunk.where(number)
            if entry.person != chunk.file.person:
                self._problem(where, f"person: {entry.person!r} in {chunk.file.person}'s file")
            elif isinstance(entry, Sharing):
                continue
            elif isinstance(entry, Retraction):
                self._pending.pop(entry.review_id, None)
                self._retracted.add(entry.review_id)
                retry.pop(entry.review_id, None)
            elif entry.at > self.now + CLOCK_SKEW:
                retry[entry.id] = (number, raw)
                self._problem(where, f"at: {entry.at:%Y-%m-%dT%H:%M:%SZ} is ahead of this "
                              "machine's clock; tried again at the next sync")  # fmt: skip
            elif entry.card not in known:
                retry[entry.id] = (number, raw)
                self._problem(where, f"card: unknown card {entry.card!r} (not in the decks "
                              "here); tried again at the next sync")  # fmt: skip
            else:
                self._take(where, entry)
        chunk.cursor, dropped = with_retries(chunk.cursor, list(retry.values()))
        self.result.waiting += len(retry) - dropped
        if dropped:
            self._problem(str(chunk.file.path), f"{dropped} more line(s) to retry dropped")

    def _take(self, where: str, review: Review) -> None:
        if review.id in self._retracted:
            return
        first = self._pending.get(review.id)
        if first is None:
            self._pending[review.id] = _Pending(where, review)
        elif first.review != review:
            self._problem(where, f"id: {review.id!r} also at {first.where} with other content")

    def _problem(self, where: str, message: str) -> None:
        self.result.problems.append(f"{where}: {message}; skipped")

    def _settle(self, person: str, card: str, fresh: list[Review], full: bool) -> None:
        """Adds ``fresh`` reviews of one card and brings its state in line with its log."""
        row = self.ctx.states.get(person, card)
        if row is None:
            return  # every known card has a row for every person (the catalogue's rule)
        p = self.ctx.person(person)
        fresh.sort(key=lambda r: r.at)
        last = row.memory.last_review
        state = row.memory
        if not full and (last is None or fresh[0].at > last):
            for review in fresh:  # all newer than the card's newest: on top of its state
                self.ctx.reviews.add(review, state.state)
                state = p.scheduler.review(card, state, review.rating, review.at)
        else:
            self.ctx.reviews.add_many((review, FsrsState.NEW) for review in fresh)
            state = CardState()
            for review in self.ctx.reviews.for_card(person, card):
                self.ctx.reviews.set_prev_state(review.id, state.state)
                state = p.scheduler.review(card, state, review.rating, review.at)
        self.result.added += len(fresh)
        after = _with_state(row, state)
        lapses = range(row.memory.lapses + 1, state.lapses + 1)
        if any(is_leech_lapse(n, p.settings.leech_threshold) for n in lapses):
            after = replace(after, leech=True, suspended=True)
        if after != row:
            self.ctx.states.put(after)
            self.result.cards += 1
        if fresh and p.days.study_date(fresh[-1].at) == p.days.study_date(self.now):
            siblings = [s for s in self.ctx.states.of_note(person, note_id_of(card))
                        if s.card != card]  # fmt: skip
            bury_siblings(self.ctx.states, siblings, p.days, fresh[-1].at)


def _with_state(row: StateRow, state: CardState) -> StateRow:
    """The row with the state a replay gave (a card with no review left is new again)."""
    if state.state is not FsrsState.NEW:
        return row.with_memory(state)
    return replace(row, memory=CardState())
