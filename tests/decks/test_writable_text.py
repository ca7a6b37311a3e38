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
    "| a | b |", "|---|---|", "**bold** text",
])  # fmt: skip
_TEXTS = st.lists(_LINES, min_size=1, max_size=12).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(text=_TEXTS)
@example(text="\n\n- item\n  - nested")  # the block after blank lines moves whole
@example(text="\n\ntext\n=======\n    code")  # but indented code keeps its text
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
    assert writable_text(text) == "Q line\n A: inner\n <!-- id: abcdefgh -->\n\n second para\n more"
    assert writable_text("open\n```\ncode") == "open\n```\ncode\n```"
