"""Item 8 (sync side): a 10 MB deck of tiny cards, the shape that made ``sync`` run 20
minutes, peak at 4.8 GB and end in a traceback.

Figures are in benchmarks/hostile.py (``sync`` rows); these tests check what happens.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.decks.derived_ids import candidate_id, derive_ids
from tandem.models import BadInputError
from tandem.services import Services
from tests.hostile.conftest import folder


def _searched_from_zero(deck: str, cards: list[tuple[str, str, str]], taken: set[str]) -> list[str]:
    """The derivation as docs/deck-format.md states it: each card from attempt 0."""
    new = []
    for card in cards:
        attempt = 0
        while candidate_id(deck, *card, attempt) in taken:
            attempt += 1
        taken.add(candidate_id(deck, *card, attempt))
        new.append(candidate_id(deck, *card, attempt))
    return new


def test_twenty_thousand_identical_cards_get_ids() -> None:
    card = ("basic", "q", "a")  # the old search gave up at the 10,001st (a traceback)
    ids = derive_ids("big.md", [card] * 20_000, set())
    assert len(set(ids)) == 20_000
    assert ids[0] == candidate_id("big.md", *card, 0)
    assert ids[19_999] == candidate_id("big.md", *card, 19_999)


@given(
    picks=st.lists(st.integers(0, 2), max_size=12),
    blocked=st.sets(st.tuples(st.integers(0, 2), st.integers(0, 8)), max_size=8),
)
def test_resuming_a_text_gives_the_ids_of_a_search_from_zero(
    picks: list[int], blocked: set[tuple[int, int]]
) -> None:
    texts = [("basic", "q", "a"), ("cloze", "{{c1::x}}", ""), ("basic", "q", "b")]
    cards = [texts[n] for n in picks]
    taken = {candidate_id("d.md", *texts[n], attempt) for n, attempt in blocked}
    assert derive_ids("d.md", cards, set(taken)) == _searched_from_zero("d.md", cards, set(taken))


def test_a_deck_its_new_ids_would_push_over_the_limit_is_refused_before_deriving(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tandem.decks.check as check
    import tandem.decks.edit as edit

    monkeypatch.setattr(check, "MAX_BYTES", 20_000)
    derived: list[str] = []
    monkeypatch.setattr(edit, "IdDeriver", lambda deck, *_: derived.append(deck))
    svc.paths.decks.mkdir()
    (svc.paths.decks / "tiny.md").write_text("Q: q\nA: a\n\n" * 1_500)  # 16,500 bytes
    before = folder(svc.paths.decks)
    with pytest.raises(BadInputError) as refused:
        svc.sync.run()
    assert str(refused.value) == (
        "tiny.md: with the ids of its 1,500 new cards it would be over the limit of 20,000 "
        "bytes (at least 40,500); split it. Nothing was synced"
    )
    assert derived == []
    assert folder(svc.paths.decks) == before
    assert svc.ctx.cards.note_ids() == set()


_MIXED = (
    '+++\ntitle = "Mixed"\ntags = ["git"]\n+++\n\nNotes first.\n\n'
    "Q: el perro\nA: the dog\n<!-- id: perro001 · by: bob · reverse -->\n\n"
    "C: keeps {{c1::a log}} for {{c2::90 days}}.\n<!-- id: cloze001 -->\n\n"
    "Q: with fields\nA: yes\nF: Source: the book\n<!-- id: field001 · tags: a, b -->\n\n"
    "Q: new card\nA: no id yet\n"
)


def _synced(tmp: Path, streamed: int | None, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    import tandem.services.sync.reading as reading
    from tandem.config import resolve_paths
    from tandem.services import build_services

    if streamed is not None:
        monkeypatch.setattr(reading, "STREAMED_BYTES", streamed)
    (tmp / "decks").mkdir(parents=True)
    (tmp / "decks" / "mixed.md").write_text(_MIXED)
    svc = build_services(resolve_paths(tmp / "t.db", tmp / "decks"))
    try:
        report = svc.sync.run()
        assert report.added == 4
    finally:
        svc.close()
    conn = sqlite3.connect(tmp / "t.db")
    try:
        rows = [conn.execute(f"SELECT {cols} FROM {table} ORDER BY 1").fetchall()
                for table, cols in (("decks", "path, title, tags"),
                                    ("notes", "id, kind, question, answer, content_hash, position"),
                                    ("cards", "key, note_id, variant"))]  # fmt: skip
    finally:
        conn.close()
    return [rows, (tmp / "decks" / "mixed.md").read_text()]


def test_a_large_file_read_card_by_card_syncs_as_a_small_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _synced(tmp_path / "whole", None, monkeypatch)
    streamed = _synced(tmp_path / "streamed", 0, monkeypatch)  # every file is "large"
    assert streamed == whole
    assert "<!-- id: " in whole[1].split("Q: new card")[1]


def test_a_large_file_is_never_made_one_deck(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tandem.decks.check as check
    import tandem.services.sync.reading as reading

    monkeypatch.setattr(reading, "STREAMED_BYTES", 0)
    for whole in ("read_deck", "read_deck_spans"):
        monkeypatch.setattr(check, whole, lambda *_: pytest.fail("a whole deck was made"))
    svc.paths.decks.mkdir()
    (svc.paths.decks / "big.md").write_text(_MIXED)
    report = svc.sync.run()
    assert report.added == 4
    assert report.ids_assigned == 1
    (new_id,) = svc.ctx.cards.note_ids() - {"perro001", "cloze001", "field001"}
    assert (
        f"Q: new card\nA: no id yet\n<!-- id: {new_id} -->"
        in (svc.paths.decks / "big.md").read_text()
    )


def test_a_replay_of_some_cards_reads_their_log_a_few_cards_at_a_time(svc: Services) -> None:
    from datetime import UTC, datetime

    from tandem.models import FsrsState, Rating, Review
    from tests.conftest import add_notes

    keys = add_notes(svc, 5)
    svc.people.add("alice")
    with svc.ctx.store.write():
        for number, key in enumerate(keys * 3):
            at = datetime(2026, 1, 1 + number, tzinfo=UTC)
            review = Review(f"r{number}", key, "alice", Rating.GOOD, at, "alice")
            svc.ctx.reviews.add(review, FsrsState.NEW)
    whole = svc.ctx.reviews.history_of("alice", keys)
    batches = list(svc.ctx.reviews.history_batches_of("alice", keys, size=6))
    assert [len({entry[0] for entry in batch}) for batch in batches] == [2, 2, 1]
    assert [entry for batch in batches for entry in batch] == whole
    assert [entry[0] for entry in whole] == sorted(keys * 3)


def test_a_replay_batch_holds_a_bounded_number_of_entries(svc: Services) -> None:
    from datetime import UTC, datetime, timedelta

    from tandem.models import FsrsState, Rating, Review
    from tests.conftest import add_notes

    keys = sorted(add_notes(svc, 4))
    svc.people.add("alice")
    many = {keys[0]: 7, keys[1]: 2, keys[2]: 2, keys[3]: 3}  # entries of each card
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with svc.ctx.store.write():
        for key, count in many.items():
            for number in range(count):
                review = Review(f"{key}-{number}", key, "alice", Rating.GOOD,
                                start + timedelta(days=number), "alice")  # fmt: skip
                svc.ctx.reviews.add(review, FsrsState.NEW)
    batches = list(svc.ctx.reviews.history_batches_of("alice", [*keys, "nocard00"], size=4))
    # a card of more entries than a batch holds is a batch of its own; then whole cards up
    # to 4 entries (2 + 2), then the rest (3, and a card with no entry)
    assert [[entry[0] for entry in batch] for batch in batches] == [
        [keys[0]] * 7, [keys[1]] * 2 + [keys[2]] * 2, [keys[3]] * 3,
    ]  # fmt: skip
    assert [e for batch in batches for e in batch] == svc.ctx.reviews.history_of("alice", keys)
