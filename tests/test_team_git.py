"""A team's deck repository end to end, with real git: a bare repository made by
``tandem init``, two clones, two databases. Both people write cards in the same deck at once
(through the session screen's service and by editing the file), review, sync, commit, pull
and push in both orders. The merges are clean, every card has one id in both clones, both
databases hold the same cards, and no review sits on a retired card."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tandem.config import resolve_paths
from tandem.decks.parser import parse_deck
from tandem.models import Rating
from tandem.services import build_services
from tandem.services.authoring.writer import CardDraft

from .gitrepo import clone_with_driver, git, isolate_git, tandem

DECK = """+++
title = "Git"
tags = ["git"]  # what the team is learning this month
+++

What we covered in the first session.

Q: What does `git rebase --onto A B C` do?
A: Replays the commits of C that are not in B onto A.

Q: Where does `git reflog` keep its entries?
A: In `.git/logs`.
"""


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def team(tmp_path: Path) -> tuple[Path, Path]:
    """The lead makes the repository with ``tandem init`` and a deck committed without ids;
    alice and bob clone it, set the merge driver and add themselves to their databases."""
    remote = tmp_path / "team.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    lead = tmp_path / "lead"
    git(tmp_path, "clone", "-q", str(remote), str(lead))
    tandem(lead, "init", str(lead))
    (lead / "decks" / "git.md").write_text(DECK)
    git(lead, "add", "-A")
    git(lead, "commit", "-qm", "The team's first deck")
    git(lead, "push", "-q", "origin", "HEAD:main")
    clones = []
    for name in ("alice", "bob"):
        clone = clone_with_driver(remote, tmp_path / name)
        tandem(clone, "people", "add", name)
        clones.append(clone)
    return clones[0], clones[1]


def commit(clone: Path, message: str) -> None:
    """What the pre-commit hooks do (ids, then the check), then the commit."""
    tandem(clone, "fmt", "--ids")
    tandem(clone, "check", "--require-ids")
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", message)


def pull(clone: Path) -> None:
    git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")


def push(clone: Path) -> None:
    git(clone, "push", "-q", "origin", "HEAD:main")


GIVEN: dict[tuple[str, str], list[Rating]] = {}
"""Every answer the test gave: (person, card) -> ratings, in order."""


def review(clone: Path, person: str, rating: Rating) -> list[str]:
    """The person answers each card due for them once; returns the keys answered."""
    svc = build_services(resolve_paths(clone.parent / f"{clone.name}.db", clone / "decks"))
    try:
        session, answered = svc.study(person), []
        while (card := session.next_card()) is not None and card.key not in answered:
            session.answer(card.key, rating)
            answered.append(card.key)
            GIVEN.setdefault((person, card.key), []).append(rating)
        return answered
    finally:
        svc.close()


def write_in_session(clone: Path, person: str, question: str, answer: str) -> str:
    """A card written on the session screen: the service it calls appends it with its id."""
    svc = build_services(resolve_paths(clone.parent / f"{clone.name}.db", clone / "decks"))
    try:
        return svc.authoring.add_card("git.md", CardDraft("basic", question, answer), person)
    finally:
        svc.close()


def cards_in(clone: Path) -> dict[str, tuple[str, str, str | None]]:
    """The cards of the clone's deck file: id -> (question, answer, author)."""
    deck = parse_deck((clone / "decks" / "git.md").read_text(), "git.md")
    assert all(card.id for card in deck.cards)
    return {card.id or "": (card.question, card.answer, card.by) for card in deck.cards}


def database(clone: Path) -> tuple[dict[str, tuple[str, str, str | None]], set[str]]:
    """The live notes of the clone's database (id -> question, answer, author), and the
    cards its reviews are on that are retired or unknown."""
    with sqlite3.connect(clone.parent / f"{clone.name}.db") as conn:
        live = {
            row[0]: (row[1], row[2], row[3])
            for row in conn.execute(
                "SELECT id, question, answer, author FROM notes WHERE NOT retired"
            )
        }
        stranded = {
            row[0]
            for row in conn.execute(
                "SELECT r.card FROM reviews r LEFT JOIN cards c ON c.key = r.card "
                "LEFT JOIN notes n ON n.id = c.note_id WHERE n.id IS NULL OR n.retired"
            )
        }
    return live, stranded


