"""Git conflict markers are refused outside code fences; cards inside HTML comments are notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tandem.decks.check import check_text
from tandem.decks.derived_ids import candidate_id
from tandem.decks.edit import insert_missing_ids
from tandem.decks.model import DeckCard, NotesBlock
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError
from tandem.decks.writer import format_text

BETWEEN = """Q: one?
A: 1
<!-- id: one00001 -->

<<<<<<< HEAD
Q: mine?
A: mine
=======
Q: theirs?
A: theirs
>>>>>>> origin/main
"""

IN_ANSWER = """Q: what?
A: answer line one
<<<<<<< HEAD
mine
||||||| base
base
=======
theirs
>>>>>>> feature
<!-- id: what0001 -->
"""

IN_FENCE = """Q: What does a conflict look like?
A: Like this:
   ```
<<<<<<< HEAD
mine
=======
theirs
>>>>>>> feature
   ```
<!-- id: fence001 -->

Notes can show one too:

~~~text
<<<<<<< HEAD
=======
>>>>>>> x
~~~
"""

COMMENTED = """Notes before.

<!-- not ready yet
Q: commented out?
A: yes
-->

Q: live?
A: yes
<!-- id: live0001 -->

<!--
Q: an old card, with its meta line
A: old
<!-- id: old00001 · by: alice -->
-->

