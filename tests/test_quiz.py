"""The tandem quiz: asker grades, only the answerer's state changes, roles swap, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.models import FrozenClock, Rating, TandemError
from tandem.services import Services, build_services
from tandem.services.quiz.results import QuizScope
from tandem.storage.db import Store

SESSION = """+++
title = "Session"
date = 2026-03-04
partners = ["alice", "bob"]
+++

Q: s1
A: a
<!-- id: sess0001 · by: bob -->

Q: s2
A: a
<!-- id: sess0002 · by: bob -->
"""

ALICE = "".join(f"Q: alice {n}\nA: a\n<!-- id: alic000{n} · by: alice -->\n\n" for n in range(3))
CAROL = "".join(f"Q: carol {n}\nA: a\n<!-- id: caro000{n} · by: carol -->\n\n" for n in range(3))


@pytest.fixture
def svc(tmp_path: Path, clock: FrozenClock) -> Services:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "session.md").write_text(SESSION)
    (decks / "alice.md").write_text(ALICE.rstrip("\n") + "\n")
    (decks / "carol.md").write_text(CAROL.rstrip("\n") + "\n")
    services = build_services(resolve_paths(decks=decks), db=Store(tmp_path / "q.db"), clock=clock)
    for name in ("alice", "bob", "carol"):
        services.people.add(name)
    services.sync.run()
    return services


def _play(quiz_svc: Services, quiz: object, rating: Rating = Rating.GOOD) -> list[str]:
    from tandem.services.quiz.live import Quiz

    assert isinstance(quiz, Quiz)
    asked = []
    while (card := quiz.next_card()) is not None:
        asked.append(card.key)
        quiz.grade(rating)
    return asked


def test_default_scope_is_asker_cards_and_shared_sessions(svc: Services) -> None:
    quiz = svc.quiz("alice", "bob", swap_every=100)
    asked = _play(svc, quiz)
    assert sorted(set(asked)) == ["alic0000", "alic0001", "alic0002", "sess0001", "sess0002"]


def test_all_scope_is_the_whole_queue(svc: Services) -> None:
    quiz = svc.quiz("alice", "bob", swap_every=100, scope=QuizScope.ALL)
    assert len(set(_play(svc, quiz))) == 8


def test_only_the_answerer_changes_and_the_asker_is_the_grader(svc: Services) -> None:
    before = svc.ctx.states.for_person("alice")
    quiz = svc.quiz("alice", "bob", swap_every=100)
    card = quiz.next_card()
    assert card is not None
    quiz.grade(Rating.GOOD)
    assert svc.ctx.states.for_person("alice") == before
    [review] = svc.ctx.reviews.for_card("bob", card.key)
    assert (review.person, review.grader, review.rating) == ("bob", "alice", Rating.GOOD)


def test_roles_swap_after_n_cards_and_use_the_new_answerers_queue(svc: Services) -> None:
    quiz = svc.quiz("alice", "bob", swap_every=2)
    for _ in range(2):
        assert quiz.next_card() is not None
        swapped = quiz.grade(Rating.GOOD)
    assert swapped
    assert (quiz.asker, quiz.answerer) == ("bob", "alice")
    card = quiz.next_card()
    assert card is not None
    assert card.key.startswith("sess")  # bob asks: his session cards, none of alice's own
    quiz.grade(Rating.AGAIN)
    assert svc.ctx.reviews.for_card("alice", card.key)[0].grader == "bob"


def test_swap_now_and_second_try(svc: Services) -> None:
    quiz = svc.quiz("alice", "bob")
    quiz.swap()
    assert quiz.answerer == "alice"
    quiz.next_card()
    quiz.second_try()
    quiz.grade(Rating.HARD)
    assert quiz.results.graded[-1].tries == 2
    with pytest.raises(TandemError):
        quiz.grade(Rating.GOOD)


def test_undo_takes_back_the_grade_and_the_swap(svc: Services) -> None:
    quiz = svc.quiz("alice", "bob", swap_every=1)
    card = quiz.next_card()
    assert card is not None
    assert quiz.grade(Rating.GOOD)
    assert quiz.answerer == "alice"
    undone = quiz.undo()
    assert undone is not None
    assert undone.card == card.key
    assert quiz.answerer == "bob"
    assert quiz.current is not None
    assert quiz.current.key == card.key
    assert svc.ctx.reviews.count("bob") == 0


def test_results_compare_both_partners(svc: Services) -> None:
    quiz = svc.quiz("alice", "bob", swap_every=100)
    for _ in range(2):  # bob answers, then alice; both miss s1 once
        missed = False
        while (card := quiz.next_card()) is not None:
            miss = card.key == "sess0001" and not missed
            missed |= miss
            quiz.grade(Rating.AGAIN if miss else Rating.GOOD)
        quiz.swap()
    results = quiz.results
    assert [g.card for g in results.missed("bob")] == ["sess0001"]
    assert len(results.right("bob")) == 4
    assert len(results.right("alice")) == 1
    assert results.both_missed("bob", "alice") == ["s1"]


def test_quiz_needs_two_people(svc: Services) -> None:
    with pytest.raises(TandemError, match="two different"):
        svc.quiz("alice", "alice")
