"""Tests of cloze rendering, card keys and the rules the card models enforce."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from tandem.decks.cloze import cloze_numbers, render_cloze
from tandem.decks.ids import card_keys
from tandem.decks.model import Deck, DeckCard, FrontMatter, NotesBlock
from tandem.decks.writer import render_card

TEXT = "{{c1::Paris}} is the capital of {{c2::France::country}}; {{c1::Berlin}} is not."


def test_cloze_numbers_are_distinct_and_sorted() -> None:
    assert cloze_numbers("{{c3::a}} {{c1::b}} {{c3::c}} {{c10::d}} {{c0::zero}} {{x::y}}") == [
        1,
        3,
        10,
    ]
    assert cloze_numbers("no deletion: {{c1:x}} {{c::x}} {c1::x}") == []


def test_render_cloze_hides_the_asked_deletion_and_shows_the_others() -> None:
    assert render_cloze(TEXT, 1, reveal=False) == "[...] is the capital of France; [...] is not."
    assert (
        render_cloze(TEXT, 2, reveal=False) == "Paris is the capital of [country]; Berlin is not."
    )
    assert render_cloze(TEXT, 1, reveal=True) == (
        "**Paris** is the capital of France; **Berlin** is not."
    )
    assert render_cloze(TEXT, 2, reveal=True) == (
        "Paris is the capital of **France**; Berlin is not."
    )


def test_render_cloze_handles_multi_line_deletions_and_empty_hints() -> None:
    assert render_cloze("{{c1::two\nlines::}} x", 1, reveal=False) == "[...] x"
    assert render_cloze("{{c1::two\nlines}} x", 1, reveal=True) == "**two\nlines** x"


def test_card_keys() -> None:
    assert card_keys(DeckCard(kind="basic", question="q", answer="a", id="abcd")) == ["abcd"]
    reverse = DeckCard(kind="basic", question="q", answer="a", id="abcd", reverse=True)
    assert card_keys(reverse) == ["abcd", "abcd:r"]
    assert card_keys(DeckCard(kind="cloze", question=TEXT, id="k7q2")) == ["k7q2:c1", "k7q2:c2"]
    with pytest.raises(ValueError, match="no id"):
        card_keys(DeckCard(kind="basic", question="q", answer="a"))


def test_line_takes_no_part_in_equality_or_dumps() -> None:
    one = DeckCard(kind="basic", question="q", answer="a", line=3)
    two = DeckCard(kind="basic", question="q", answer="a", line=9)
    assert one == two
    assert hash(one) == hash(two)
    assert "line" not in one.model_dump()
    assert one != two.model_copy(update={"answer": "b"})


def test_render_card() -> None:
    cloze = DeckCard(kind="cloze", question="{{c1::x}}", answer="extra", by="bob", tags=["a", "b"])
    assert render_card(cloze) == "C: {{c1::x}}\nA: extra\n<!-- by: bob · tags: a, b -->"
    assert render_card(DeckCard(kind="basic", question="q", answer="")) == "Q: q\nA:"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"question": " "}, "question is empty"),
        ({"kind": "cloze", "question": "x"}, "cloze has no deletion"),
        ({"kind": "cloze", "question": "{{c1::x}}", "reverse": True}, "reverse is only"),
        ({"answer": "a\nQ: b"}, "text line 2 starts with 'Q: b'"),
        ({"answer": "a\n<!-- x -->"}, "starts with '<!--'"),
        ({"answer": "a\n\nb"}, "must be followed by an indented line"),
        ({"answer": "a\n"}, "ends with a blank line"),
        ({"answer": "```\ncode"}, "code fence in the text is not closed"),
        ({"answer": "a\x00b"}, r"control or bidi override character U\+0000"),
        ({"answer": "a\u202eb"}, r"U\+202E"),
        ({"id": "ABCD"}, "invalid id"),
        ({"id": "abcd\n"}, "invalid id"),
        ({"by": " bob"}, "invalid name"),
        ({"by": "a · b"}, "invalid name"),
        ({"tags": ["a b"]}, "tags must have no whitespace"),
        ({"guid": "a-->b"}, "invalid guid"),
        ({"guid": "a·b"}, "invalid guid"),
    ],
)
def test_card_model_refuses_what_cannot_be_written(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        DeckCard.model_validate({"kind": "basic", "question": "q", "answer": "a"} | fields)


@pytest.mark.parametrize(
    "text",
    ["", "\nnotes", "notes\n", "Q: x", "a\nA: b", "a\n<!-- id: abcd -->", "```\nopen"],
)
def test_notes_model_refuses_what_cannot_be_written(text: str) -> None:
    with pytest.raises(ValidationError):
        NotesBlock(text=text)


def test_front_matter_model() -> None:
    assert FrontMatter(date="2026-03-04").date == dt.date(2026, 3, 4)
    with pytest.raises(ValidationError, match="without a time"):
        FrontMatter(date=dt.datetime(2026, 3, 4, tzinfo=dt.UTC))
    with pytest.raises(ValidationError):
        FrontMatter(title="two\nlines")
    with pytest.raises(ValidationError):
        FrontMatter(partners=[""])
    with pytest.raises(ValidationError):
        FrontMatter(tags=["a,b"])
    with pytest.raises(ValidationError):
        FrontMatter(unknown=1)


def test_deck_model_refuses_layouts_that_would_read_differently() -> None:
    card = DeckCard(kind="basic", question="q", answer="a")
    with_id = card.model_copy(update={"id": "abcd"})
    with pytest.raises(ValidationError, match="unique"):
        Deck(blocks=[with_id, with_id])
    with pytest.raises(ValidationError, match="follow each other"):
        Deck(blocks=[NotesBlock(text="a"), NotesBlock(text="b")])
    with pytest.raises(ValidationError, match="start indented"):
        Deck(blocks=[card, NotesBlock(text="  indented")])
    with pytest.raises(ValidationError, match=r"\+\+\+"):
        Deck(blocks=[NotesBlock(text="+++\nx")])
    assert Deck(blocks=[with_id, NotesBlock(text="  indented")]).cards == [with_id]
    assert Deck(front=FrontMatter(), blocks=[NotesBlock(text="+++\nx")]).front == FrontMatter()


_GOOD = DeckCard(kind="basic", question="q", answer="a", id="abcd1234", tags=["ok"])


@pytest.mark.parametrize(
    "changed",
    [
        _GOOD.model_copy(update={"question": "   "}),
        _GOOD.model_copy(update={"id": "BAD ID"}),
        _GOOD.model_copy(update={"answer": "x\x1b[31m"}),
        _GOOD.model_copy(update={"kind": "cloze"}),  # a cloze without a deletion
        DeckCard.model_construct(kind="basic", question="", answer="a", tags=[]),
    ],
    ids=["empty question", "bad id", "control character", "cloze rules", "never checked"],
)
def test_a_card_changed_or_made_without_checks_is_checked_in_a_deck(changed: DeckCard) -> None:
    with pytest.raises(ValidationError):
        Deck(blocks=[changed])


def test_a_card_whose_tags_changed_after_its_check_is_checked_again() -> None:
    card = DeckCard(kind="basic", question="q", answer="a", tags=["ok"])
    card.tags.append("two words")
    with pytest.raises(ValidationError, match="tags"):
        Deck(blocks=[card])


def test_a_checked_card_goes_into_a_deck_as_it_is() -> None:
    deck = Deck(blocks=[_GOOD, _GOOD.model_copy(update={"id": "efgh5678"})])
    assert deck.blocks[0] is _GOOD
    assert [card.id for card in deck.cards] == ["abcd1234", "efgh5678"]
