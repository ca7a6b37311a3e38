"""Tests of ``ids_written`` and ``IdPlacer``: new ids put into a parsed deck's text without
parsing it again.

Each test compares it with the way ids were written before (the text split into lines, a
line inserted per new meta line, and the new text parsed again): the same bytes, the same
ids, and the deck the new text parses to, cards' lines included.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.decks.derived_ids import derive_ids
from tandem.decks.edit import IdPlacer, deck_with_ids, ids_written, insert_missing_ids
from tandem.decks.parser import parse_with_spans, stream_placed_cards
from tandem.decks.problems import DeckError


def old_insert_missing_ids(text: str, deck: str, taken: set[str]) -> tuple[str, list[str]]:
    """The way sync and ``fmt --ids`` wrote ids until ids_written (kept as the reference; the
    space after ``<!--`` is kept as the file had it)."""
    bom, body = ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)
    parsed, spans = parse_with_spans(body)
    missing = [span for span in spans if span.id is None]
    if not missing:
        return text, []
    used = set(taken) | {span.id for span in spans if span.id is not None}
    fields = [(c.kind, c.question, c.answer) for c in parsed.cards if c.id is None]
    new_ids = derive_ids(deck, fields, used)
    lines = body.split("\n")
    for span, card_id in reversed(list(zip(missing, new_ids, strict=True))):
        if span.meta is None:
            lines.insert(span.end + 1, f"<!-- id: {card_id} -->")
        else:
            inner = lines[span.meta][4:]
            rest = inner.lstrip(" \t")
            space = inner[: len(inner) - len(rest)] or " "
            lines[span.meta] = f"<!--{space}id: {card_id} · {rest}"
    return bom + "\n".join(lines), new_ids


def assert_same_as_before(text: str, deck: str = "d/x.md", taken: frozenset[str] = frozenset()):
    old_text, old_ids = old_insert_missing_ids(text, deck, set(taken))
    body = text.removeprefix("\ufeff")
    parsed, spans = parse_with_spans(body)
    used = set(taken)
    written = ids_written(text, parsed, spans, deck, used)
    new_text, new_ids = written.text, written.new_ids
    new_deck = deck_with_ids(parsed, written.cards)
    assert new_text.encode() == old_text.encode()
    assert new_ids == old_ids
    assert used >= set(new_ids) | {span.id for span in spans if span.id}
    reparsed, _ = parse_with_spans(old_text.removeprefix("\ufeff"))
    assert new_deck == reparsed
    assert new_deck.front == reparsed.front
    assert [c.line for c in new_deck.cards] == [c.line for c in reparsed.cards]
    assert written.cards == [(c.id, c.line) for c in reparsed.cards]
    assert insert_missing_ids(text, deck, taken) == (old_text, old_ids)
    # Cards read one at a time (a file sync does not keep in memory): the same again.
    placer = IdPlacer(deck, set(taken) | {span.id for span in spans if span.id})
    front, placed = stream_placed_cards(text, deck)
    assert front == parsed.front
    assert [placer.place(card, span) for card, span in placed] == written.cards
    assert placer.text(text).encode() == old_text.encode()
    assert placer.new_ids == old_ids
    return new_text, new_ids


VARIED = (
    '\ufeff+++\ntitle = "Varied"\ntags = ["x"]\n+++\n\n'
    "Free notes before the cards.\n\n"
    "Q: plain\nA: one\n\n"
    "Q: reversed\nA: two\n<!-- reverse -->\n\n"
    "C: a {{c1::cloze}} with {{c2::two}}\nA: back extra\n<!-- by: bob · tags: t1, t2 -->\n"
    "Q: kept id\nA: three\n<!-- id: keep0001 -->\n"
    "Q: plain\nA: one\n\n"  # the same text again: the next attempt's id
    "Notes with an indented continuation\n  of two lines.\n\n"
    "Q: code\nA: ```\n  x = 1\n\n  y = 2\n  ```\n"
    "Q: fields\nA: four\nF: Source: the book\nF: Page: 12\n\n"
    "<!-- a comment in the notes -->\n\n"
    "C: {{c1::last}} card\n<!--   guid: g1 -->\n"
    "Q: no newline\nA: at the end"
)


def test_varied_deck_gets_the_same_bytes_ids_and_lines_as_before() -> None:
    text, ids = assert_same_as_before(VARIED)
    assert len(ids) == 8
    assert "<!-- id: keep0001 -->" in text
    assert f"<!-- id: {ids[2]} · by: bob · tags: t1, t2 -->" in text
    assert f"<!--   id: {ids[6]} · guid: g1 -->" in text
    assert text.endswith(f"A: at the end\n<!-- id: {ids[-1]} -->")
    assert ids[0] != ids[4]  # two cards of the same text


def test_ids_taken_elsewhere_are_skipped_as_before() -> None:
    _, first = assert_same_as_before(VARIED)
    _, second = assert_same_as_before(VARIED, taken=frozenset(first[:3]))
    assert not set(second) & set(first[:3])


def test_a_deck_with_every_id_is_left_as_it_is() -> None:
    text = "Q: a\nA: b\n<!-- id: abcd0001 -->\n"
    parsed, spans = parse_with_spans(text)
    written = ids_written(text, parsed, spans, "d.md", set())
    assert (written.text, written.new_ids, written.cards) == (text, [], [("abcd0001", 1)])


def test_a_deck_of_identical_cards_gets_the_ids_a_search_from_zero_gives() -> None:
    assert_same_as_before("Q: same\nA: same\n\n" * 30)


def test_spans_of_another_deck_are_refused() -> None:
    parsed, spans = parse_with_spans("Q: a\nA: b\n\nQ: c\nA: d\n")
    with pytest.raises(ValueError, match="spans"):
        ids_written("Q: a\nA: b\n", parsed, spans[:1], "d.md", set())


def test_an_invalid_deck_is_still_refused_by_insert_missing_ids() -> None:
    with pytest.raises(DeckError):
        insert_missing_ids("Q: a\n", "d.md")


_BLOCKS = st.sampled_from(
    [
        "Q: q\nA: a\n",
        "Q: q\nA: a\n<!-- id: fixed001 -->\n",
        "Q: other\nA: answer\n<!-- reverse -->\n",
        "Q: multi\n  line\nA: answer\n\n  continued\n",
        "C: {{c1::x}} and {{c2::y}}\n",
        "C: {{c1::x}}\nA: extra\n<!-- by: ann · tags: a -->\n",
        "Q: f\nA: g\nF: Name: text\n",
        "Q: f\nA: g\nF: Name: text\n<!-- tags: z -->\n",
        "Some notes.\n",
        "# Heading\n\n  indented notes\n",
        "Q: fenced\nA: ```\n  code\n  ```\n",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    blocks=st.lists(_BLOCKS, max_size=12),
    gaps=st.lists(st.sampled_from(["", "\n", "\n\n"]), min_size=12, max_size=12),
    front=st.booleans(),
    bom=st.booleans(),
    trailing=st.booleans(),
)
def test_generated_decks_get_the_same_bytes_ids_and_lines_as_before(
    blocks: list[str], gaps: list[str], front: bool, bom: bool, trailing: bool
) -> None:
    parts = ['+++\ntitle = "T"\n+++\n\n'] if front else []
    seen_fixed = False
    for block, gap in zip(blocks, gaps, strict=False):
        if "fixed001" in block:
            if seen_fixed:
                continue
            seen_fixed = True
        parts.append(block + gap)
    text = ("\ufeff" if bom else "") + "".join(parts)
    if not trailing:
        text = text.rstrip("\n")
    try:
        parse_with_spans(text.removeprefix("\ufeff"))
    except DeckError:
        return  # not a valid deck (notes after notes, say): neither way writes ids
    assert_same_as_before(text)
