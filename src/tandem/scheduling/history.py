"""Provides Anki's rules for which history counts, and a card's log folded into its state.

Anki builds a card's memory from its review log with ``reviews_for_fsrs``: a reset (Forget)
starts the card afresh, and so does a learning answer after reviews (an old Anki's reset,
which left no entry); answers in a filtered deck without rescheduling ("cramming") are not
memory reviews, and neither is a due date set by hand (a "Manual" entry): it moves the due
date of a card, and nothing else — a card never answered becomes a review card due then, with
no memory yet (its next answer starts one, as a first answer does, but is scheduled as a
review: Anki's ``set_due_date``). tandem's log says which entry is which
(``ReviewKind``), so the same rules apply to every log, imported or not, when it is replayed.

Leeches follow from the log too: an answer that lapses a card for the ``threshold``-th time
(then every half threshold) makes it a leech, and Anki suspends a leech at once, so a card
whose last answer made it a leech is suspended.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from tandem.models import CardState, FsrsState, Rating, ReviewKind
from tandem.scheduling.days import EPOCH
from tandem.scheduling.fuzz import SCALE as _SCALE
from tandem.scheduling.fuzz import card_seed, fuzz_factor
from tandem.scheduling.intervals import (
    graduating_easy,
    graduating_interval,
    review_interval,
)
from tandem.scheduling.leech import is_leech_lapse

if TYPE_CHECKING:
    from tandem.scheduling.scheduler import PersonScheduler

_MEMORY = (ReviewKind.REVIEW, ReviewKind.RESTART)
_DAY_SECONDS = 86_400


class Entry(NamedTuple):
    """One entry of a card's log: its kind, rating (``None`` for a reset or a due date set
    by hand), time, and the due date a ``manual`` entry set."""

    kind: ReviewKind
    rating: Rating | None
    at: datetime
    due: datetime | None = None


@dataclass
class Folded:
    """A card's log replayed: its state, each entry's state before it, its leech flags."""

    state: CardState = field(default_factory=CardState)
    before: list[FsrsState] = field(default_factory=list)
    leech: bool = False
    """Some answer made the card a leech (a reset does not take the tag away, as in Anki)."""
    suspend: bool = False
    """The last entry is the answer that made the card a leech: it is suspended."""


EntryValues = tuple[ReviewKind, Rating | None, datetime, datetime | None]
"""An ``Entry``'s values as a plain tuple (a replay reading rows makes no ``Entry``)."""


