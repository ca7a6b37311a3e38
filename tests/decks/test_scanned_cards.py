"""Tests that a card the scanner builds passes every rule of a card, checked again.

The scanner builds its cards with the ``SCANNED`` context, which skips the content rules
(it checked them while reading): each card it builds from any text must pass them all.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.decks.model import DeckCard
from tandem.decks.parser import scan

_LINES = st.sampled_from(
    [
        "Q: question",
        "Q:",
        "A: answer",
        "A:",
        "C: {{c1::x}}",
        "C: no deletion",
        "C: {{c99999999999::x}}",
        "F: Name: text",
        "F: Name: again",
        "F: no colon",
        "F: Bad:name: x",
        "",
        "   ",
        "  indented",
        "\tindented by a tab",
        "plain text",
        "```",
        "  ```",
        "~~~",
        "<!-- id: abcd1234 -->",
        "<!-- id: ABCD -->",
        "<!-- by: bob · tags: a, b -->",
        "<!-- by:  · reverse -->",
        "<!-- reverse -->",
        "<!-- guid: g · id: efgh5678 -->",
        "<!-- a comment",
        "-->",
        "<<<<<<< HEAD",
        "=======",
        ">>>>>>> other",
        "+++",
        'title = "x"',
        "text with \x07 a bell",
        "bidi \u202e override",
        "\ufeffBOM",
    ]
)


def _assert_every_built_card_passes_the_rules(text: str) -> None:
    result = scan(text, "d.md")
    for block in result.blocks:
        if isinstance(block, DeckCard):
            fields = block.model_dump() | {"line": block.line}
            again = DeckCard.model_validate(fields)  # every rule, no context
            assert again == block


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, max_size=30))
def test_every_card_the_scanner_builds_passes_every_rule(lines: list[str]) -> None:
    _assert_every_built_card_passes_the_rules("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "text",
    [
        "Q: a\nA: b\nF: X: y\n<!-- id: abcd1234 · by: bob · tags: t -->\n",
        "C: {{c1::a}} {{c2::b}}\nA: extra\n  more\n\n  after a blank\n",
        "Q: ```\n  code\n\nQ: inside\n  ```\nA: b\n",
    ],
)
def test_cards_of_valid_decks_pass_every_rule(text: str) -> None:
    result = scan(text, "d.md")
    assert not result.problems
    assert any(isinstance(block, DeckCard) for block in result.blocks)
    _assert_every_built_card_passes_the_rules(text)


def test_a_card_given_without_the_scanned_context_is_still_checked() -> None:
    with pytest.raises(ValueError, match="cloze has no deletion"):
        DeckCard.model_validate({"kind": "cloze", "question": "no deletion"})
