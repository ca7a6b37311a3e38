"""The shortcut of the card text check gives what the rules line by line give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tandem.decks.lines import card_text_problem, text_rules_problem

# Lines made of what the rules look at: markers, meta starts, fences, blanks, indents.
_PIECES = st.sampled_from(
    ["Q:", "A:", "C:", "<!--", "```", "~~~", "``` x", "   ```", "    ~~~", " ", "\t", "x", "-",
     "Q", "<!-", "``", "·", "é"]
)  # fmt: skip
_LINE = st.lists(_PIECES, max_size=4).map("".join)
_TEXT = st.lists(_LINE, min_size=1, max_size=6).map("\n".join)


@given(_TEXT)
def test_card_text_problem_is_the_line_rules(text: str) -> None:
    assert card_text_problem(text) == text_rules_problem(text)


@given(st.text())
def test_card_text_problem_is_the_line_rules_for_any_text(text: str) -> None:
    assert card_text_problem(text) == text_rules_problem(text)
