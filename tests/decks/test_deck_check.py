"""Tests of check_text and check_files: every problem, with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.decks.check import MAX_BYTES, check_files, check_text, read_deck
from tandem.decks.parser import parse_deck
from tandem.decks.problems import DeckError, Problem


def problems(data: bytes | str, path: str = "d.md") -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    return [str(problem) for problem in check_text(raw, path)]


def test_a_valid_file_has_no_problems() -> None:
    assert problems('+++\ntitle = "t"\n+++\n\nQ: a\nA: b\n<!-- id: abcd -->\n') == []


def test_problem_prints_as_path_line_message() -> None:
    problem = Problem(path="decks/x.md", line=3, message="boom")
    assert str(problem) == "decks/x.md:3: boom"
    with pytest.raises(ValueError, match="frozen"):
        problem.line = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q: a\n\nnotes\n", "d.md:1: Q: without A: (a basic card needs an answer)"),
        ("notes\nA: b\n", "d.md:2: A: without a Q: before it"),
        ("Q:\nA: b\n", "d.md:1: question is empty"),
        ("C: no deletion here\n", "d.md:1: cloze has no deletion like {{c1::text}}"),
        (
            "\nC: {{c1::x}}\n<!-- reverse -->\n",
            "d.md:3: reverse is only for Q:/A: cards, not for a cloze",
        ),
        (
            "Q: a\nA: b\n<!-- id: abcd\n",
            "d.md:3: malformed meta line: expected <!-- id: … · by: … --> on one line",
        ),
        ("Q: a\nA: b\n<!-- -->\n", "d.md:3: malformed meta line: it has no fields"),
        (
            "Q: a\nA: b\n<!-- TODO -->\n",
            "d.md:3: unknown meta field 'TODO' (known: id, by, tags, reverse, guid)",
        ),
        (
            "Q: a\nA: b\n<!-- id: abcd · id: efgh -->\n",
            "d.md:3: meta field 'id' appears twice",
        ),
        (
            "Q: a\nA: b\n<!-- id: K7Q2 -->\n",
            "d.md:3: invalid id 'K7Q2': use 4-32 lower-case letters and digits",
        ),
        (
            "Q: a\nA: b\n<!-- id: abc -->\n",
            "d.md:3: invalid id 'abc': use 4-32 lower-case letters and digits",
        ),
        ("Q: a\nA: b\n<!-- by: -->\n", "d.md:3: invalid name '' in by:"),
        (
            "Q: a\nA: b\n<!-- tags: a b -->\n",
            "d.md:3: invalid tag 'a b': tags are separated by commas, without spaces or ·",
        ),
        ("Q: a\nA: b\n\n<!-- id: abcd -->\n", "d.md:4: meta line is not directly under a card"),
        ("Q: a\nA: ```\ncode\n", "d.md:2: code fence is not closed"),
        ("notes\n~~~\nQ: a\nA: b\n", "d.md:2: code fence is not closed"),
        ('+++\ntitle = "t"\n', "d.md:1: front matter is not closed: add a +++ line after it"),
        (
            '+++\ntitle = "t"\nauthor = "me"\n+++\n',
            "d.md:3: unknown front-matter key 'author' (known: title, date, partners, tags)",
        ),
        (
            "+++\n[extra]\nx = 1\n+++\n",
            "d.md:2: unknown front-matter key 'extra' (known: title, date, partners, tags)",
        ),
        (
            "+++\ntitle = 3\n+++\n",
            "d.md:2: front-matter title must be a one-line string without control characters",
        ),
        (
            '+++\ndate = "2026-03-04"\n+++\n',
            "d.md:2: front-matter date must be a date like 2026-03-04",
        ),
        (
            "+++\n\ndate = 2026-03-04T10:00:00Z\n+++\n",
            "d.md:3: front-matter date must be a date like 2026-03-04",
        ),
        (
            '+++\npartners = "alice"\n+++\n',
            'd.md:2: front-matter partners must be a list of names, like ["alice", "bob"]',
        ),
        (
            '+++\ntags = ["a", 1]\n+++\n',
            "d.md:2: front-matter tags must be a list of tags without spaces, commas or ·",
        ),
        (
            '+++\ntitle = "t"\ntitle = "u"\n+++\n',
            "d.md:3: invalid TOML in front matter: Cannot overwrite a value",
        ),
        ("+++\ntitle = \n+++\n", "d.md:2: invalid TOML in front matter: Invalid value"),
        ("Q: a\r\nA: b\r\n", "d.md:1: CRLF line endings: tandem fmt converts them to LF"),
        ("notes\nbell \x07 here\n", "d.md:2: control character U+0007"),
        (
            "notes\nlone \r return\n",
            "d.md:2: control character U+000D (a carriage return outside a CRLF line end)",
        ),
        (
            "Q: a\nA: evil \u202e txt\n",
            "d.md:2: bidi override character U+202E (it can hide what the text says)",
        ),
        (
            "Q: a \u2066 b\nA: b\n",
            "d.md:1: bidi override character U+2066 (it can hide what the text says)",
        ),
    ],
)
def test_each_problem_has_a_clear_message_at_the_right_line(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_invalid_utf8_is_reported_at_the_line_of_the_bad_byte() -> None:
    data = b"notes\nQ: caf\xe9\nA: ok\nmore \xff\xfe bytes\n"
    assert problems(data) == [
        "d.md:2: invalid UTF-8 (byte 0xe9)",
        "d.md:4: invalid UTF-8 (byte 0xff)",
    ]


def test_a_bom_is_accepted() -> None:
    assert problems(b"\xef\xbb\xbfQ: a\nA: b\n") == []


def test_tab_and_other_unicode_are_fine() -> None:
    assert problems("Q: a\tb 🙂 e\u0301 \u200b\nA: 日本\n") == []


def test_all_problems_of_a_file_come_in_one_run() -> None:
    text = (
        "+++\nauthor = 1\n+++\n"  # line 2
        "Q: a\n\n"  # line 4
        "C: nothing\n<!-- id: abcd · reverse -->\n"  # lines 6, 7
        "Q: x\nA: y \x01\n<!-- id: abcd -->\n"  # lines 8-10
    )
    assert problems(text) == [
        "d.md:2: unknown front-matter key 'author' (known: title, date, partners, tags)",
        "d.md:4: Q: without A: (a basic card needs an answer)",
        "d.md:6: cloze has no deletion like {{c1::text}}",
        "d.md:7: reverse is only for Q:/A: cards, not for a cloze",
        "d.md:7: duplicate id 'abcd' (also at d.md:10)",
        "d.md:9: control character U+0001",
        "d.md:10: duplicate id 'abcd' (also at d.md:7)",
    ]


def test_a_file_over_the_limit_is_not_parsed() -> None:
    data = b"\xff" * (MAX_BYTES + 1)
    assert problems(data) == [
        "d.md:1: file is too large (10000001 bytes; the limit is 10000000); not checked"
    ]


def test_check_files_reports_duplicates_across_files_at_both_places(tmp_path: Path) -> None:
    one = tmp_path / "one.md"
    two = tmp_path / "two.md"
    one.write_text("Q: a\nA: b\n<!-- id: abcd -->\n\nQ: c\nA: d\n<!-- id: efgh -->\n")
    two.write_text("notes\n\nQ: e\nA: f\n<!-- id: abcd · by: bob -->\n")
    assert [str(p) for p in check_files([one, two])] == [
        f"{one}:3: duplicate id 'abcd' (also at {two}:5)",
        f"{two}:5: duplicate id 'abcd' (also at {one}:3)",
    ]


def test_check_files_orders_by_file_then_line_and_reads_each_file_once(tmp_path: Path) -> None:
    one = tmp_path / "one.md"
    two = tmp_path / "two.md"
    one.write_text("A: x\nQ: y\n")
    two.write_bytes(b"Q: a\r\nA: b\r\n")
    assert [str(p) for p in check_files([two, one, two])] == [
        f"{two}:1: CRLF line endings: tandem fmt converts them to LF",
        f"{one}:1: A: without a Q: before it",
        f"{one}:2: Q: without A: (a basic card needs an answer)",
    ]


def test_check_files_reports_big_and_missing_files_without_reading_them(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 5)
    missing = tmp_path / "missing.md"
    assert [str(p) for p in check_files([big, missing])] == [
        f"{big}:1: file is too large (10000005 bytes; the limit is 10000000); not checked",
        f"{missing}:1: cannot read: No such file or directory",
    ]


def test_forbidden_characters_are_listed_for_the_first_twenty_lines_only() -> None:
    found = problems("\x07\n" * 100)
    assert len(found) == 21
    assert found[19] == "d.md:20: control character U+0007"
    assert found[20] == "d.md:21: more lines with forbidden characters follow (not listed)"


_LINES = st.sampled_from([
    "+++", 'title = "t"', "Q: a question", "A: an answer", "C: {{c1::cloze}} text",
    "C: no cloze", "<!-- id: abcd1234 · by: alice -->", "<!-- id: abcd1234 -->",
    "<!-- id: zz -->", "<!-- id: efgh5678 · reverse -->", "", "notes between cards",
    "```", "  indented", "Q:", "A:", "\u202e bidi", "caf\u00e9",
])  # fmt: skip


@given(st.lists(_LINES, max_size=14), st.booleans())
def test_read_deck_gives_the_parsed_deck_or_the_problems_of_one_scan(
    lines: list[str], bad_byte: bool
) -> None:
    data = "\n".join(lines).encode() + (b"\xff\n" if bad_byte else b"")
    deck, found = read_deck(data, "d.md")
    assert found == check_text(data, "d.md")
    if deck is None:
        assert found
        with pytest.raises((DeckError, UnicodeDecodeError)):
            parse_deck(data.decode("utf-8"), "d.md")
    else:
        assert found == []
        assert deck == parse_deck(data.decode("utf-8"), "d.md")


def test_an_empty_answer_before_text_is_a_problem_but_not_before_a_card() -> None:
    text = "Q: List them\nA:\n\n- ruthenium\n- rhodium\n\nQ: Empty\nA:\n\nQ: Next\nA: ok\n"
    problems = check_text(text.encode(), "d.md")
    assert [(p.line, p.message.split(" (")[0].split(",")[0]) for p in problems] == [
        (1, "this looks like a hashcards deck"),  # answers across blank lines are its habit
        (2, "answer is empty"),
    ]
    fine = "Q: Empty back\nA:\n<!-- id: abcd2345 -->\n\nQ: x\nA: y\n"
    assert check_text(fine.encode(), "d.md") == []


def test_another_tools_deck_is_named_with_how_to_import_it() -> None:
    hashcards = "Q: How many?\nA: 80\n\nC: An [agonist] binds.\n"
    problems = check_text(hashcards.encode(), "brain.md")
    assert problems[0].line == 1
    assert "looks like a hashcards deck" in problems[0].message
    assert problems[0].path == "brain.md"  # the file is named once, before the message
    assert "run 'tandem import' on it" in problems[0].message
    obsidian = "# AWS #flashcards/cloud\n\nport::8080\n"
    (only,) = check_text(obsidian.encode(), "aws.md")
    assert "Obsidian Spaced Repetition" in only.message
    # Notes that merely mention :: or #flashcards beside tandem cards are tandem's own.
    notes = "# C++ #flashcards\n\nstd::vector grows.\n\nQ: x\nA: y\n"
    assert check_text(notes.encode(), "cpp.md") == []
    assert check_text(b"# notes\n\nstd::vector is a thing\n", "n.md") == []
