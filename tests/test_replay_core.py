"""The replay's loop (``history.fold``) and the written-out interval rules give exactly what
the readable rules give: the scheduler's ``plan`` per answer, and the interval helpers
composed (property tests over random histories and settings)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.config.settings import PersonSettings
from tandem.models import CardState, FsrsState, Rating, Review, ReviewKind
from tandem.scheduling.history import EntryValues, Folded, fold
from tandem.scheduling.intervals import (
    _clamped,
    anki_round,
    graduating_easy,
    graduating_interval,
    growth_minimum,
    review_interval,
    with_fuzz,
)
from tandem.scheduling.leech import is_leech_lapse
from tandem.scheduling.scheduler import PersonScheduler
from tandem.services import Services
from tandem.storage.reviews import NO_STATE

from .conftest import add_notes

START = datetime(2026, 3, 1, 21, 0, tzinfo=UTC)
_MEMORY = (ReviewKind.REVIEW, ReviewKind.RESTART)


def reference_review_interval(
    raw: tuple[float, float, float], button: int, previous: int, factor: float | None,
    maximum: int,
) -> int:  # fmt: skip
    """``review_interval`` as the helpers compose it (the readable rule)."""
    days = 0
    for interval in raw[: button + 1]:
        least = growth_minimum(interval, previous, maximum)
        if least <= days:
            least = days + 1
        days = with_fuzz(factor, interval, *_clamped(least, maximum))
    return days


def reference_fold(scheduler: PersonScheduler, card: str, entries: list[EntryValues]) -> Folded:
    """A card's log folded through ``PersonScheduler.plan``, one answer at a time."""
    out = Folded()
    state, step, memory, wait, reps, lapses = FsrsState.NEW, None, None, 0, 0, 0
    last: datetime | None = None
    moved: datetime | None = None
    threshold = scheduler.settings.leech_threshold
    for kind, rating, at, due in entries:
        if kind is ReviewKind.RESTART:
            state, step, memory, wait, reps, lapses, last = FsrsState.NEW, None, None, 0, 0, 0, None
            moved = None
        out.before.append(state)
        out.suspend = False
        if kind is ReviewKind.RESET:
            state, step, memory, wait, reps, lapses, last = FsrsState.NEW, None, None, 0, 0, 0, None
            moved = None
        elif kind is ReviewKind.MANUAL and due is not None:
            if state is FsrsState.NEW:  # a review card due then, without a memory yet
                state, step = FsrsState.REVIEW, None
            if last is not None:
                wait = round((due - last).total_seconds())
            moved = due
        elif kind in _MEMORY:
            assert rating is not None
            elapsed = 0
            if last is not None:
                elapsed = max(scheduler.day_number(at) - scheduler.day_number(last), 0)
            previous = anki_round(wait / 86_400) if state is FsrsState.REVIEW else 0
            outcomes = scheduler.model.raw_next_states(memory, elapsed)
            after, step, wait, memory = scheduler.plan(
                card, state, step, reps, previous, outcomes, rating
            )
            if rating is Rating.AGAIN and state is FsrsState.REVIEW:
                lapses += 1
                if is_leech_lapse(lapses, threshold):
                    out.leech = out.suspend = True
            state, reps, last, moved = after, reps + 1, at, None
    if last is not None and memory is not None:
        due_at = moved or last + timedelta(seconds=wait)
        out.state = CardState(state, step, memory.stability, memory.difficulty,
                              due_at, last, reps, lapses)  # fmt: skip
    elif moved is not None:
        out.state = CardState(state, None, None, None, moved, None, reps, lapses)
    return out


intervals = st.floats(min_value=0.0, max_value=40_000.0, allow_nan=False)
factors = st.one_of(st.none(), st.floats(min_value=0.0, max_value=0.999999))


@given(
    raw=st.tuples(intervals, intervals, intervals).map(lambda t: tuple(sorted(t))),
    button=st.integers(0, 2),
    previous=st.integers(0, 40_000),
    factor=factors,
    maximum=st.integers(1, 36_500),
)
@settings(max_examples=2_000)
def test_review_interval_equals_the_helpers_composed(
    raw: tuple[float, float, float], button: int, previous: int, factor: float | None,
    maximum: int,
) -> None:  # fmt: skip
    assert review_interval(raw, button, previous, factor, maximum) == reference_review_interval(
        raw, button, previous, factor, maximum
    )


