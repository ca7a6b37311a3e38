"""The card-by-card merge of deck files: cards, notes, front matter, cards without ids."""

from __future__ import annotations

import pytest

from tandem.decks.merge import merge_decks
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError

BASE = """\
+++
title = "Git"
tags = ["git"]
+++

What we covered.

Q: one
A: 1
<!-- id: aaaa1111 · by: alice -->

Q: two
A: 2
<!-- id: bbbb2222 · by: bob -->
"""

ONE = "Q: one\nA: 1\n<!-- id: aaaa1111 · by: alice -->"
TWO = "Q: two\nA: 2\n<!-- id: bbbb2222 · by: bob -->"
THREE = "Q: three\nA: 3\n<!-- id: cccc3333 · by: alice -->"
FOUR = "Q: four\nA: 4\n<!-- id: dddd4444 · by: bob -->"
FRONT = '+++\ntitle = "Git"\ntags = ["git"]\n+++'


def deck(*blocks: str, front: str = FRONT) -> str:
    return "\n\n".join([front, *blocks]) + "\n"


def test_cards_added_on_both_sides_are_all_kept_ours_first() -> None:
    ours = deck("What we covered.", ONE, TWO, THREE)
    theirs = deck("What we covered.", ONE, TWO, FOUR)
    merged = merge_decks(BASE, ours, theirs)
    assert merged.conflicts == []
    assert merged.text == deck("What we covered.", ONE, TWO, THREE, FOUR)


def test_theirs_new_card_goes_after_the_card_before_it_in_theirs() -> None:
    ours = deck("What we covered.", ONE, TWO, THREE)
    theirs = deck("What we covered.", ONE, FOUR, TWO)
    merged = merge_decks(BASE, ours, theirs)
    assert merged.text == deck("What we covered.", ONE, FOUR, TWO, THREE)


def test_a_card_edited_on_one_side_takes_the_edit() -> None:
    edited = ONE.replace("A: 1", "A: 1, and more\n  a second paragraph")
    ours = deck("What we covered.", ONE, TWO, THREE)
    theirs = deck("What we covered.", edited, TWO)
    merged = merge_decks(BASE, ours, theirs)
    assert merged.conflicts == []
    assert merged.text == deck("What we covered.", edited, TWO, THREE)


def test_a_card_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    merged = merge_decks(BASE, deck("What we covered.", TWO), BASE)
    assert merged.text == deck("What we covered.", TWO)


def test_a_card_edited_differently_on_both_sides_gets_markers_around_just_that_card() -> None:
    ours = deck("What we covered.", ONE.replace("A: 1", "A: one"), TWO, THREE)
    theirs = deck("What we covered.", ONE.replace("A: 1", "A: uno"), TWO)
    merged = merge_decks(BASE, ours, theirs)
    assert merged.text == deck(
        "What we covered.",
        "<<<<<<< ours\n"
        + ONE.replace("A: 1", "A: one")
        + "\n=======\n"
        + ONE.replace("A: 1", "A: uno")
        + "\n>>>>>>> theirs",
        TWO,
        THREE,
    )
    assert [(c.line, c.what) for c in merged.conflicts] == [(8, "card aaaa1111")]
    assert merged.text.split("\n")[7] == "<<<<<<< ours"
    with pytest.raises(DeckError, match="duplicate id 'aaaa1111'"):
        parse_deck(merged.text)  # tandem check refuses the file until it is resolved


def test_delete_against_edit_is_a_conflict_that_keeps_the_edit_in_view() -> None:
    edited = TWO.replace("A: 2", "A: two, better")
    merged = merge_decks(BASE, deck("What we covered.", ONE), deck("What we covered.", ONE, edited))
    assert merged.text == deck(
        "What we covered.", ONE, "<<<<<<< ours\n=======\n" + edited + "\n>>>>>>> theirs"
    )
    assert [c.what for c in merged.conflicts] == ["card bbbb2222"]


def test_labels_are_written_after_the_markers() -> None:
    ours = deck("What we covered.", ONE.replace("A: 1", "A: one"), TWO)
    theirs = deck("What we covered.", ONE.replace("A: 1", "A: uno"), TWO)
    merged = merge_decks(BASE, ours, theirs, labels=("HEAD", "feature"))
    assert "<<<<<<< HEAD\n" in merged.text
    assert "\n>>>>>>> feature\n" in merged.text


def test_notes_changed_on_one_side_are_taken_and_on_both_get_markers() -> None:
    ours = deck("What we covered: rebase.", ONE, TWO)
    merged = merge_decks(BASE, ours, deck("What we covered.", ONE, "Open question.", TWO))
    assert merged.text == deck("What we covered: rebase.", ONE, "Open question.", TWO)
    clash = merge_decks(BASE, ours, deck("What we covered: merge.", ONE, TWO))
    assert clash.text == deck(
        "<<<<<<< ours\nWhat we covered: rebase.\n=======\nWhat we covered: merge.\n>>>>>>> theirs",
        ONE,
        TWO,
    )
    assert [c.what for c in clash.conflicts] == ["notes before the first card"]


def test_notes_of_a_deleted_card_join_the_notes_before_it() -> None:
    base = deck(ONE, "after one", TWO, "after two")
    ours = deck(ONE, "after one\n\nafter two")  # ours deleted card two: the notes joined
    merged = merge_decks(base, ours, base)
    assert merged.text == deck(ONE, "after one\n\nafter two")


