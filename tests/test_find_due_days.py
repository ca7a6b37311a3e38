"""``prop:due``: cards due a number of the person's study days from today, as in Anki."""

from __future__ import annotations

import pytest

from tandem.models import BadInputError, FrozenClock, Rating
from tandem.services import Services

from .conftest import add_notes


@pytest.fixture
def dated(svc: Services, clock: FrozenClock) -> Services:
    """alice's cards: n0000 due yesterday, n0001 today, n0002 in 3 days, n0003 in 10, n0004
    new; bob has no due dates."""
    svc.people.add("alice")
    svc.people.add("bob")
    add_notes(svc, 5)
    for key, days in (("n0000", 0), ("n0001", 1), ("n0002", 4), ("n0003", 11)):
        svc.cards.set_due("alice", [key], svc.cards.due_on("alice", days=days))
    clock.advance(days=1)  # n0000 is now a day late
    return svc


def _keys(svc: Services, query: str, person: str = "alice") -> list[str]:
    return [found.card.key for found in svc.cards.find(query, person=person)]


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("prop:due<0", ["n0000"]),
        ("prop:due=-1", ["n0000"]),
        ("prop:due=0", ["n0001"]),
        ("prop:due<=0", ["n0000", "n0001"]),
        ("prop:due<3", ["n0000", "n0001"]),
        ("prop:due<=3", ["n0000", "n0001", "n0002"]),
        ("prop:due=3", ["n0002"]),
        ("prop:due!=3", ["n0000", "n0001", "n0003"]),
        ("prop:due>3", ["n0003"]),
        ("prop:due>=3", ["n0002", "n0003"]),
        ("prop:due>=0 prop:due<=3", ["n0001", "n0002"]),
        ("-prop:due<=3", ["n0003", "n0004"]),  # a new card has no due date: not due by then
        ("PROP:DUE<1 or card:n0004", ["n0000", "n0001", "n0004"]),
    ],
)
def test_prop_due_picks_cards_by_the_study_day_they_are_due(
    dated: Services, query: str, keys: list[str]
) -> None:
    assert _keys(dated, query) == keys


def test_prop_due_reads_the_persons_own_due_dates(dated: Services) -> None:
    every = ["n0000", "n0001", "n0002", "n0003", "n0004"]
    assert _keys(dated, "prop:due<=3", person="bob") == []  # every card new for bob
    assert _keys(dated, "-prop:due<=3", person="bob") == every


def test_prop_due_needs_a_person_and_a_known_form(dated: Services) -> None:
    with pytest.raises(BadInputError, match="need a person"):
        dated.cards.find("prop:due<3")
    for query in ("prop:ivl>3", "prop:due<x", "prop:due", "prop:due<<3", "prop:due<123456"):
        with pytest.raises(BadInputError, match=r"prop:due<N"):
            dated.cards.find(query, person="alice")


def test_a_focused_review_of_cards_due_within_days(dated: Services) -> None:
    session = dated.study("alice", search="prop:due<=3")
    shown = []
    while (card := session.next_card()) is not None:
        shown.append(card.key)
        session.answer(card.key, Rating.EASY)
    assert shown == ["n0000", "n0001"]  # due by today; n0002 is due in 3 days, not yet
    assert dated.cards.suspend("alice", "prop:due=3") == ["n0002"]