@given(interval=intervals, easy=intervals, factor=factors, maximum=st.integers(1, 36_500))
@settings(max_examples=2_000)
def test_graduating_intervals_equal_the_helpers_composed(
    interval: float, easy: float, factor: float | None, maximum: int
) -> None:
    assert graduating_interval(factor, interval, maximum) == with_fuzz(
        factor, float(max(anki_round(interval), 1)), *_clamped(1, maximum)
    )
    least = with_fuzz(factor, interval, *_clamped(1, maximum)) + 1
    assert graduating_easy(factor, interval, easy, maximum) == with_fuzz(
        factor, float(max(anki_round(easy), 1)), *_clamped(least, maximum)
    )


kinds = st.sampled_from(
    [ReviewKind.REVIEW] * 12
    + [ReviewKind.RESTART, ReviewKind.RESET, ReviewKind.CRAM, ReviewKind.MANUAL]  # fmt: skip
)


@st.composite
def histories(draw: st.DrawFn) -> list[EntryValues]:
    """A card's log: mostly answers, hours to months apart (late nights included), with
    resets, restarts, cramming and due dates set by hand among them."""
    at = START + timedelta(minutes=draw(st.integers(0, 24 * 60)))
    entries: list[EntryValues] = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(kinds)
        at += timedelta(seconds=draw(st.sampled_from([0, 60, 600, 3_600 * 10, 86_400])) *
                        draw(st.integers(0, 90)) + draw(st.integers(0, 59)))  # fmt: skip
        if kind is ReviewKind.RESET:
            entries.append((kind, None, at, None))
        elif kind is ReviewKind.MANUAL:
            due = at + timedelta(days=draw(st.integers(-3, 200)), seconds=draw(st.integers(0, 9)))
            entries.append((kind, None, at, due))
        else:
            entries.append((kind, Rating(draw(st.sampled_from([1, 1, 2, 3, 3, 3, 4]))), at, None))
    return entries


person_settings = st.builds(
    PersonSettings,
    desired_retention=st.sampled_from([0.7, 0.85, 0.9, 0.97]),
    learning_steps_minutes=st.sampled_from([(), (1.0,), (1.0, 10.0), (5.0, 30.0, 1440.0)]),
    relearning_steps_minutes=st.sampled_from([(), (10.0,), (10.0, 60.0)]),
    maximum_interval_days=st.sampled_from([1, 2, 30, 36_500]),
    day_starts_at_hour=st.integers(0, 23),
    timezone=st.sampled_from(["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"]),
    leech_threshold=st.integers(1, 8),
    fuzz=st.booleans(),
)


@given(values=person_settings, log=histories(), card=st.sampled_from(["k7q2m9x4", "n1:c2"]))
@settings(max_examples=400, deadline=None)
def test_fold_equals_the_scheduler_answer_by_answer(
    values: PersonSettings, log: list[EntryValues], card: str
) -> None:
    folded = fold(PersonScheduler(values), card, log)
    expected = reference_fold(PersonScheduler(values), card, log)
    assert folded == expected
    # the floats themselves, bit for bit (``==`` on floats would let -0.0 pass for 0.0)
    assert [math.copysign(1, v) for v in (folded.state.stability or 0.0,)] == [
        math.copysign(1, v) for v in (expected.state.stability or 0.0,)
    ]


def test_fold_without_steps_or_fuzz_matches_answering_one_by_one() -> None:
    values = PersonSettings(timezone="UTC", learning_steps_minutes=(), fuzz=False)
    scheduler = PersonScheduler(values)
    answers = [(Rating.GOOD, START), (Rating.AGAIN, START + timedelta(days=3)),
               (Rating.EASY, START + timedelta(days=4, hours=11))]  # fmt: skip
    state = CardState()
    for rating, at in answers:
        state = scheduler.review("k", state, rating, at)
    entries = [(ReviewKind.REVIEW, rating, at, None) for rating, at in answers]
    assert fold(scheduler, "k", entries).state == state


def test_states_before_are_set_from_one_byte_a_row_only_where_they_change(
    svc: Services,
) -> None:
    svc.people.add("alice")
    keys = add_notes(svc, 3)
    session = svc.study("alice")
    for key in keys * 2:
        session.answer(key, Rating.GOOD)
    conn = svc.ctx.store.conn
    seqs = [seq for (seq,) in conn.execute("SELECT seq FROM reviews ORDER BY seq")]
    stored = dict(conn.execute("SELECT seq, prev_state FROM reviews").fetchall())
    states = bytearray([NO_STATE] * (max(seqs) + 1))
    states[seqs[0]] = FsrsState.RELEARNING  # changes
    states[seqs[3]] = stored[seqs[3]]  # as stored: not written
    with svc.ctx.store.write():
        assert svc.ctx.reviews.set_prev_states_by_seq(states) == 1
        assert svc.ctx.reviews.set_prev_states_by_seq(bytearray([NO_STATE] * 4)) == 0
    after = dict(conn.execute("SELECT seq, prev_state FROM reviews").fetchall())
    assert after == stored | {seqs[0]: int(FsrsState.RELEARNING)}


