"""TextLines: a text's lines, read by index like a list of them."""

from __future__ import annotations

from tandem.decks.lines import TextLines


def test_lines_read_like_a_split_list_from_either_end() -> None:
    text = "Q: a\nA: b\n\nQ: c\nA: d"
    lines, split = TextLines(text), text.split("\n")
    # -1 first: the last line kept for the next look must not answer an index it never read
    assert [lines[-1], lines[-2], lines[0], lines[0], lines[4], lines[-5]] == [
        split[-1],
        split[-2],
        split[0],
        split[0],
        split[4],
        split[-5],
    ]
    assert lines[1:3] == split[1:3]
    assert list(lines) == split
