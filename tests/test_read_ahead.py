"""A sitting's read-ahead of the queue never shows another card than a fresh read would."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import suppress
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from tandem.config import resolve_paths
from tandem.config.settings import PersonSettings
from tandem.models import FrozenClock, FsrsState, Queue, Rating, StudyCard, TandemError
from tandem.services import Services, build_services
from tandem.services.study.read_ahead import FIRST_BATCH, ReadAhead
from tandem.storage.db import Store

from .conftest import START, add_notes, examples


def _shown(card: StudyCard | None) -> tuple[object, ...] | None:
    if card is None:
        return None
    return (card.key, card.question, card.answer, card.deck_title, card.state)


class Sitting(RuleBasedStateMachine):
    """One long sitting of alice, checked after every step against a fresh reader.

    The reader has its own connection and only reads, so it never disturbs the sitting.
    Another terminal (a second connection) answers and suspends cards now and then.
    """

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="tandem-ahead-"))
        self.clock = FrozenClock(START)
        paths = resolve_paths(self.root / "t.db", self.root / "decks")
        self.svc: Services = build_services(paths, db=Store(paths.db), clock=self.clock)
        self.svc.people.add("alice")
        limits = PersonSettings(new_per_day=12, reviews_per_day=15, learn_ahead_minutes=20)
        self.svc.people.update_settings("alice", limits)
        add_notes(self.svc, 10, deck="a.md", reverse=True, prefix="r")
        add_notes(self.svc, 25, deck="b.md", prefix="b")
        self.other = self.svc.open_another()
        self.reader = self.svc.open_another()
        self.session = self.svc.study("alice")
        self.added = 0

    def teardown(self) -> None:
        for services in (self.svc, self.other, self.reader):
            services.close()
        shutil.rmtree(self.root, ignore_errors=True)

    @rule(rating=st.sampled_from(list(Rating)))
    def answer(self, rating: Rating) -> None:
        card = self.session.next_card()
        if card is not None:
            self.session.answer(card.key, rating)

    @rule(minutes=st.sampled_from([0, 1, 5, 11, 30, 240, 24 * 60]))
    def wait(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    @rule(action=st.sampled_from(["suspend", "bury"]))
    def hide(self, action: str) -> None:
        card = self.session.next_card()
        if card is not None:
            getattr(self.session, action)(card.key)

    @rule()
    def undo(self) -> None:
        with suppress(TandemError):  # refused if the other terminal changed that card since
            self.session.undo()

    @rule(rating=st.sampled_from(list(Rating)))
    def other_terminal_answers(self, rating: Rating) -> None:
        theirs = self.other.study("alice")
        card = theirs.next_card()
        if card is not None:
            theirs.answer(card.key, rating)

    @rule(rating=st.sampled_from(list(Rating)), suspend=st.booleans())
    def other_terminal_writes_while_a_card_is_shown(self, rating: Rating, suspend: bool) -> None:
        card = self.session.next_card()
        theirs = self.other.study("alice")
        other = theirs.next_card()
        if other is not None and suspend:
            theirs.suspend(other.key)
        elif other is not None:
            theirs.answer(other.key, rating)
        if card is not None:
            with suppress(TandemError):  # they may have answered this very card
                self.session.answer(card.key, rating)

    @rule()
    def other_terminal_suspends_the_next_card(self) -> None:
        card = self.other.study("alice").next_card()
        if card is not None:
            self.other.study("alice").suspend(card.key)

    @rule()
    def cards_are_added(self) -> None:
        self.added += 1
        add_notes(self.svc, 2, deck=f"new{self.added}.md", prefix=f"x{self.added}-")

    @invariant()
    def shows_what_a_fresh_read_shows(self) -> None:
        mine = _shown(self.session.next_card())
        fresh = _shown(self.reader.study("alice").next_card())
        assert mine == fresh


TestSitting = Sitting.TestCase
TestSitting.settings = settings(max_examples=examples(60), stateful_step_count=40, deadline=None)


@pytest.fixture
def alice(svc: Services) -> Services:
    svc.people.add("alice")
    svc.people.update_settings("alice", PersonSettings(new_per_day=500))
    return svc


def test_a_long_sitting_reads_further_ahead_and_keeps_deck_order(alice: Services) -> None:
    keys = add_notes(alice, 4 * FIRST_BATCH + 3)
    session, shown = alice.study("alice"), []
    while (card := session.next_card()) is not None and card.state.reps == 0:
        shown.append(card.key)
        session.answer(card.key, Rating.EASY)
    assert shown == keys


def test_a_card_edited_in_this_process_shows_its_new_text(alice: Services) -> None:
    add_notes(alice, 3)
    session = alice.study("alice")
    first = session.next_card()
    assert first is not None
    assert first.question == "question 0"
    with alice.ctx.store.write():
        alice.ctx.store.conn.execute("UPDATE notes SET question = 'changed' WHERE id = 'n0000'")
    again = session.next_card()
    assert again is not None
    assert again.question == "changed"


def test_learning_card_coming_due_goes_before_new_cards(
    alice: Services, clock: FrozenClock
) -> None:
    keys = add_notes(alice, 20)
    session = alice.study("alice")
    first = session.next_card()  # the sitting now holds the first cards
    assert first is not None
    session.answer(first.key, Rating.AGAIN)  # learning, due in a minute
    card = session.next_card()
    assert card is not None
    assert card.key == keys[1]
    clock.advance(minutes=2)
    card = session.next_card()
    assert card is not None
    assert card.key == keys[0]


def test_a_card_answered_out_of_order_is_not_shown_again(alice: Services) -> None:
    keys = add_notes(alice, 12)
    session = alice.study("alice")
    assert session.next_card() is not None
    session.answer(keys[2], Rating.EASY)  # held in the middle of the read-ahead
    shown = []
    while (card := session.next_card()) is not None and card.state.reps == 0:
        shown.append(card.key)
        session.answer(card.key, Rating.EASY)
    assert shown == keys[:2] + keys[3:]


def test_another_terminals_change_while_a_card_is_shown_is_seen(alice: Services) -> None:

    keys = add_notes(alice, 10)
    session = alice.study("alice")
    card = session.next_card()
    assert card is not None
    other = alice.open_another()
    other.study("alice").suspend(keys[1])  # the card this sitting would show next
    other.close()
    session.answer(card.key, Rating.EASY)
    following = session.next_card()
    assert following is not None
    assert following.key == keys[2]


def test_the_review_limit_holds_within_a_sitting(alice: Services, clock: FrozenClock) -> None:
    keys = add_notes(alice, 12)
    session = alice.study("alice")
    for key in keys:
        session.answer(key, Rating.EASY)
    alice.people.update_settings("alice", PersonSettings(new_per_day=500, reviews_per_day=3))
    clock.advance(days=40)  # every card is a due review
    session, shown = alice.study("alice"), []
    while (card := session.next_card()) is not None:
        shown.append(card.key)
        session.answer(card.key, Rating.GOOD)
    assert len(shown) == 3
    assert session.counts().review == 0


def test_the_read_ahead_gives_way_when_an_answered_card_is_due_again_today(
    alice: Services, clock: FrozenClock
) -> None:
    keys = add_notes(alice, 3)
    session = alice.study("alice")
    assert session.next_card() is not None
    row = alice.ctx.states.get("alice", keys[0])
    assert row is not None
    ahead = ReadAhead((0, 0), clock.now(), clock.now() + timedelta(hours=5))
    reviewed = replace(row.memory, state=FsrsState.REVIEW)
    soon = replace(row, memory=reviewed, due=clock.now() + timedelta(hours=1))
    later = replace(row, memory=reviewed, due=clock.now() + timedelta(days=1))
    assert soon.queue is later.queue is Queue.REVIEW
    assert ahead.apply([later])
    assert not ahead.apply([soon])
    assert row.queue is Queue.NEW
    assert not ahead.apply([row])