C: a {{c1::cloze}} after the comment
"""


def _problems(text: str) -> list[str]:
    return [str(problem) for problem in check_text(text.encode(), "d.md")]


def test_markers_between_cards_are_each_reported() -> None:
    expected = [f"d.md:{n}: unresolved merge conflict" for n in (5, 8, 11)]
    assert _problems(BETWEEN) == expected
    with pytest.raises(DeckError) as raised:
        parse_deck(BETWEEN, "d.md")
    assert [str(p) for p in raised.value.problems] == expected


def test_markers_inside_an_answer_are_reported_and_never_stored() -> None:
    expected = [f"d.md:{n}: unresolved merge conflict" for n in (3, 5, 7, 9)]
    assert _problems(IN_ANSWER) == expected
    with pytest.raises(DeckError):
        parse_deck(IN_ANSWER, "d.md")
    with pytest.raises(DeckError):  # fmt's path
        format_text(IN_ANSWER, "d.md")
    with pytest.raises(DeckError):  # sync's id writer
        insert_missing_ids(IN_ANSWER.replace("<!-- id: what0001 -->\n", ""), lambda: "new00001")


def test_markers_inside_code_fences_are_content() -> None:
    assert _problems(IN_FENCE) == []
    deck = parse_deck(IN_FENCE)
    assert deck.cards[0].answer.split("\n")[2:5] == ["<<<<<<< HEAD", "mine", "======="]
    assert deck.blocks[1] == NotesBlock(
        text="Notes can show one too:\n\n~~~text\n<<<<<<< HEAD\n=======\n>>>>>>> x\n~~~"
    )
    assert format_text(IN_FENCE) == IN_FENCE


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ("<<<<<<< HEAD", True),
        ("<<<<<<<", True),
        (">>>>>>> 3f2a1b0 (a commit)", True),
        ("||||||| merged common ancestors", True),
        ("<<<<<<<< eight", False),  # git's default marker size is 7
        ("<<<<<<<x", False),
        (" <<<<<<< indented", False),
        ("=======", False),  # alone: a Markdown heading's underline
    ],
)
def test_which_lines_are_markers(line: str, refused: bool) -> None:
    text = f"Heading\n{line}\n\nQ: q\nA: a\n"
    expected = ["d.md:2: unresolved merge conflict"] if refused else []
    assert _problems(text) == expected


def test_a_separator_counts_only_inside_a_conflict() -> None:
    text = "Title\n=======\n\n<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n\nAfter\n=======\n"
    assert _problems(text) == [f"d.md:{n}: unresolved merge conflict" for n in (4, 6, 8)]


def test_markers_in_front_matter_are_named_besides_the_toml_error() -> None:
    text = '+++\n<<<<<<< HEAD\ntitle = "a"\n=======\ntitle = "b"\n>>>>>>> x\n+++\n'
    problems = _problems(text)
    assert [p for p in problems if "conflict" in p] == [
        f"d.md:{n}: unresolved merge conflict" for n in (2, 4, 6)
    ]


def test_cards_in_comments_are_notes_kept_verbatim() -> None:
    deck = parse_deck(COMMENTED)
    assert [card.question for card in deck.cards] == ["live?", "a {{c1::cloze}} after the comment"]
    assert deck.blocks[0] == NotesBlock(
        text="Notes before.\n\n<!-- not ready yet\nQ: commented out?\nA: yes\n-->"
    )
    # The commented-out meta line closes the comment (comments do not nest): the last
    # "-->" is notes text, as a Markdown renderer shows it.
    assert deck.blocks[2] == NotesBlock(
        text="<!--\nQ: an old card, with its meta line\nA: old\n"
        "<!-- id: old00001 · by: alice -->\n-->"
    )
    assert format_text(COMMENTED) == COMMENTED


def test_no_id_is_written_into_a_comment() -> None:
    text, ids = insert_missing_ids(COMMENTED, "commented.md")
    [card] = [c for c in parse_deck(COMMENTED).cards if c.id is None]  # the one live card
    assert ids == [candidate_id("commented.md", card.kind, card.question, card.answer)]
    assert text == COMMENTED.replace(
        "after the comment\n", f"after the comment\n<!-- id: {ids[0]} -->\n"
    )


def test_a_one_line_comment_and_a_meta_line_keep_their_meaning() -> None:
    text = "Q: q\nA: a\n<!-- id: meta0001 · by: bob -->\n<!-- a note -->\n\nQ: next\nA: b\n"
    deck = parse_deck(text)
    assert [(c.id, c.by) for c in deck.cards] == [("meta0001", "bob"), (None, None)]
    assert deck.blocks[1] == NotesBlock(text="<!-- a note -->")


def test_an_indented_comment_opens_too_and_a_fenced_one_does_not() -> None:
    text = "Notes\n\n   <!--\nQ: hidden\nA: h\n-->\n\n```\n<!--\n```\n\nQ: shown\nA: s\n"
    assert [card.question for card in parse_deck(text).cards] == ["shown"]


def test_an_unclosed_comment_is_reported_where_it_opens() -> None:
    text = "Q: q\nA: a\n\n<!-- draft\nQ: later\nA: l\n"
    assert _problems(text) == ["d.md:4: unclosed HTML comment"]


def test_markers_inside_a_comment_are_still_a_conflict() -> None:
    text = "<!--\n<<<<<<< HEAD\nold\n=======\nnew\n>>>>>>> x\n-->\n"
    assert _problems(text) == [f"d.md:{n}: unresolved merge conflict" for n in (2, 4, 6)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x\n<!--\nQ: y", "an HTML comment in the notes is not closed"),
        ("x\n<<<<<<< HEAD", "notes line 2 is a merge conflict marker; indent it"),
    ],
)
def test_notes_that_would_not_read_back_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        NotesBlock(text=text)


def test_card_text_with_a_marker_line_is_refused() -> None:
    with pytest.raises(ValidationError, match="text line 2 is a merge conflict marker"):
        DeckCard(kind="basic", question="q", answer="a\n>>>>>>> x")
    card = DeckCard(kind="basic", question="q", answer="a\n=======\n```\n<<<<<<< a\n```")
    assert card.answer.endswith("<<<<<<< a\n```")


def test_the_format_specs_examples_read_as_it_says() -> None:
    spec = (Path(__file__).parents[2] / "docs" / "deck-format.md").read_text(encoding="utf-8")
    commented = spec.split("### HTML comments", 1)[1].split("```markdown\n", 1)[1]
    assert parse_deck(commented.split("```\n", 1)[0]).cards == []
    teaching = spec.split("````markdown\n", 1)[1].split("````\n", 1)[0]
    assert _problems(teaching) == []
    assert "<<<<<<< HEAD\nmine\n=======" in parse_deck(teaching).cards[0].answer


def test_an_anki_field_with_a_marker_line_imports_as_a_valid_card() -> None:
    from tandem.interop.html_md import html_to_markdown

    text, _ = html_to_markdown(
        "git shows:<br><<<<<<< HEAD<br>ours<div>&gt;&gt;&gt;&gt;&gt;&gt;&gt; x</div>"
    )
    assert text == "git shows:\\\n <<<<<<< HEAD\\\nours\\\n >>>>>>> x"
    deck = parse_deck(format_text(f"Q: what?\nA: {text}\n"))
    assert deck.cards[0].answer == text
