"""Derived note ids: the same inputs give the same id on every machine, and ids stay valid."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from hypothesis import given
from hypothesis import strategies as st

from tandem.decks.derived_ids import candidate_id, deck_key, derive_ids
from tandem.decks.ids import is_valid_id
from tandem.models.ids import ID_ALPHABET

REBASE = ("basic", "What does `git rebase --onto A B C` do?", "Replays the commits of C.")


def test_the_rule_is_pinned_so_old_and_new_versions_agree() -> None:
    # Two clones on different tandem versions must still write the same line: these values
    # may never change (a new rule would need a new salt and a migration note).
    assert candidate_id("spanish.md", "cloze", "{{c1::el perro}} = the dog", "") == "rke69k1e"
    assert candidate_id("git/rebase.md", *REBASE) == "481ewk4j"
    assert candidate_id("git/rebase.md", *REBASE, attempt=1) == "hxh0z3v8"


def test_the_id_is_sha256_of_the_fields_in_crockford_base32() -> None:
    fields = "\0".join(["tandem-note-id/1", "a.md", "basic", "q", "a", "0"])
    number = int.from_bytes(hashlib.sha256(fields.encode()).digest()[:5])
    expected = "".join(ID_ALPHABET[number >> shift & 31] for shift in range(35, -1, -5))
    assert candidate_id("a.md", "basic", "q", "a") == expected


def test_every_field_takes_part() -> None:
    base = candidate_id("a.md", "basic", "q", "a")
    others = {
        candidate_id("b.md", "basic", "q", "a"),
        candidate_id("a.md", "cloze", "q", "a"),
        candidate_id("a.md", "basic", "q2", "a"),
        candidate_id("a.md", "basic", "q", "a2"),
        candidate_id("a.md", "basic", "q", "a", 1),
        # the question's end and the answer's start cannot trade characters
        candidate_id("a.md", "basic", "qa", ""),
    }
    assert base not in others
    assert len(others) == 6


def test_deck_key_is_posix_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "español/básico.md")
    assert deck_key(decomposed) == "español/básico.md"
    assert deck_key(PurePosixPath("git") / "rebase.md") == "git/rebase.md"
    assert deck_key(PureWindowsPath("git\\rebase.md")) == "git/rebase.md"
    assert deck_key("./a.md") == "a.md"


def test_identical_cards_take_ids_in_file_order() -> None:
    card = ("basic", "same", "text")
    taken: set[str] = set()
    first, second, third = derive_ids("d.md", [card, card, card], taken)
    assert [first, second, third] == [candidate_id("d.md", *card, attempt=n) for n in range(3)]
    assert taken == {first, second, third}


def test_a_taken_id_moves_the_card_to_the_next_attempt() -> None:
    card = ("basic", "q", "a")
    taken = {candidate_id("d.md", *card), candidate_id("d.md", *card, attempt=1)}
    assert derive_ids("d.md", [card], taken) == [candidate_id("d.md", *card, attempt=2)]


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@given(
    path=st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1), max_size=3
    ),
    cards=st.lists(st.tuples(st.sampled_from(["basic", "cloze"]), _TEXT, _TEXT), max_size=6),
    taken=st.sets(st.text(alphabet=ID_ALPHABET, min_size=8, max_size=8), max_size=5),
)
def test_derivation_is_deterministic_valid_and_skips_taken_ids(
    path: list[str], cards: list[tuple[str, str, str]], taken: set[str]
) -> None:
    deck = deck_key("/".join(path) + ".md")
    once = derive_ids(deck, cards, set(taken))
    again = derive_ids(deck, cards, set(taken))
    assert once == again
    assert all(is_valid_id(card_id) and len(card_id) == 8 for card_id in once)
    assert not set(once) & taken
    assert len(set(once)) == len(once)
