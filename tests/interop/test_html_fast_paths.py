"""The fast paths of Anki HTML -> Markdown give exactly what HTMLParser's path gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.interop.html_md import html_to_markdown, parsed_to_markdown
from tandem.interop.html_md_builder import escape_inline, escape_inline_fully
from tandem.interop.html_md_lines import escape_line, escape_line_fully, join_lines
from tandem.interop.html_md_marks import (
    BREAK,
    CLOSE,
    OPEN,
    carry_marks,
    kept_as_written,
    resolve_marks,
    resolve_marks_fully,
)

from ..conftest import examples

TEXT = ["a", "word 12", " ", "  ", "\n", "\t", "\xa0", "&amp;", "&nbsp;", "&lt;b&gt;", "AT&T",
        "&#91;", "[sound:a.mp3]", "[", "]", ">", "Q: x", "(", ")", ".", "x", "é", "_", "A:",
        "C:", "<!--", "```", "~~~", "- ", "1. ", "`", "*", "\\", "\x00", "\ue000", "日本",
        "{{c1::x::hint}}"]  # fmt: skip
TAGS = ["<b>", "</b>", "<B>", "<i>", "</i>", "<strong>", "</strong>", "<em>", "</em>", "<s>",
        "</del>", "<br>", "<br/>", "<br />", "<BR>", "</br>", "<div>", "</div>", "<div/>",
        '<div class="x">', "<div style='a:b'>", "<div\nclass=a>", "</div >", "<p>", "</p>",
        "<h1>", "</h1>", "<hr>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<pre>",
        "</pre>", "<code>", "</code>", '<span style="color: rgb(0, 0, 0);">', "</span>", "<u>",
        "</u>", "<font color=red>", "</font>", "<table>", "<tr>", "<td nowrap>", "</td>",
        "</tr>", "</table>", "<sup>", "</sub>", '<span a="b>c">', "<span a>"]  # fmt: skip
SLOW = ['<img src="a.png">', '<a href="x">', "</a>", "<script>", "</script>", "<x-y>", "< b>",
        "<b", "</", "<", "<!-- c -->", "<b\u3000>", "<title>"]  # fmt: skip


@given(st.lists(st.sampled_from(TEXT + TAGS + SLOW), max_size=14))
@settings(max_examples=examples(3000))
def test_every_path_agrees_with_the_parser(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert html_to_markdown(html) == parsed_to_markdown(html)


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<b>question</b> 12", "**question** 12"),
        ("answer 12<br>second line", "answer 12\\\nsecond line"),
        ("a  <i>b</i><br/><br />  c", "a *b*\n\n c"),
        ('<div style="x">one&nbsp;two</div><div><b>three</b></div>', "one two\\\n**three**"),
        ("<div>- item</div><div>text</div>", "\\- item\\\ntext"),  # text, not a list
        ("<span>Q: not a marker</span>", " Q: not a marker"),
        ("<pre>code\n  more</pre>after", "```\ncode\n  more\n```\nafter"),
        (" 1. ", "1\\."),  # plain text that starts like a list item stays text
        (" - a", "\\- a"),
        ("# not a heading", "\\# not a heading"),
        ("2*3*4 snake_case_name", "2\\*3\\*4 snake_case_name"),
    ],
)
def test_simple_fields(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == (markdown, [])
    assert parsed_to_markdown(html) == (markdown, [])


def test_a_long_field_that_fails_the_fast_paths_late() -> None:
    # The fast paths' patterns are possessive: a late mismatch costs no backtracking blow-up.
    html = "<b>x</b> " * 5000 + "<" + "y" * 5000
    assert html_to_markdown(html) == parsed_to_markdown(html)


def _two_pass_join(text: str) -> str:
    """The plain statement of the rule: the non-empty lines, escaped; an empty line between two
    of them ends a paragraph (a blank line, the next paragraph indented by one space unless its
    first line already starts with one); within a paragraph a hard break ends each line that
    another line follows."""
    paragraphs: list[list[str]] = [[]]
    for raw in text.split(BREAK):
        line = raw.strip(" ")
        if line:
            paragraphs[-1].append(escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    kept = [lines for lines in paragraphs if lines]
    return "\n\n".join(
        ("" if n == 0 or lines[0].startswith(" ") else " ") + "\\\n".join(lines)
        for n, lines in enumerate(kept)
    )


JOINED = [BREAK, " ", "- ", "-", "1.", "1. ", "* x", "Q: q", "<!--", "```", "text", "\t", "# h",
          ">", "---", "|-|"]  # fmt: skip


@given(st.lists(st.sampled_from(JOINED), max_size=12))
def test_lines_are_joined_by_the_rule(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert join_lines(text) == _two_pass_join(text)


MARKS = [OPEN + "**", CLOSE + "**", OPEN + "*", CLOSE + "*", OPEN + "~~", CLOSE + "~~"]
AROUND = ["a", "word", "1", " ", "  ", "(", ")", ".", ",", "_", "*", "é", "日", "\xa0", "\t",
          "\ue000"]  # fmt: skip


@given(st.lists(st.sampled_from(MARKS + AROUND), max_size=12))
@settings(max_examples=examples(3000))
def test_marks_kept_as_written_agree_with_the_rules(pieces: list[str]) -> None:
    text = "".join(pieces)
    kept = kept_as_written(text)
    if kept is not None:
        assert kept == resolve_marks_fully(text)
        assert carry_marks([text]) == [text]  # nothing left open past the line
    assert resolve_marks(text) == resolve_marks_fully(text)


@given(st.lists(st.sampled_from([*MARKS, *AROUND, BREAK]), max_size=16))
@settings(max_examples=examples(2000))
def test_lines_with_marks_join_as_the_rules_write_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    lines = [resolve_marks_fully(line) for line in carry_marks(text.split(BREAK))]
    assert join_lines(text) == _two_pass_join(BREAK.join(lines))


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<b>bold</b> and <i>it</i>", "**bold** and *it*"),
        ("(<b>bold</b>).", "(**bold**)."),
        ("<b>x <i>y</i> z</b>", "**x *y* z**"),
        ("a<b>b</b>c", "a**b**c"),  # inside a word: the full rules (** may stay)
        ("<b> spaced </b>", "spaced"),  # marks around spaces: Markdown would show them
        ("<b>open<br>closed</b> later", "**open**\\\n**closed** later"),
    ],
)
def test_marks_in_the_fast_paths(html: str, markdown: str) -> None:
    assert parsed_to_markdown(html) == (markdown, [])
    assert html_to_markdown(html) == (markdown, [])


LINE_STARTS = ["a", "Q", "A", "C", "F", "x", "é", "ª", "日", "Ⅻ", "²", "1", ":", " ", "#", "-",
               "+", "*", "_", "=", "|", ">", "<", "<!--", "`", "~", ".", ")", "\t"]  # fmt: skip


@given(st.lists(st.sampled_from(LINE_STARTS), max_size=8))
@settings(max_examples=examples(2000))
def test_a_line_escapes_as_the_full_rules_escape_it(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert escape_line(line) == escape_line_fully(line)


INLINE_TEXT = ["a", "1", " ", "_", "__", "*", "`", "\\", "[", "]", "~", "&", "&amp;", "&#9;", ";",
               "<", ">", "<b>", "</b>", "<br />", "<a:b>", "<x@y.z>", "<a b:c>", ":", "@", "é",
               "\xa0", "\t"]  # fmt: skip


@given(st.lists(st.sampled_from(INLINE_TEXT), max_size=10))
@settings(max_examples=examples(2000))
def test_text_escapes_as_the_full_pattern_escapes_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert escape_inline(text) == escape_inline_fully(text)
