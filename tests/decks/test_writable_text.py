"""Other tools' Markdown made into card text a deck file holds (``writable_text``): every
text comes out valid, a valid text comes out unchanged, and Markdown reads it the same."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tandem.decks.lines import card_text_problem, writable_text
from tandem.interop.md_html import markdown_to_html

_LINES = st.sampled_from([
    "", " ", "text", "Q: a question", "A: an answer", "C: {{c1::x}}", "F: Name: x",
    "<!-- id: abcd2345 -->", "<<<<<<< HEAD", ">>>>>>> theirs", "=======", "```", "```py",
    "~~~", "- item", "  - nested", "1. first", "> quote", "# heading", "    code",
    "| a | b |", "|---|---|", "**bold** text", "    - deeper", "      - deepest",
    "   three in", "      six in", "1) ordered", "   - under ordered", "   > q3", "   # h3",
    "\t- tab item", "\tcode tab", "---",
])  # fmt: skip
_TEXTS = st.lists(_LINES, min_size=1, max_size=12).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(text=_TEXTS)
@example(text="\n\n- item\n  - nested")  # the block after blank lines moves whole
@example(text="\n\ntext\n=======\n    code")  # but indented code keeps its text
@example(text="x\n\n- a\n  - b\n    - deeper")  # three levels: the third moves too
@example(text="x\n\n- a\n\n      code in the item")  # code in a list moves with its list
@example(text="x\n\npara\n\n   three in")  # a paragraph's own indent: not made code
@example(text="\n\ntext\n   - under ordered")  # three spaces in stay three: a list
@example(text="- item\n\n- item\n      - deepest")  # a later item moves with its children
@example(text="\n\n- item\n<!-- id: abcd2345 -->\n  - nested")  # lazy line, same list
def test_every_text_comes_out_valid_and_reads_the_same(text: str) -> None:
    written = writable_text(text)
    assert card_text_problem(written) is None
    assert writable_text(written) == written
    if card_text_problem(text) is None:
        assert written == text
    elif not text.rstrip(" \n").endswith(("```", "```py", "~~~")):
        closed = text if "```" not in text and "~~~" not in text else None
        if closed is not None:
            assert markdown_to_html(written) == markdown_to_html(text.rstrip(" \n"))


def test_markers_and_paragraphs_get_a_space() -> None:
    text = "Q line\nA: inner\n<!-- id: abcdefgh -->\n\nsecond para\nmore\n\n\n"
    assert writable_text(text) == "Q line\n A: inner\n <!-- id: abcdefgh -->\n\n second para\nmore"
    assert writable_text("open\n```\ncode") == "open\n```\ncode\n```"


def test_a_three_level_list_after_blank_lines_keeps_its_levels() -> None:
    text = "x\n\n- a\n  - b\n    - c\n\n      c, on\n\n    code? no: b's\n\nafter\n\n    code"
    written = writable_text(text)
    assert written == (
        "x\n\n - a\n   - b\n     - c\n\n       c, on\n\n     code? no: b's\n\n after\n\n    code"
    )  # the list moves whole (its third level too), a paragraph's line alone, code not
    assert markdown_to_html(written) == markdown_to_html(text)
    assert markdown_to_html(written).count("<ul>") == 3