def fold(scheduler: PersonScheduler, card: str, entries: Iterable[EntryValues]) -> Folded:
    """Replays ``card``'s log entries, oldest first, with ``scheduler``.

    The card is carried as plain values (no state object per answer): each answer is one
    call of fsrs-rs and the scheduler's rules (``PersonScheduler.plan``, written out here
    for the replay: every review of an import, ``doctor`` or the optimizer passes through
    this loop; a test holds the two to the same states), so the state at the end is the one
    answering gave.
    """
    out = Folded()
    before = out.before
    rules = scheduler.rules
    threshold, fuzz, maximum, short_term = (
        rules.leech_threshold, rules.fuzz, rules.maximum, rules.short_term)  # fmt: skip
    learning, relearning = rules.learning, rules.relearning
    relearn_again = relearning[0][0] if relearning[0] else None
    next_states, retention = rules.next_states, rules.desired_retention
    seen, day_number, epoch, utc = scheduler.days_seen, scheduler.day_number, EPOCH, UTC
    # The fuzz seed (``fuzz.fuzz_factor``), written out below, hashes the card key, a zero
    # byte and the answer count: the key's part is hashed once (``seeded``, on first use)
    # and copied for each count.
    seeded, from_bytes = None, int.from_bytes
    new, learn, relearn, review = (FsrsState.NEW, FsrsState.LEARNING, FsrsState.RELEARNING,
                                   FsrsState.REVIEW)  # fmt: skip
    again, hard, good, easy = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY
    memory_kinds, restart, reset, manual = _MEMORY, ReviewKind.RESTART, ReviewKind.RESET, (
        ReviewKind.MANUAL)  # fmt: skip
    state, step, memory, wait, reps, lapses = new, None, None, 0, 0, 0
    last: datetime | None = None
    last_day: int | None = None
    moved: datetime | None = None  # the due date set by hand since the last answer, exactly
    leech = suspend = False
    for kind, rating, at, due in entries:
        if kind is restart:  # the card is new again to the memory model
            state, step, memory, wait, reps, lapses, last = new, None, None, 0, 0, 0, None
            moved = None
        before.append(state)
        suspend = False
        if kind not in memory_kinds:
            if kind is reset:
                state, step, memory, wait, reps, lapses, last = new, None, None, 0, 0, 0, None
                moved = None
            elif kind is manual and due is not None:
                if state is new:  # Anki makes it a review card, due then, without a memory yet
                    state, step = review, None
                if last is not None:
                    wait = round((due - last).total_seconds())  # the memory stays; the date moves
                moved = due
            continue
        assert rating is not None
        # Every day boundary is a whole number of quarter hours from UTC: one study day a
        # UTC quarter hour (``days.quarter_hour``, written out), kept by the scheduler.
        if last is None:
            elapsed, day, memory = 0, None, None  # a first answer needs no study day
        else:
            since = (at if at.tzinfo is not None else at.astimezone(utc)) - epoch
            day = seen.get(since.days * 96 + since.seconds // 900)
            if day is None:
                day = day_number(at)
            if last_day is None:
                last_day = day_number(last)
            elapsed = day - last_day if day > last_day else 0
        outcomes = next_states(memory, retention, elapsed)
        if state is review:
            scheduled = wait / _DAY_SECONDS  # Anki's ``scheduled_days`` (``anki_round``):
            previous = int(scheduled + 0.5) if scheduled >= 0 else -int(0.5 - scheduled)
            if rating is again:
                chosen = outcomes.again
                lapses += 1
                if lapses >= threshold and is_leech_lapse(lapses, threshold):
                    leech = suspend = True
                if relearn_again is not None:
                    state, step, wait = relearn, 0, relearn_again
                elif short_term and chosen.interval < 0.5:
                    state, step, wait = relearn, 0, int(chosen.interval * _DAY_SECONDS)
                else:  # as in Anki, fuzz waits until the card leaves relearning
                    interval = chosen.interval
                    days = int(interval + 0.5) if interval >= 0 else -int(0.5 - interval)
                    state, step, wait = review, None, (days if days > 1 else 1) * _DAY_SECONDS
            else:
                chosen_h, chosen_g, chosen_e = outcomes.hard, outcomes.good, outcomes.easy
                raw = (chosen_h.interval, chosen_g.interval, chosen_e.interval)
                if fuzz:
                    if seeded is None:
                        seeded = card_seed(card)
                    seed = seeded.copy()
                    seed.update(b"%d" % reps)
                    factor: float | None = from_bytes(seed.digest()) * _SCALE
                else:
                    factor = None
                days = review_interval(raw, rating - 2, previous, factor, maximum)
                chosen = chosen_h if rating is hard else chosen_g if rating is good else chosen_e
                step, wait = None, days * _DAY_SECONDS
        else:
            (steps, hard_first), kind_now = (
                (relearning, relearn) if state is relearn else (learning, learn))  # fmt: skip
            at_step = step or 0
            if rating is easy:
                chosen = outcomes.easy
                factor = fuzz_factor(card, reps) if fuzz else None
                days = graduating_easy(factor, outcomes.good.interval, chosen.interval, maximum)
                state, step, wait = review, None, days * _DAY_SECONDS
            else:
                if rating is again:
                    chosen, kept = outcomes.again, (0 if steps else None)
                elif rating is hard:
                    chosen, kept = outcomes.hard, (at_step if at_step < len(steps) else None)
                else:
                    chosen, kept = outcomes.good, (at_step + 1 if at_step + 1 < len(steps)
                                                   else None)  # fmt: skip
                if kept is not None:
                    wait = hard_first if rating is hard and kept == 0 else steps[kept]
                    state, step = kind_now, kept
                elif not steps and short_term and chosen.interval < 0.5:
                    state, step, wait = kind_now, 0, int(chosen.interval * _DAY_SECONDS)
                else:
                    if fuzz:  # the seed, as for a review above
                        if seeded is None:
                            seeded = card_seed(card)
                        seed = seeded.copy()
                        seed.update(b"%d" % reps)
                        factor = from_bytes(seed.digest()) * _SCALE
                    else:
                        factor = None
                    days = graduating_interval(factor, chosen.interval, maximum)
                    state, step, wait = review, None, days * _DAY_SECONDS
        memory = chosen.memory
        reps, last, last_day, moved = reps + 1, at, day, None
    out.leech, out.suspend = leech, suspend
    if last is not None and memory is not None:
        due_at = moved or last + timedelta(seconds=wait)
        out.state = CardState(state, step, memory.stability, memory.difficulty,
                              due_at, last, reps, lapses)  # fmt: skip
    elif moved is not None:  # never answered (since a reset), a due date set: in review
        out.state = CardState(state, None, None, None, moved, None, reps, lapses)
    return out


def memory_history(entries: Sequence[Entry]) -> Iterator[Entry]:
    """The answers the memory model takes from a card's log, oldest first: those after its
    last reset, from its last restart on, without cramming."""
    start = 0
    for index, entry in enumerate(entries):
        if entry.kind is ReviewKind.RESET:
            start = index + 1
        elif entry.kind is ReviewKind.RESTART:
            start = index
    return (entry for entry in entries[start:] if entry.kind in _MEMORY)
