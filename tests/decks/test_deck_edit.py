"""Tests of the surgical edits: insert_missing_ids, replace_card, append_card."""

from __future__ import annotations

import pytest

from tandem.decks.derived_ids import candidate_id
from tandem.decks.edit import append_card, insert_missing_ids, replace_card
from tandem.decks.model import DeckCard
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError
from tandem.decks.writer import format_text

MESSY = (
    "\ufeff# Notes  \n"
    "\n\n\n"
    "Q:first\n"
    "A: one\n"
    "\n"
    "   \n"
    "some notes\twith odd  spacing   \n"
    "C: {{c1::x}}\n"
    "<!-- by: bob -->\n"
    "Q: has id\n"
    "A: yes\n"
    "<!-- id: keep1234 -->\n"
    "Q: last\n"
    "A: no newline at end"
)


def card(question: str, answer: str = "a", **fields: object) -> DeckCard:
    data = {"kind": "basic", "question": question, "answer": answer} | fields
    return DeckCard.model_validate(data)


def test_insert_missing_ids_changes_nothing_but_the_new_meta_lines() -> None:
    aaaa = candidate_id("m.md", "basic", "first", "one")
    bbbb = candidate_id("m.md", "cloze", "{{c1::x}}", "")
    cccc = candidate_id("m.md", "basic", "last", "no newline at end")
    text, new = insert_missing_ids(MESSY, "m.md")
    assert new == [aaaa, bbbb, cccc]
    assert text == (
        "\ufeff# Notes  \n"
        "\n\n\n"
        "Q:first\n"
        "A: one\n"
        f"<!-- id: {aaaa} -->\n"
        "\n"
        "   \n"
        "some notes\twith odd  spacing   \n"
        "C: {{c1::x}}\n"
        f"<!-- id: {bbbb} · by: bob -->\n"
        "Q: has id\n"
        "A: yes\n"
        "<!-- id: keep1234 -->\n"
        "Q: last\n"
        "A: no newline at end\n"
        f"<!-- id: {cccc} -->"
    )
    assert [c.id for c in parse_deck(text).cards] == [aaaa, bbbb, "keep1234", cccc]


@pytest.mark.parametrize(
    ("meta", "written"),
    [
        ("<!--\tby: bob -->", "<!--\tid: {id} · by: bob -->"),
        ("<!--  \t by: bob -->", "<!--  \t id: {id} · by: bob -->"),
        ("<!--by: bob -->", "<!-- id: {id} · by: bob -->"),
    ],
)
def test_an_id_put_into_a_meta_line_keeps_the_space_after_its_opening(
    meta: str, written: str
) -> None:
    new_id = candidate_id("m.md", "basic", "q", "a")
    text, new = insert_missing_ids(f"Q: q\nA: a\n{meta}\n", "m.md")
    assert new == [new_id]
    assert text == f"Q: q\nA: a\n{written.format(id=new_id)}\n"
    (parsed,) = parse_deck(text).cards
    assert (parsed.id, parsed.by) == (new_id, "bob")


def test_insert_missing_ids_skips_ids_used_in_the_file_or_taken_elsewhere() -> None:
    first = candidate_id("d.md", "basic", "c", "d")
    second = candidate_id("d.md", "basic", "c", "d", 1)
    third = candidate_id("d.md", "basic", "c", "d", 2)
    text = f"Q: a\nA: b\n<!-- id: {first} -->\nQ: c\nA: d\n"
    assert insert_missing_ids(text, "d.md") == (f"{text}<!-- id: {second} -->\n", [second])
    assert insert_missing_ids(text, "d.md", {second})[1] == [third]


def test_insert_missing_ids_without_missing_ids_returns_the_text_unchanged() -> None:
    text = "Q: a\nA: b\n<!-- id: abcd -->\n"
    assert insert_missing_ids(text, "d.md") == (text, [])


def test_insert_missing_ids_refuses_an_invalid_file() -> None:
    with pytest.raises(DeckError):
        insert_missing_ids("Q: a\n", "d.md")


def test_replace_card_rewrites_only_that_card() -> None:
    text = (
        "# n  \n\nQ: old\n  q\nA: old answer\n<!-- id: abcd · by: bob -->\nafter  \n\nQ: x\nA: y\n"
    )
    new = card("new question", "new answer", id="abcd", by="bob", tags=["t"])
    assert replace_card(text, "abcd", new) == (
        "# n  \n\nQ: new question\nA: new answer\n<!-- id: abcd · by: bob · tags: t -->\n"
        "after  \n\nQ: x\nA: y\n"
    )


def test_replace_card_can_change_the_kind_and_keeps_a_bom() -> None:
    text = "\ufeffQ: a\nA: b\n<!-- id: abcd -->"
    cloze = DeckCard(kind="cloze", question="{{c1::a}} b", id="abcd")
    assert replace_card(text, "abcd", cloze) == "\ufeffC: {{c1::a}} b\n<!-- id: abcd -->"


def test_replace_card_refuses_unknown_ids_and_changes_of_meaning() -> None:
    text = "Q: a\nA: b\n<!-- id: abcd -->\nnotes right under\n"
    with pytest.raises(KeyError):
        replace_card(text, "zzzz", card("x"))
    with pytest.raises(ValueError, match="around the card"):
        replace_card(text, "abcd", card("x"))  # no meta line: the notes would join the answer


def test_append_card_adds_one_blank_line_before_the_card() -> None:
    new = card("q", id="abcd")
    assert append_card("", new) == "Q: q\nA: a\n<!-- id: abcd -->\n"
    assert append_card("notes", new) == "notes\n\nQ: q\nA: a\n<!-- id: abcd -->\n"
    assert append_card("notes\n", new) == "notes\n\nQ: q\nA: a\n<!-- id: abcd -->\n"
    assert append_card("notes\n\n", new) == "notes\n\nQ: q\nA: a\n<!-- id: abcd -->\n"


def test_append_card_refuses_a_duplicate_id() -> None:
    with pytest.raises(DeckError, match="duplicate id"):
        append_card("Q: a\nA: b\n<!-- id: abcd -->\n", card("q", id="abcd"))


def test_format_text_normalises_bom_crlf_and_spacing() -> None:
    assert format_text(MESSY.replace("\n", "\r\n"), "m.md") == (
        "# Notes  \n\nQ: first\nA: one\n\nsome notes\twith odd  spacing   \n\n"
        "C: {{c1::x}}\n<!-- by: bob -->\n\nQ: has id\nA: yes\n<!-- id: keep1234 -->\n\n"
        "Q: last\nA: no newline at end\n"
    )