def test_entries_of_one_card_at_one_time_are_read_in_the_order_they_were_made(
    svc: Services,
) -> None:
    svc.people.add("alice")
    keys = sorted(add_notes(svc, 3))
    at = START + timedelta(days=2)
    made = [  # at one time: the index would put reset before review, and 1 before 3
        (keys[0], Rating.GOOD, ReviewKind.REVIEW, START),
        (keys[1], Rating.GOOD, ReviewKind.REVIEW, at),
        (keys[1], None, ReviewKind.RESET, at),
        (keys[1], Rating.EASY, ReviewKind.REVIEW, at),
        (keys[1], Rating.AGAIN, ReviewKind.REVIEW, at),
        (keys[2], Rating.HARD, ReviewKind.REVIEW, at),
    ]
    reviews = [Review(f"r{n}", card, "alice", rating, when, "alice", kind=kind)
               for n, (card, rating, kind, when) in enumerate(made)]  # fmt: skip
    with svc.ctx.store.write():
        svc.ctx.reviews.add_many((review, FsrsState.NEW) for review in reviews)
    expected = [(card, kind, rating) for card, rating, kind, _ in made]
    for size in range(1, 8):  # batches ending anywhere, inside the tie too
        batches = svc.ctx.reviews.history_batches("alice", size, stored=False)
        read = [(card, kind, rating) for batch in batches
                for card, _, kind, rating, _, _, _ in batch]  # fmt: skip
        assert read == expected, size
    half = svc.ctx.reviews.history_batches("alice", 2, first=keys[1], before=keys[2])
    assert [(c, k, r) for batch in half for c, _, k, r, _, _, _ in batch] == expected[1:5]


def test_a_checks_card_logs_are_each_cards_entries_in_the_order_they_were_made(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc.people.add("alice")
    svc.people.add("bob")
    keys = sorted(add_notes(svc, 4))
    at = START + timedelta(days=2)
    due = START + timedelta(days=9, microseconds=5)
    made = [  # ties at one time (the index would put reset before review, 1 before 3),
        # a due date set by hand, and a card of bob's between
        (keys[0], "alice", Rating.GOOD, ReviewKind.REVIEW, START, None),
        (keys[0], "alice", None, ReviewKind.MANUAL, START + timedelta(hours=1), due),
        (keys[1], "alice", Rating.GOOD, ReviewKind.REVIEW, at, None),
        (keys[1], "alice", None, ReviewKind.RESET, at, None),
        (keys[1], "alice", Rating.EASY, ReviewKind.REVIEW, at, None),
        (keys[1], "alice", Rating.AGAIN, ReviewKind.CRAM, at, None),
        (keys[1], "alice", Rating.HARD, ReviewKind.RESTART, at + timedelta(seconds=1), None),
        (keys[2], "bob", Rating.HARD, ReviewKind.REVIEW, at, None),
        (keys[3], "alice", Rating.HARD, ReviewKind.REVIEW, at, None),
    ]
    reviews = [Review(f"r{n}", card, person, rating, when, person, kind=kind, due=set_due)
               for n, (card, person, rating, kind, when, set_due) in enumerate(made)]  # fmt: skip
    with svc.ctx.store.write():
        svc.ctx.reviews.add_many((review, FsrsState.NEW) for review in reviews)
    entries = [(card, (kind, rating, when, set_due))
               for card, _, rating, kind, when, set_due in made]  # fmt: skip
    expected = [
        (keys[0], [entry for card, entry in entries[:2]]),
        (keys[1], [entry for card, entry in entries[2:7]]),
        (keys[3], [entries[8][1]]),
    ]
    logs = svc.ctx.reviews.card_logs
    assert [log for batch in logs("alice") for log in batch] == expected
    monkeypatch.setattr("tandem.storage.reviews.CARD_LOGS_ENTRIES", 1)  # a card a batch
    assert [len(batch) for batch in logs("alice")] == [1, 1, 1]
    assert [log for batch in logs("alice") for log in batch] == expected
    part = [log for batch in logs("alice", first=keys[1], before=keys[3]) for log in batch]
    assert part == expected[1:2]
    assert [log for batch in logs("bob") for log in batch] == [(keys[2], [entries[7][1]])]
