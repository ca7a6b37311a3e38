"""The fast paths of Anki HTML -> Markdown give exactly what HTMLParser's path gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.interop.html_md import html_to_markdown, parsed_to_markdown
from tandem.interop.html_md_lines import escape_line, join_lines
from tandem.interop.html_md_marks import BREAK

from ..conftest import examples

TEXT = ["a", "word 12", " ", "  ", "\n", "\t", "\xa0", "&amp;", "&nbsp;", "&lt;b&gt;", "AT&T",
        "&#91;", "[sound:a.mp3]", "[", "]", ">", "Q: x", "A:", "C:", "<!--", "```", "~~~",
        "- ", "1. ", "`", "*", "\\", "\x00", "\ue000", "日本", "{{c1::x::hint}}"]  # fmt: skip
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
    """The plain statement of the rule: keep the non-empty lines, escaped; a hard break ends
    each line that another line follows."""
    lines = [escape_line(raw.strip(" ")) for raw in text.split(BREAK) if raw.strip(" ")]
    return (
        "\n".join(line + "\\" for line in lines[:-1])
        + ("\n" if len(lines) > 1 else "")
        + (lines[-1] if lines else "")
    )


JOINED = [BREAK, " ", "- ", "-", "1.", "1. ", "* x", "Q: q", "<!--", "```", "text", "\t", "# h",
          ">", "---", "|-|"]  # fmt: skip


@given(st.lists(st.sampled_from(JOINED), max_size=12))
def test_lines_are_joined_by_the_rule(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert join_lines(text) == _two_pass_join(text)
