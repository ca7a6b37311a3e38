"""Tests of parse_deck: front matter, markers, where cards end, code fences, notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tandem.decks.model import Deck, DeckCard, FrontMatter, NotesBlock
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError
from tandem.decks.writer import format_text, write_deck

EXAMPLE = """\
+++
title = "Pairing: git rebase"
date = 2026-03-04
partners = ["alice", "bob"]
tags = ["git"]
+++

Free Markdown between cards is the session's notes.

Q: What does `git rebase --onto A B C` do?
A: Replays the commits of C that are not in B onto A.
<!-- id: k7q2m9x4 · by: alice -->

Q: el perro
A: the dog
<!-- id: p3xw1b8d · by: bob · reverse -->

C: `git reflog` keeps {{c1::a log of where HEAD has been}} for {{c2::90 days}} by default.
<!-- id: 9fz0c2aa · by: bob · tags: git, recovery -->
"""


def basic(question: str, answer: str, **fields: object) -> DeckCard:
    return DeckCard.model_validate(
        {"kind": "basic", "question": question, "answer": answer} | fields
    )


def test_the_architecture_example_parses_and_is_canonical() -> None:
    deck = parse_deck(EXAMPLE)
    assert deck.front == FrontMatter(
        title="Pairing: git rebase",
        date=dt.date(2026, 3, 4),
        partners=["alice", "bob"],
        tags=["git"],
    )
    assert deck.blocks[0] == NotesBlock(text="Free Markdown between cards is the session's notes.")
    first, second, cloze = deck.cards
    assert first == basic(
        "What does `git rebase --onto A B C` do?",
        "Replays the commits of C that are not in B onto A.",
        id="k7q2m9x4",
        by="alice",
    )
    assert (first.line, second.line, cloze.line) == (10, 14, 18)
    assert second.reverse
    assert cloze.kind == "cloze"
    assert cloze.answer == ""
    assert cloze.tags == ["git", "recovery"]
    assert write_deck(deck) == EXAMPLE


def test_session_log_needs_date_and_partners() -> None:
    assert parse_deck(EXAMPLE).is_session_log
    assert not parse_deck("+++\ndate = 2026-03-04\n+++\n").is_session_log
    assert not parse_deck('+++\npartners = ["a"]\n+++\n').is_session_log
    assert not parse_deck("Q: a\nA: b\n").is_session_log


def test_empty_text_and_empty_front_matter() -> None:
    assert parse_deck("") == Deck()
    assert parse_deck("+++\n+++\n") == Deck(front=FrontMatter())
    assert write_deck(Deck(front=FrontMatter())) == "+++\n+++\n"


def test_a_card_without_meta_ends_at_a_blank_line_before_unindented_text() -> None:
    deck = parse_deck("Q: q\nA: first\nstill the answer\n\nnotes now\n")
    assert deck.blocks == [basic("q", "first\nstill the answer"), NotesBlock(text="notes now")]


def test_a_blank_line_followed_by_indented_text_continues_the_card() -> None:
    text = "Q: q\nA: - one\n\n  - two\n\n      code\n<!-- id: abcd -->\n"
    (card,) = parse_deck(text).cards
    assert card.answer == "- one\n\n  - two\n\n      code"
    assert write_deck(parse_deck(text)) == text


def test_the_meta_line_ends_a_card_and_notes_may_follow_directly() -> None:
    deck = parse_deck("Q: q\nA: a\n<!-- id: abcd -->\nnotes\n")
    assert deck.blocks == [basic("q", "a", id="abcd"), NotesBlock(text="notes")]
    assert write_deck(deck) == "Q: q\nA: a\n<!-- id: abcd -->\n\nnotes\n"


def test_the_next_marker_ends_a_card() -> None:
    deck = parse_deck("Q: one\nA: 1\nC: {{c1::two}}\nA: extra\nQ: three\nA: 3\n")
    assert [(c.kind, c.question, c.answer) for c in deck.cards] == [
        ("basic", "one", "1"),
        ("cloze", "{{c1::two}}", "extra"),
        ("basic", "three", "3"),
    ]


def test_markers_are_at_line_start_and_take_one_optional_space() -> None:
    deck = parse_deck("Q:q\nA:  two spaces\n\nsee Q: mid-line and  Q: indented\n")
    assert deck.blocks == [
        basic("q", " two spaces"),
        NotesBlock(text="see Q: mid-line and  Q: indented"),
    ]
    assert write_deck(deck) == "Q: q\nA:  two spaces\n\nsee Q: mid-line and  Q: indented\n"


def test_multi_line_text_may_start_on_the_line_after_the_marker() -> None:
    (card,) = parse_deck("Q:\n- a list\n- item\nA:\n```\nx\n```\n").cards
    assert card.question == "\n- a list\n- item"
    assert card.answer == "\n```\nx\n```"


def test_markers_and_meta_lines_inside_code_fences_are_text() -> None:
    text = (
        "Q: What does this print?\n"
        "```python\n"
        "Q: not a marker\n"
        "\n"
        "<!-- id: zzzz -->\n"
        "A: not either\n"
        "```\n"
        "A: ~~~\n"
        "C: still code\n"
        "~~~\n"
        "<!-- id: abcd -->\n"
    )
    (card,) = parse_deck(text).cards
    assert card.question.splitlines()[3:7] == ["", "<!-- id: zzzz -->", "A: not either", "```"]
    assert card.answer == "~~~\nC: still code\n~~~"
    assert card.id == "abcd"


def test_a_fence_in_notes_hides_markers() -> None:
    text = "Notes:\n````md\nQ: example card\nA: example answer\n````\n"
    assert parse_deck(text).blocks == [NotesBlock(text=text.rstrip("\n"))]


def test_fence_needs_same_char_and_at_least_the_same_length_to_close() -> None:
    text = "Q: q\nA: ````\n```\n~~~~\nQ: in\n````\n"
    (card,) = parse_deck(text).cards
    assert card.answer == "````\n```\n~~~~\nQ: in\n````"


def test_notes_keep_inner_blank_lines_and_html_comments_verbatim() -> None:
    text = "# Session\n\n\n  indented\n<!-- TODO: ask bob -->\n\nQ: q\nA: a\n"
    deck = parse_deck(text)
    assert deck.blocks[0] == NotesBlock(text="# Session\n\n\n  indented\n<!-- TODO: ask bob -->")


def test_cloze_back_extra_is_the_answer() -> None:
    (card,) = parse_deck("C: {{c1::Paris}} is in France.\nA: Since 508.\n").cards
    assert (card.question, card.answer) == ("{{c1::Paris}} is in France.", "Since 508.")


def test_meta_fields_in_any_order_are_written_in_canonical_order() -> None:
    text = "Q: q\nA: a\n<!--guid: g/1 · reverse · tags: x,y ·  by: bob · id: abcd-->\n"
    deck = parse_deck(text)
    assert deck.cards[0] == basic(
        "q", "a", id="abcd", by="bob", tags=["x", "y"], reverse=True, guid="g/1"
    )
    assert write_deck(deck) == (
        "Q: q\nA: a\n<!-- id: abcd · by: bob · tags: x, y · reverse · guid: g/1 -->\n"
    )


def test_crlf_is_refused_by_parse_deck() -> None:
    with pytest.raises(DeckError) as caught:
        parse_deck("Q: a\r\nA: b\r\n", "d.md")
    assert [str(p) for p in caught.value.problems] == [
        "d.md:1: CRLF line endings: tandem fmt converts them to LF"
    ]


def test_a_bom_is_ignored() -> None:
    assert parse_deck("\ufeffQ: a\nA: b\n").cards == [basic("a", "b")]


def test_deck_error_lists_every_problem_and_is_bad_input() -> None:
    from tandem.models.errors import BadInputError, ExitCode

    with pytest.raises(DeckError) as caught:
        parse_deck("Q: a\n\nA: b\n", "d.md")
    assert isinstance(caught.value, BadInputError)
    assert caught.value.exit_code == ExitCode.DATA
    assert str(caught.value) == (
        "d.md:1: Q: without A: (a basic card needs an answer)\nd.md:3: A: without a Q: before it"
    )


def test_the_example_in_the_format_spec_is_canonical() -> None:
    spec = (Path(__file__).parents[2] / "docs" / "deck-format.md").read_text(encoding="utf-8")
    example = spec.split("```markdown\n", 1)[1].split("```\n", 1)[0]
    assert example == EXAMPLE
    assert format_text(example) == example
