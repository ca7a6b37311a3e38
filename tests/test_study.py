"""The study queue: order, daily limits, per-person states, siblings, leeches, undo."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tandem.config.settings import PersonSettings
from tandem.models import FrozenClock, FsrsState, Queue, Rating, TandemError
from tandem.services import Services

from .conftest import add_notes


@pytest.fixture
def pair(svc: Services) -> Services:
    svc.people.add("alice")
    svc.people.add("bob")
    return svc


def _drain(svc: Services, person: str, rating: Rating = Rating.GOOD) -> list[str]:
    session = svc.study(person)
    seen = []
    while (card := session.next_card()) is not None:
        seen.append(card.key)
        session.answer(card.key, rating)
    return seen


def test_new_cards_in_deck_order_up_to_the_daily_limit(pair: Services) -> None:
    keys = add_notes(pair, 30)
    session = pair.study("alice")
    assert session.counts().new == 20
    first = [session.next_card() for _ in range(2)]
    assert [c.key for c in first if c] == [keys[0], keys[0]]  # nothing answered yet
    answered = []
    for _ in range(20):
        card = session.next_card()
        assert card is not None
        answered.append(card.key)
        session.answer(card.key, Rating.EASY)
    assert answered == keys[:20]
    assert session.next_card() is None
    assert session.counts().total == 0


def test_new_limit_resets_at_the_day_boundary(pair: Services, clock: FrozenClock) -> None:
    add_notes(pair, 30)
    pair.people.update_settings("alice", PersonSettings(new_per_day=5))
    assert len(_drain(pair, "alice", Rating.EASY)) == 5
    clock.advance(hours=17)  # 03:00 next day (UTC): still the same study day
    assert pair.study("alice").counts().new == 0
    clock.advance(hours=1, minutes=1)  # past 4 am
    assert pair.study("alice").counts().new == 5


def test_learning_cards_come_first_then_reviews_then_new(
    pair: Services, clock: FrozenClock
) -> None:
    keys = add_notes(pair, 3)
    session = pair.study("alice")
    session.answer(keys[0], Rating.EASY)  # review, due in days
    session.answer(keys[1], Rating.AGAIN)  # learning, due in 1 minute
    clock.advance(days=30)
    session = pair.study("alice")
    order = []
    for _ in range(3):
        card = session.next_card()
        assert card is not None
        order.append(card.key)
        session.answer(card.key, Rating.EASY)
    assert order == [keys[1], keys[0], keys[2]]


def test_learn_ahead_when_nothing_else_is_due(pair: Services, clock: FrozenClock) -> None:
    keys = add_notes(pair, 1)
    session = pair.study("alice")
    session.answer(keys[0], Rating.AGAIN)
    card = session.next_card()  # due in 1 minute, within the 20-minute learn-ahead
    assert card is not None
    assert card.key == keys[0]
    session.answer(keys[0], Rating.GOOD)  # next step: 10 minutes
    session.answer(keys[0], Rating.GOOD)  # graduates: days away
    assert session.next_card() is None


def test_one_persons_answers_never_change_anothers_state(pair: Services) -> None:
    keys = add_notes(pair, 5)
    before = pair.ctx.states.for_person("bob")
    _drain(pair, "alice", Rating.GOOD)
    assert pair.ctx.states.for_person("bob") == before
    assert all(r.memory.reps > 0 for r in pair.ctx.states.for_person("alice"))
    assert pair.ctx.reviews.count("alice") > 0
    assert pair.ctx.reviews.count("bob") == 0
    assert pair.study("bob").counts().new == len(keys)


def test_partner_grading_records_the_grader(pair: Services) -> None:
    keys = add_notes(pair, 1)
    session = pair.study("bob", grader="alice")
    session.answer(keys[0], Rating.GOOD)
    [review] = pair.ctx.reviews.for_card("bob", keys[0])
    assert (review.person, review.grader) == ("bob", "alice")
    assert pair.ctx.states.get("alice", keys[0]).memory.reps == 0  # type: ignore[union-attr]


def test_siblings_are_buried_until_the_next_day(pair: Services, clock: FrozenClock) -> None:
    keys = add_notes(pair, 2, reverse=True)  # n0000, n0000:r, n0001, n0001:r
    assert _drain(pair, "alice", Rating.EASY) == [keys[0], keys[2]]
    assert pair.ctx.states.get("alice", keys[1]).queue is Queue.BURIED  # type: ignore[union-attr]
    clock.advance(days=1)
    shown = _drain(pair, "alice", Rating.EASY)
    assert keys[1] in shown
    assert keys[3] in shown


def test_cloze_siblings_are_buried(pair: Services) -> None:
    keys = add_notes(pair, 1, kind="cloze")
    card = pair.study("alice").next_card()
    assert card is not None
    assert card.key == keys[0]
    assert "[...]" in card.question
    assert _drain(pair, "alice", Rating.EASY) == [keys[0]]


def test_leech_is_suspended_and_tagged(pair: Services, clock: FrozenClock) -> None:
    keys = add_notes(pair, 1)
    session = pair.study("alice")
    session.answer(keys[0], Rating.EASY)
    for _ in range(8):
        clock.set(pair.ctx.states.get("alice", keys[0]).due)  # type: ignore[union-attr,arg-type]
        session.answer(keys[0], Rating.AGAIN)  # lapse
        clock.advance(minutes=10)
        session.answer(keys[0], Rating.GOOD)  # relearned
    row = pair.ctx.states.get("alice", keys[0])
    assert row is not None
    assert row.memory.lapses == 8
    assert row.leech
    assert row.queue is Queue.SUSPENDED
    assert pair.ctx.states.get("bob", keys[0]).queue is Queue.NEW  # type: ignore[union-attr]


def test_undo_restores_exact_state_and_removes_reviews(pair: Services, clock: FrozenClock) -> None:
    keys = add_notes(pair, 12, reverse=True)
    session = pair.study("alice")
    snapshots = []
    for _ in range(12):
        snapshots.append((pair.ctx.states.for_person("alice"), pair.ctx.reviews.count()))
        card = session.next_card()
        assert card is not None
        session.answer(card.key, Rating.GOOD)
        clock.advance(seconds=7)
    for states, count in reversed(snapshots):
        assert session.undo() is not None
        assert pair.ctx.states.for_person("alice") == states
        assert pair.ctx.reviews.count() == count
    assert session.undo() is None
    assert session.answered == 0
    assert keys


def test_undo_of_suspend_and_bury(pair: Services) -> None:
    keys = add_notes(pair, 2)
    session = pair.study("alice")
    before = pair.ctx.states.for_person("alice")
    session.suspend(keys[0])
    session.bury(keys[1])
    assert session.next_card() is None
    session.undo()
    session.undo()
    assert pair.ctx.states.for_person("alice") == before


def test_buried_card_returns_next_day_suspended_stays(pair: Services, clock: FrozenClock) -> None:
    keys = add_notes(pair, 2)
    session = pair.study("alice")
    session.suspend(keys[0])
    session.bury(keys[1])
    clock.advance(days=1)
    assert [c.key for c in [pair.study("alice").next_card()] if c] == [keys[1]]
    session.unsuspend(keys[0])
    assert pair.study("alice").counts().new == 2


def test_undo_refuses_when_another_terminal_changed_the_card(pair: Services) -> None:
    keys = add_notes(pair, 1)
    mine, theirs = pair.study("alice"), pair.study("alice")
    mine.answer(keys[0], Rating.GOOD)
    theirs.answer(keys[0], Rating.GOOD)
    with pytest.raises(TandemError, match="changed since"):
        mine.undo()


def test_answer_time_is_after_the_last_review(pair: Services) -> None:
    keys = add_notes(pair, 1)
    session = pair.study("alice")
    session.answer(keys[0], Rating.AGAIN)
    session.answer(keys[0], Rating.AGAIN)  # same frozen instant
    first, second = pair.ctx.reviews.for_card("alice", keys[0])
    assert second.at > first.at


def test_previews_match_the_answer(pair: Services) -> None:
    keys = add_notes(pair, 1)
    session = pair.study("alice")
    session.answer(keys[0], Rating.EASY)
    previews = session.previews(keys[0])
    answered = session.answer(keys[0], Rating.GOOD)
    assert answered.memory.last_review == answered.at
    assert answered.due - answered.at == previews[Rating.GOOD]
    assert answered.memory.state is FsrsState.REVIEW
    assert answered.rating is Rating.GOOD
    assert answered.card == keys[0]
    assert [r.id for r in pair.ctx.reviews.for_card("alice", keys[0])][-1] == answered.review_id


def test_invalid_settings_are_refused_before_saving(pair: Services) -> None:
    from tandem.models import ExitCode, InvalidFieldsError

    changes = {"new_per_day": -5, "timezone": "Mars/Base"}
    bad = pair.people.settings("alice").updated(changes)
    with pytest.raises(InvalidFieldsError) as refused:
        pair.people.update_settings("alice", bad)
    assert refused.value.fields == {
        "new_per_day": "must be at least 0",
        "timezone": "unknown time zone 'Mars/Base'",
    }
    assert refused.value.exit_code is ExitCode.DATA
    assert "pydantic" not in refused.value.message
    assert refused.value.message == "invalid settings for alice (new_per_day, timezone)"
    assert "new_per_day: must be at least 0" in refused.value.details
    assert pair.people.settings("alice").new_per_day == 20


def test_one_sitting_across_the_day_boundary_gets_new_cards_again(
    pair: Services, clock: FrozenClock
) -> None:
    add_notes(pair, 30)
    pair.people.update_settings("alice", PersonSettings(new_per_day=3))
    session = pair.study("alice")
    for _ in range(3):
        card = session.next_card()
        assert card is not None
        session.answer(card.key, Rating.EASY)
    assert session.next_card() is None
    assert session.counts().new == 0
    clock.advance(hours=18, minutes=1)  # 04:01 the next day, same sitting
    assert session.counts().new == 3
    assert session.next_card() is not None


def test_another_terminals_answers_count_towards_the_limit(pair: Services, tmp_path: Path) -> None:

    add_notes(pair, 30)
    pair.people.update_settings("alice", PersonSettings(new_per_day=4))
    mine = pair.study("alice")
    assert mine.counts().new == 4
    other = pair.open_another()
    theirs = other.study("alice")
    for _ in range(3):
        card = theirs.next_card()
        assert card is not None
        theirs.answer(card.key, Rating.EASY)
    assert mine.counts().new == 1
    other.close()


def test_settings_saved_by_another_terminal_are_read_again_on_reload(pair: Services) -> None:

    assert pair.people.settings("alice").new_per_day == 20
    other = pair.open_another()
    other.people.update_settings("alice", PersonSettings(new_per_day=7))
    other.close()
    assert pair.people.settings("alice").new_per_day == 20  # kept until asked again
    assert pair.people.reload("alice").new_per_day == 7
    assert pair.people.settings("alice").new_per_day == 7


@pytest.mark.parametrize(
    ("parameters", "problem"),
    [((1.0,), "Expected 21 parameters, got 1."), ((-5.0,) * 21, "out of bounds")],
)
def test_fsrs_parameters_are_checked_before_saving(
    pair: Services, parameters: tuple[float, ...], problem: str
) -> None:
    from tandem.models import InvalidFieldsError

    bad = pair.people.settings("alice").updated({"parameters": parameters})
    with pytest.raises(InvalidFieldsError) as refused:
        pair.people.update_settings("alice", bad)
    assert problem in refused.value.fields["parameters"]
    assert pair.people.settings("alice").parameters is None


def test_settings_changed_in_another_terminal_apply_to_a_running_sitting(pair: Services) -> None:
    from tandem.services.maintenance.replay import Replayer

    keys = add_notes(pair, 30)
    session = pair.study("alice")
    first = session.next_card()
    assert first is not None
    session.answer(first.key, Rating.GOOD)
    other = pair.open_another()
    changed = PersonSettings(new_per_day=3, desired_retention=0.8, learning_steps_minutes=(5,))
    other.people.update_settings("alice", changed)  # e.g. tandem optimize in another terminal
    other.close()
    shown = []
    while (card := session.next_card()) is not None and card.state.reps == 0:
        shown.append(card.key)
        session.answer(card.key, Rating.GOOD)
    assert shown == keys[1:3]  # the new daily limit: 3 new cards, one already done
    assert Replayer(pair.ctx).run("alice", fix=False) == []  # answered with the new settings


def test_an_answer_follows_settings_changed_while_its_card_was_shown(
    pair: Services, clock: FrozenClock
) -> None:
    from tandem.services.maintenance.replay import Replayer

    add_notes(pair, 5)
    session = pair.study("alice")
    card = session.next_card()
    assert card is not None
    other = pair.open_another()
    other.people.update_settings("alice", PersonSettings(learning_steps_minutes=(3, 30)))
    other.close()
    after = session.answer(card.key, Rating.GOOD)
    assert after.due - clock.now() == timedelta(minutes=30)  # the second of the new steps
    assert Replayer(pair.ctx).run("alice", fix=False) == []


def test_a_card_answered_in_another_terminal_is_not_graded_again(pair: Services) -> None:
    from tandem.models import ChangedElsewhereError

    add_notes(pair, 2)
    here, there = pair.study("alice"), pair.open_another().study("alice")
    shown_here, shown_there = here.next_card(), there.next_card()
    assert shown_here is not None
    assert shown_there is not None
    assert shown_here.key == shown_there.key
    there.answer(shown_there.key, Rating.EASY)
    with pytest.raises(ChangedElsewhereError, match="answered in another terminal"):
        here.answer(shown_here.key, Rating.AGAIN)
    assert [r.rating for r in pair.ctx.reviews.for_card("alice", shown_here.key)] == [Rating.EASY]
    following = here.next_card()
    assert following is not None
    assert following.key != shown_here.key
    here.answer(following.key, Rating.GOOD)  # the next card is answered as usual
    undone = here.undo()
    assert undone is not None
    again = here.card(undone.card)
    here.answer(again.key, Rating.HARD)  # shown again after undo: answerable
