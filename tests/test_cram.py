"""Cramming: chosen cards studied, due or not, without changing the schedule."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.cli.common import CliState
from tandem.models import FrozenClock, Rating, ReviewKind
from tandem.services import Services

from .conftest import add_notes


@pytest.fixture
def two_decks(svc: Services) -> Services:
    svc.people.add("alice")
    add_notes(svc, 3, deck="spanish.md", prefix="es")
    add_notes(svc, 2, deck="git.md", prefix="gt")
    return svc


def _state_rows(svc: Services) -> list[tuple[object, ...]]:
    return list(svc.ctx.store.conn.execute("SELECT * FROM card_state ORDER BY person, card"))


def _cram_all(svc: Services, search: str | None, rating: Rating = Rating.GOOD) -> list[str]:
    session = svc.cram("alice", search=search)
    shown = []
    while (card := session.next_card()) is not None:
        shown.append(card.key)
        session.answer(card.key, rating)
    return shown


def test_cramming_logs_cram_answers_and_leaves_every_state_as_it_was(
    two_decks: Services, clock: FrozenClock
) -> None:
    svc = two_decks
    study = svc.study("alice")
    for key in ("es0000", "es0001"):
        study.answer(key, Rating.GOOD)
    clock.advance(minutes=30)
    before = _state_rows(svc)

    assert _cram_all(svc, "deck:spanish") == ["es0000", "es0001", "es0002"]

    assert _state_rows(svc) == before  # due dates, states, reps: byte for byte
    log = svc.ctx.reviews.of_card("es0000")
    assert [(r.kind, r.rating) for r in log] == [
        (ReviewKind.REVIEW, Rating.GOOD),
        (ReviewKind.CRAM, Rating.GOOD),
    ]
    assert [r.kind for r in svc.ctx.reviews.of_card("es0002")] == [ReviewKind.CRAM]
    assert svc.doctor.check().ok  # a replay of the log gives the same states
    activity = svc.stats.for_person("alice").activity
    assert (activity.reviews, activity.cram) == (5, 3)


def test_cramming_shows_scheduled_cards_by_due_then_new_ones_and_skips_hidden(
    two_decks: Services, clock: FrozenClock
) -> None:
    svc = two_decks
    study = svc.study("alice")
    study.answer("gt0001", Rating.AGAIN)  # due in minutes
    study.answer("es0001", Rating.EASY)  # due in days
    svc.cards.suspend("alice", "card:es0002")
    assert _cram_all(svc, None) == ["gt0001", "es0001", "gt0000", "es0000"]  # new: by deck path


def test_again_brings_a_card_back_at_the_end_and_undo_takes_it_back(
    two_decks: Services,
) -> None:
    session = two_decks.cram("alice", search="deck:git")
    assert session.counts().total == 2
    first = session.next_card()
    assert first is not None
    assert first.key == "gt0000"
    assert session.previews(first.key) == {}  # nothing is scheduled
    session.answer(first.key, Rating.AGAIN)
    second = session.next_card()
    assert second is not None
    assert second.key == "gt0001"
    assert session.counts().total == 2  # gt0001, then gt0000 again
    undone = session.undo()
    assert undone is not None
    assert undone.card == "gt0000"
    assert two_decks.ctx.reviews.of_card("gt0000") == []
    again = session.next_card()
    assert again is not None
    assert again.key == "gt0000"
    assert (session.answered, session.again) == (0, 0)


def test_a_suspended_card_leaves_the_cram_list(two_decks: Services) -> None:
    session = two_decks.cram("alice", search="deck:git")
    session.suspend("gt0000")
    card = session.next_card()
    assert card is not None
    assert card.key == "gt0001"
    assert two_decks.ctx.states.get("alice", "gt0000").suspended  # type: ignore[union-attr]
    session.undo()
    assert not two_decks.ctx.states.get("alice", "gt0000").suspended  # type: ignore[union-attr]


def test_review_cram_refuses_a_bad_search_and_stats_say_cramming(
    two_decks: Services,
) -> None:
    runner = CliRunner()
    refused = runner.invoke(cli, ["review", "--as", "alice", "--cram", "--search", "is:sleepy"])
    assert refused.exit_code == 65
    assert "unknown 'is:sleepy'" in refused.output
    _cram_all(two_decks, "deck:git")
    on_svc = {"obj": CliState(services=two_decks)}  # "today" is the frozen clock's
    shown = runner.invoke(cli, ["stats", "--as", "alice", "--json"], **on_svc)
    assert shown.exit_code == 0, shown.output
    activity = json.loads(shown.output)["activity"]
    assert (activity["reviews"], activity["cram"]) == (2, 2)
    text = runner.invoke(cli, ["stats", "--as", "alice"], **on_svc).output
    assert "2 reviews" in text
    assert "2 of them cramming" in text


def test_a_day_of_cramming_keeps_the_streak_a_day_of_due_dates_and_forgets_does_not(
    two_decks: Services, clock: FrozenClock
) -> None:
    """As Anki's "days studied" counts every day with an answer, a filtered deck's included,
    and leaves out its manual rows (docs/stats.md, Streak)."""
    svc = two_decks
    svc.study("alice").answer("es0000", Rating.GOOD)  # day 1: a review
    clock.advance(days=1)
    assert _cram_all(svc, "deck:git") == ["gt0000", "gt0001"]  # day 2: cramming only
    streak = svc.stats.streak("alice")
    assert (streak.days, streak.studied_today) == (2, True)
    clock.advance(days=1)  # day 3: a due date set and a card forgotten, nothing answered
    svc.cards.set_due("alice", ["es0000"], svc.cards.due_on("alice", days=3))
    svc.cards.forget_cards("alice", ["es0000"])
    streak = svc.stats.streak("alice")
    assert (streak.days, streak.studied_today) == (2, False)  # still yesterday's, not today's
    svc.cram("alice", keys=["es0001"]).answer("es0001", Rating.AGAIN)
    assert (svc.stats.streak("alice").days, svc.stats.streak("alice").studied_today) == (3, True)
