"""A focused sitting's scope: each way of checking it reads the cards the search finds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tandem.models import Queue, Rating
from tandem.models.card_query import parse_query
from tandem.services import Services
from tandem.storage.search_scope import _BY_DECKS, _BY_WORDS, SearchScope, SearchScopes

FAR = datetime.max.replace(tzinfo=UTC)
DECKS = {
    "mixed.md": """+++
title = "Mixed"
+++

Q: How does `git rebase --onto` work?
A: It replays commits onto another base.
<!-- id: rebase01 · tags: git, history -->

Q: el árbol
A: the tree
<!-- id: arbol001 · reverse -->

C: Window functions run {{c1::after}} `WHERE` and {{c2::before}} `ORDER BY`.
<!-- id: window01 · tags: sql, naïve -->
""",
    "lang/spanish.md": """+++
title = "Español"
tags = ["lang", "café"]
+++

Q: la llave
A: the key
<!-- id: llave001 · tags: 50%_off -->

Q: el perro
A: the dog
<!-- id: perro001 · reverse · tags: Naïve -->

Q: la mesa
A: the table
<!-- id: mesa0001 -->
""",
}
QUERIES = [
    "deck:lang",
    "deck:lang/spanish.md",
    "deck:esp*",
    "deck:mixed is:review",
    "deck:mixed -is:new",
    "-deck:mixed",
    "tag:café",
    "tag:caf*",
    "tag:CAF*",
    "tag:na*ve",
    "tag:*ve",
    "tag:naïve",
    "tag:50%_off",
    "tag:50*",
    "tag:lang -tag:naive",
    "tag:git or is:learn",
    "árbol",
    "tree deck:mixed",
    '"the key"',
    "window or perro",
    "zzz",
    "is:due",
    "is:new",
    "-is:new",
    "is:suspended",
    "is:review or is:learn",
    "by:alice",
    "kind:reverse",
    "card:llave*",
]


@pytest.fixture
def studied(svc: Services) -> Services:
    """Two deck files, and alice with cards in each queue (one suspended)."""
    for name, text in DECKS.items():
        path = svc.paths.decks / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    svc.people.add("alice")
    svc.sync.run()
    session = svc.study("alice")
    for rating in (Rating.EASY, Rating.AGAIN, Rating.GOOD, Rating.EASY):
        card = session.next_card()
        assert card is not None
        session.answer(card.key, rating)
    svc.cards.suspend("alice", "card:mesa0001")
    return svc


def _read(svc: Services, scope: SearchScope | None) -> dict[Queue, list[str]]:
    """Each queue's cards in its order, as a sitting reads them."""
    return {
        queue: [found.card for found in svc.ctx.queue.first("alice", queue, FAR, 100, scope)]
        for queue in (Queue.LEARN, Queue.REVIEW, Queue.NEW)
    }


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("walk", [None, _BY_DECKS, _BY_WORDS], ids=["each", "decks", "words"])
def test_each_way_of_checking_a_scope_reads_and_counts_the_cards_the_search_finds(
    studied: Services, query: str, walk: str | None
) -> None:
    found = {card.card.key for card in studied.cards.find(query, person="alice", limit=100)}
    every = _read(studied, None)
    due_before = studied.cards.scope("alice", query).due_before
    scope = SearchScope(parse_query(query), "alice", due_before, walk)
    expected = {queue: [key for key in keys if key in found] for queue, keys in every.items()}
    assert _read(studied, scope) == expected
    for queue, keys in expected.items():
        assert studied.ctx.states.count_in_queue("alice", queue, FAR, -1, scope) == len(keys)


def test_the_queues_hold_cards_of_each_kind_from_both_files(studied: Services) -> None:
    assert _read(studied, None) == {  # siblings buried (arbol001:r, window01:c2); one suspended
        Queue.LEARN: ["arbol001", "window01:c1"],
        Queue.REVIEW: ["rebase01", "llave001"],
        Queue.NEW: ["perro001", "perro001:r"],
    }


def test_a_scope_is_checked_from_its_few_decks_or_words_else_row_by_row(
    studied: Services,
) -> None:
    scopes = studied.ctx.store.repo(SearchScopes)

    def walk(query: str) -> str | None:
        return scopes.scope(parse_query(query), "alice", FAR).walk

    assert walk("deck:lang tag:lang") == _BY_DECKS
    assert walk("árbol -deck:lang") == _BY_WORDS
    assert walk("tag:lang") is None
    assert walk("deck:lang or árbol") is None
    condition, values = scopes.scope(parse_query("is:due -is:leech"), "alice", FAR).condition()
    assert "SELECT" not in condition  # the person's states alone: no subquery


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("tag:caf*", ["llave001", "perro001", "perro001:r", "mesa0001"]),  # the deck's café
        ("tag:CAFÉ", []),  # case folds for ASCII letters only, as SQLite's LIKE does
        ("tag:na*ve", ["perro001", "perro001:r", "window01:c1", "window01:c2"]),
        ("tag:naïve", ["perro001", "perro001:r", "window01:c1", "window01:c2"]),
        ("tag:*ve", ["perro001", "perro001:r", "window01:c1", "window01:c2"]),
        ("tag:50%_off", ["llave001"]),
        ("tag:50*", ["llave001"]),
        ("tag:50", []),
        ("tag:hist*", ["rebase01"]),
        ("tag:istor*", []),  # a tag matches whole: no tag begins with it
    ],
)
def test_tags_stored_escaped_in_json_are_found_by_plain_and_accented_values(
    studied: Services, query: str, keys: list[str]
) -> None:
    found = [card.card.key for card in studied.cards.find(query)]
    assert found == keys
    sitting = studied.study("alice", search=query)
    shown = sitting.next_card()
    assert shown is None or shown.key in keys