def test_two_people_write_review_and_merge_without_losing_anything(tmp_path: Path) -> None:
    GIVEN.clear()
    alice, bob = team(tmp_path)

    # Both sync the commit the lead made without ids: nothing is written into git's files,
    # and the hooks' `fmt --ids` gives both clones the same ids, so the merge is trivial.
    for clone in (alice, bob):
        assert "tandem fmt --ids" in tandem(clone, "sync")
        assert git(clone, "status", "--porcelain") == ""
        commit(clone, "ids")
    assert cards_in(alice) == cards_in(bob)
    push(alice)
    pull(bob)
    push(bob)
    for clone, person in ((alice, "alice"), (bob, "bob")):
        tandem(clone, "sync")
        assert len(review(clone, person, Rating.GOOD)) == 2

    # Round 1, bob pushes first: alice writes a card on the session screen and edits an
    # answer by hand; bob adds a card by hand at the same place (the end of the deck).
    onto = next(k for k, (q, *_) in cards_in(alice).items() if "--onto" in q)
    by_alice = write_in_session(alice, "alice", "What does `git switch -c` do?", "Makes a branch.")
    deck = alice / "decks" / "git.md"
    deck.write_text(deck.read_text().replace("not in B onto A.", "not in B onto A, in order."))
    with (bob / "decks" / "git.md").open("a") as file:
        file.write("\nQ: What does `git bisect` find?\nA: The commit that broke it.\n")
    commit(alice, "alice: a card and an edit")
    commit(bob, "bob: a card")
    for clone, person in ((alice, "alice"), (bob, "bob")):
        tandem(clone, "sync")
        review(clone, person, Rating.EASY)  # each studies their new card before pushing
    push(bob)
    pull(alice)  # the merge driver merges card by card: clean
    push(alice)
    pull(bob)

    # Round 2, alice pushes first: both add a card at the end again.
    write_in_session(bob, "bob", "What does `git stash pop` do?", "Applies and drops a stash.")
    with deck.open("a") as file:
        file.write("\nQ: What does `git worktree add` make?\nA: A second work tree.\n")
    commit(alice, "alice: another card")
    commit(bob, "bob: another card")
    push(alice)
    pull(bob)
    push(bob)
    pull(alice)

    for clone in (alice, bob):
        assert git(clone, "status", "--porcelain") == ""
        assert "<<<<<<<" not in (clone / "decks" / "git.md").read_text()
        tandem(clone, "check", "--require-ids")
    assert (alice / "decks" / "git.md").read_bytes() == (bob / "decks" / "git.md").read_bytes()
    cards = cards_in(alice)
    questions = sorted(q for q, *_ in cards.values())
    assert questions == sorted(
        [
            "What does `git rebase --onto A B C` do?",
            "Where does `git reflog` keep its entries?",
            "What does `git switch -c` do?",
            "What does `git bisect` find?",
            "What does `git stash pop` do?",
            "What does `git worktree add` make?",
        ]
    )
    assert cards[onto][1] == "Replays the commits of C that are not in B onto A, in order."
    assert cards[by_alice][2] == "alice"
    assert "# what the team is learning this month" in (alice / "decks" / "git.md").read_text()

    for clone, person in ((alice, "alice"), (bob, "bob")):
        tandem(clone, "sync")
        live, stranded = database(clone)
        assert live == cards  # the same cards, with the same ids, in both databases
        assert stranded == set()  # every review is on a live card
        history = build_services(resolve_paths(clone.parent / f"{clone.name}.db"))
        try:  # every answer, on the card it was given to, through edits and merges
            for (who, key), ratings in GIVEN.items():
                if who == person:
                    assert [r.rating for r in history.cards.history(key)] == ratings
        finally:
            history.close()
    assert GIVEN[("alice", onto)][0] is Rating.GOOD  # given before the card was edited
