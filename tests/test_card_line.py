"""Card Markdown on one line: the words a reader sees, never the marks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.render.card_line import card_line, parsed_words
from tandem.render.terminal import terminal_line


@pytest.mark.parametrize(
    ("markdown", "line"),
    [
        ("**la llave**", "la llave"),
        ("el *perro* y _el gato_", "el perro y el gato"),
        ("Run `git reflog` ~~now~~", "Run git reflog now"),
        ("[the docs](https://example.com) ![a diagram](d.png)", "the docs a diagram"),
        ("```sh\ngit reflog --date=iso\n```\n\nEntries expire after **90 days**.",
         "git reflog --date=iso Entries expire after 90 days."),
        ("# Heading\n\n- one\n- two\n\n> quoted", "Heading one two quoted"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"),
        ("uno\ndos\ntres", "uno dos tres"),
        ("<b>typed</b> 2 * 3", "<b>typed</b> 2 * 3"),  # raw HTML is text that was typed
        ("{{c1::RANK}} leaves gaps", "{{c1::RANK}} leaves gaps"),
    ],
)  # fmt: skip
def test_marks_are_dropped_and_words_kept(markdown: str, line: str) -> None:
    assert card_line(markdown, 200) == line


def test_controls_are_shown_escaped_and_long_text_is_cut() -> None:
    assert card_line("red \x1b[31m**alert**") == "red \\x1b[31malert"
    assert card_line("**" + " ".join(["word"] * 30) + "**", 20) == "word word word word…"


@given(st.text(alphabet="abcñé 12.,?:;()'\"\n-+=#", max_size=80))
def test_text_without_markdown_reads_as_the_parser_reads_it(text: str) -> None:
    # card_line skips the parser when nothing could start Markdown: the same line results
    assert card_line(text, 200) == terminal_line(parsed_words(text), 200)