def test_front_matter_keys_merge_one_by_one() -> None:
    ours = deck(
        "What we covered.", ONE, TWO, front='+++\ntitle = "Git basics"\ntags = ["git"]\n+++'
    )
    theirs = deck(
        "What we covered.",
        ONE,
        TWO,
        front='+++\ntitle = "Git"\ndate = 2026-03-04\ntags = ["git", "vcs"]\n+++',
    )
    merged = merge_decks(BASE, ours, theirs)
    front = '+++\ntitle = "Git basics"\ndate = 2026-03-04\ntags = ["git", "vcs"]\n+++'
    assert merged.text == deck("What we covered.", ONE, TWO, front=front)


def test_a_front_matter_key_changed_on_both_sides_gets_markers_around_its_lines() -> None:
    ours = deck(
        "What we covered.", ONE, TWO, front='+++\ntitle = "Git basics"\ntags = ["git"]\n+++'
    )
    theirs = deck("What we covered.", ONE, TWO, front='+++\ntitle = "Git 101"\ntags = ["vcs"]\n+++')
    merged = merge_decks(BASE, ours, theirs)
    front = (
        '+++\n<<<<<<< ours\ntitle = "Git basics"\n=======\ntitle = "Git 101"\n>>>>>>> theirs\n'
        'tags = ["vcs"]\n+++'
    )
    assert merged.text == deck("What we covered.", ONE, TWO, front=front)
    assert [(c.line, c.what) for c in merged.conflicts] == [(2, "front matter key 'title'")]


def test_front_matter_comments_travel_with_their_key_in_a_conflict() -> None:
    base = deck(ONE, front='+++\n# the deck\'s name\ntitle = "Git"\n+++')
    ours = deck(ONE, front='+++\n# the deck\'s name\ntitle = "A"\n+++')
    theirs = deck(ONE, front='+++\n# what it is called\ntitle = "B"\n+++')
    merged = merge_decks(base, ours, theirs)
    assert merged.text.startswith(
        '+++\n<<<<<<< ours\n# the deck\'s name\ntitle = "A"\n=======\n'
        '# what it is called\ntitle = "B"\n>>>>>>> theirs\n+++\n'
    )


def test_cards_without_ids_are_matched_by_their_text() -> None:
    plain = "Q: hand written\nA: no id yet"
    base = deck(plain, ONE, front="")
    ours = deck(plain.replace("no id yet", "edited by ours"), ONE, front="")
    theirs = deck(plain, ONE, "Q: new\nA: card", front="")
    merged = merge_decks(base.lstrip("\n"), ours.lstrip("\n"), theirs.lstrip("\n"))
    assert merged.conflicts == []
    assert (
        merged.text
        == "\n\n".join(["Q: hand written\nA: edited by ours", ONE, "Q: new\nA: card"]) + "\n"
    )


def test_a_card_given_an_id_on_one_side_merges_with_the_card_left_alone() -> None:
    plain = "Q: hand written\nA: no id yet"
    base = plain + "\n\n" + ONE + "\n"
    ours = plain + "\n<!-- id: k7q2m9x4 -->\n\n" + ONE + "\n"
    theirs = plain + "\n\n" + ONE + "\n\n" + TWO + "\n"
    merged = merge_decks(base, ours, theirs)
    assert merged.text == plain + "\n<!-- id: k7q2m9x4 -->\n\n" + ONE + "\n\n" + TWO + "\n"


def test_a_card_given_two_different_ids_is_a_conflict() -> None:
    plain = "Q: hand written\nA: no id yet"
    merged = merge_decks(
        plain + "\n", plain + "\n<!-- id: wsrysr80 -->\n", plain + "\n<!-- id: vkwem85h -->\n"
    )
    assert merged.text == (
        f"<<<<<<< ours\n{plain}\n<!-- id: wsrysr80 -->\n=======\n"
        f"{plain}\n<!-- id: vkwem85h -->\n>>>>>>> theirs\n"
    )


def test_the_clean_result_is_formatted_as_tandem_fmt_writes_it() -> None:
    messy = "\ufeff" + BASE.replace("Q: two", "Q:two").replace("\n", "\r\n") + "\r\n\r\n"
    merged = merge_decks(BASE, messy, BASE)
    assert merged.text == BASE


def test_an_invalid_version_is_refused_so_the_caller_merges_as_text() -> None:
    with pytest.raises(DeckError, match=r"ours\.md:8: Q: without A:"):
        merge_decks(BASE, BASE.replace("A: 1\n", ""), BASE, path="ours.md")


def test_one_new_id_on_two_different_new_cards_is_a_conflict() -> None:
    ours = deck("What we covered.", ONE, TWO, THREE)
    theirs = deck("What we covered.", ONE, TWO, THREE.replace("Q: three", "Q: drei"))
    merged = merge_decks(BASE, ours, theirs)
    assert [c.what for c in merged.conflicts] == ["card cccc3333"]


def test_a_card_put_in_before_the_notes_on_both_sides_does_not_copy_the_notes() -> None:
    base = deck(ONE, "notes after one", TWO, front="").lstrip("\n")
    ours = deck(ONE, THREE, "notes after one", TWO, front="").lstrip("\n")
    theirs = deck(ONE, FOUR, "notes after one", TWO, front="").lstrip("\n")
    merged = merge_decks(base, ours, theirs)
    assert merged.text == deck(ONE, THREE, FOUR, "notes after one", TWO, front="").lstrip("\n")
