"""One quiz, two terminals: the quiz lives in the database and both sides follow it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, NotFoundError, Rating, TandemError
from tandem.services import Services, build_services
from tandem.storage.db import Store

DECK = "".join(
    f"Q: question {n}\nA: answer {n}\n<!-- id: card{n:04d} · by: {('bob', 'alice')[n % 2]} -->\n\n"
    for n in range(30)
)


@pytest.fixture
def terminals(tmp_path: Path, clock: FrozenClock) -> tuple[Services, Services]:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "shared.md").write_text(
        '+++\ntitle = "Shared"\ndate = 2026-03-01\npartners = ["alice", "bob"]\n+++\n\n'
        + DECK.rstrip("\n")
        + "\n"
    )
    first = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "q.db"), clock=clock)
    for name in ("alice", "bob", "carol"):
        first.people.add(name)
    for name in ("alice", "bob"):
        settings = first.people.settings(name).updated({"new_per_day": 100})
        first.people.update_settings(name, settings)
    first.sync.run()
    second = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "q.db"), clock=clock)
    return first, second


def test_second_terminal_follows_the_asker(terminals: tuple[Services, Services]) -> None:
    one, two = terminals
    asker = one.quiz("alice", "bob", swap_every=3)
    answerer = two.join_quiz("bob")
    assert answerer.id == asker.id
    assert asker.connected("bob")
    card = asker.next_card()
    assert card is not None
    assert answerer.refresh()
    assert answerer.current is not None
    assert answerer.current.key == card.key
    assert not answerer.revealed
    asker.reveal()
    assert answerer.refresh()
    assert answerer.revealed
    asker.second_try()
    answerer.refresh()
    assert (answerer.tries, answerer.revealed) == (2, False)
    asker.grade(Rating.HARD)
    answerer.refresh()
    assert answerer.results.graded[-1].rating is Rating.HARD
    assert answerer.results.graded[-1].tries == 2
    assert not answerer.refresh()  # nothing new


def test_roles_swap_on_both_screens_and_the_new_asker_drives(
    terminals: tuple[Services, Services],
) -> None:
    one, two = terminals
    alice_side = one.quiz("alice", "bob", swap_every=2)
    bob_side = two.join_quiz("bob")
    for _ in range(2):
        alice_side.next_card()
        alice_side.grade(Rating.GOOD)
    bob_side.refresh()
    assert (bob_side.asker, bob_side.answerer) == ("bob", "alice")
    card = bob_side.next_card()  # bob now asks, from his terminal
    assert card is not None
    bob_side.grade(Rating.AGAIN)
    [review] = one.ctx.reviews.for_card("alice", card.key)
    assert (review.person, review.grader) == ("alice", "bob")
    alice_side.refresh()
    assert len(alice_side.results.graded) == 3


def test_a_twenty_card_quiz_records_twenty_reviews(terminals: tuple[Services, Services]) -> None:
    one, two = terminals
    sides = {"alice": one.quiz("alice", "bob", swap_every=5), "bob": two.join_quiz("bob")}
    for number in range(20):
        driver = sides[sides["alice"].asker]
        driver.refresh()
        assert driver.next_card() is not None
        driver.reveal()
        if number == 3:
            driver.second_try()
        driver.grade(Rating.GOOD if number % 4 else Rating.AGAIN)
        for side in sides.values():
            side.refresh()
    reviews = one.ctx.store.conn.execute("SELECT person, grader FROM reviews").fetchall()
    assert len(reviews) == 20
    assert all(person != grader for person, grader in reviews)
    assert sorted({(p, g) for p, g in reviews}) == [("alice", "bob"), ("bob", "alice")]
    assert len(sides["bob"].results.graded) == 20
    assert one.doctor.check().ok


def test_ending_on_one_side_ends_it_for_both(terminals: tuple[Services, Services]) -> None:
    one, two = terminals
    asker = one.quiz("alice", "bob")
    answerer = two.join_quiz("bob")
    answerer.end()
    asker.refresh()
    assert asker.ended
    with pytest.raises(TandemError, match="ended"):
        asker.next_card()
    with pytest.raises(NotFoundError):
        two.join_quiz("bob")


def test_a_rejoining_terminal_picks_up_where_the_quiz_is(
    terminals: tuple[Services, Services],
) -> None:
    one, two = terminals
    asker = one.quiz("alice", "bob")
    card = asker.next_card()
    asker.reveal()
    again = two.join_quiz("bob")
    assert again.current is not None
    assert card is not None
    assert (again.current.key, again.revealed) == (card.key, True)


def test_presence_times_out_and_an_abandoned_quiz_can_be_resumed(
    terminals: tuple[Services, Services], clock: FrozenClock
) -> None:
    one, two = terminals
    asker = one.quiz("alice", "bob")
    asker.next_card()
    clock.advance(seconds=30)
    assert not asker.connected("alice")  # alice's terminal died
    [open_quiz] = two.open_quizzes()
    assert open_quiz.id == asker.id
    open_quiz.check_in("alice")
    assert open_quiz.current is not None
    open_quiz.grade(Rating.EASY)
    assert two.ctx.reviews.count("bob") == 1


def test_only_partners_can_join(terminals: tuple[Services, Services]) -> None:
    one, two = terminals
    one.quiz("alice", "bob")
    with pytest.raises(NotFoundError, match="no open quiz with carol"):
        two.join_quiz("carol")
