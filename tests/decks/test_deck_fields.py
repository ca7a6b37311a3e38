"""Extra note fields in deck files: ``F: Name: text`` lines after a card's answer."""

from __future__ import annotations

import pytest

from tandem.decks.model import DeckCard
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError
from tandem.decks.writer import format_text, render_card, write_deck

DECK = """Q: der Hund
A: the dog
F: Example: Der Hund bellt.
F: Notes:
  A masculine noun.

  Plural: die Hunde.
<!-- id: abcd1234 · tags: de -->

C: Berlin is the {{c1::capital}} of Germany.
A: Since 1990.
F: Source: atlas

Q: plain
A: card
"""


def test_fields_are_read_in_file_order_with_names_and_texts() -> None:
    dog, berlin, plain = parse_deck(DECK).cards
    assert dog.answer == "the dog"
    assert dog.fields == (
        ("Example", "Der Hund bellt."),
        ("Notes", "\n  A masculine noun.\n\n  Plural: die Hunde."),
    )
    assert dog.id == "abcd1234"
    assert berlin.answer == "Since 1990."
    assert berlin.fields == (("Source", "atlas"),)
    assert plain.fields == ()


def test_fields_survive_fmt_unchanged() -> None:
    assert format_text(DECK) == DECK
    assert write_deck(parse_deck(DECK)) == DECK


def test_a_cloze_without_back_extra_can_have_fields() -> None:
    (card,) = parse_deck("C: a {{c1::b}}\nF: Extra: more\n").cards
    assert (card.answer, card.fields) == ("", (("Extra", "more"),))


def test_written_fields_read_back_as_the_same_card() -> None:
    card = DeckCard(
        kind="basic",
        question="Q",
        answer="A",
        fields=(("Word form", "x: y"), ("Empty", ""), ("Lines", "one\ntwo")),
    )
    text = render_card(card)
    assert text == "Q: Q\nA: A\nF: Word form: x: y\nF: Empty:\nF: Lines: one\ntwo"
    assert parse_deck(text + "\n").cards == [card]


def test_a_field_text_line_that_looks_like_a_field_must_be_indented() -> None:
    with pytest.raises(ValueError, match="starts with 'F: X'"):
        DeckCard(kind="basic", question="Q", answer="a\nF: X: y")
    card = DeckCard(kind="basic", question="Q", answer="a\n F: X: y")
    assert parse_deck(render_card(card) + "\n").cards == [card]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q: a\nA: b\nF: nocolon\n", "d.md:3: F: needs a field name and a colon: F: Name: text"),
        ("Q: a\nA: b\nF: X: 1\nF: X: 2\n", "d.md:4: field 'X' appears twice"),
        ("F: X: y\n", "d.md:1: F: without a card before it"),
        ("Q: a\nA: b\nF: : y\n", "d.md:3: invalid field name '' (one line, no colon)"),
        ("notes\n\nF: X: y\n", "d.md:3: F: without a card before it"),
    ],
)
def test_bad_field_lines_are_reported_at_their_line(text: str, expected: str) -> None:
    with pytest.raises(DeckError) as caught:
        parse_deck(text, "d.md")
    assert [str(problem) for problem in caught.value.problems] == [expected]


def test_invalid_field_names_are_refused_by_the_model() -> None:
    with pytest.raises(ValueError, match="invalid field name"):
        DeckCard(kind="basic", question="Q", answer="A", fields=(("a:b", "x"),))
    with pytest.raises(ValueError, match="appears twice"):
        DeckCard(kind="basic", question="Q", answer="A", fields=(("X", "1"), ("X", "2")))


def test_the_merge_driver_keeps_fields_changed_on_one_side() -> None:
    from tandem.decks.merge import merge_decks

    base = (
        "Q: a\nA: b\nF: Example: old\n<!-- id: abcd1234 -->\n\nQ: c\nA: d\n<!-- id: efgh5678 -->\n"
    )
    ours = base.replace("F: Example: old", "F: Example: new\nF: Notes: added")
    theirs = base.replace("A: d", "A: changed")
    merged = merge_decks(base, ours, theirs, "d.md")
    assert merged.conflicts == []
    assert merged.text == (
        "Q: a\nA: b\nF: Example: new\nF: Notes: added\n<!-- id: abcd1234 -->\n\n"
        "Q: c\nA: changed\n<!-- id: efgh5678 -->\n"
    )


def test_anki_text_with_a_line_like_a_field_stays_text() -> None:
    from tandem.interop.html_md import html_to_markdown

    text, _ = html_to_markdown("first<br>F: Example: x")
    assert text == "first\\\n F: Example: x"
    card = DeckCard(kind="basic", question="Q", answer=text)
    (read,) = parse_deck(render_card(card) + "\n").cards
    assert (read.answer, read.fields) == ("first\\\n F: Example: x", ())
