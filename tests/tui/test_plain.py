"""Plain card text: shown as one Static only when Markdown would show the very same paragraph."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.tui.plain import plain_paragraph
from tandem.tui.widgets.card_side import card_parser

from ..conftest import examples

# Letters, spaces and line breaks, and every character that can start Markdown syntax.
PIECES = [*"ab yz1é.)(-=#>+*_`~[]!:/@&\\|<\n\t", "\u00a0", ". ", "py", "com", "www.", "](", "\n\n"]


def markdown_paragraph(text: str) -> str | None:
    """What Textual's Markdown shows for ``text`` when it parses to one unstyled paragraph."""
    tokens = card_parser().parse(text)
    if [token.type for token in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return None
    shown = []
    for child in tokens[1].children or []:
        if child.type == "text":
            shown.append(re.sub(r"\s+", " ", child.content))  # as MarkdownBlock does
        elif child.type == "softbreak":
            shown.append(" ")
        elif child.type == "hardbreak":  # every line break, with the card parser's "breaks"
            shown.append("\n")
        else:
            return None
    return "".join(shown)


@settings(max_examples=examples(3000))
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_plain_text_is_shown_as_markdown_would_show_it(text: str) -> None:
    plain = plain_paragraph(text)
    if plain is not None:
        assert plain == markdown_paragraph(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("el perro", "el perro"),
        ("¿Qué hora es?", "¿Qué hora es?"),
        ("The capital of France is [...]", "The capital of France is [...]"),
        ("two  spaces\nand a line", "two spaces\nand a line"),
        ("la llave\nel gato\nel perro", "la llave\nel gato\nel perro"),
        ("C# and well-known 3 + 4 = 7", "C# and well-known 3 + 4 = 7"),
    ],
)
def test_sentences_without_markdown_are_plain(text: str, shown: str) -> None:
    assert plain_paragraph(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "What does `git reflog` show?",
        "**bold**",
        "see setup.py",
        "www.example.com",
        "[a link](https://example.com)",
        "- an item",
        "1. first",
        "# heading",
        "one\n\ntwo",
        "```\ncode\n```",
        "    indented",
        "line with a hard break  \nnext",
        "[@click=app.quit]press me[/]",
        "",
    ],
)
def test_anything_markdown_may_style_goes_to_markdown(text: str) -> None:
    assert plain_paragraph(text) is None
