"""Front matter as the file had it: comments, key order and value styles survive fmt and edits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import examples

from tandem.cli import cli
from tandem.decks.model import Deck, FrontMatter, NotesBlock
from tandem.decks.parser import parse_deck
from tandem.decks.writer import format_text, write_deck

COMMENTED = """+++
# Pairing with Bob: keep these notes for the retro.
tags = ['git', "recovery"]   # literal and basic strings

title = "Rebase"  # what we named it
# the people, one a line:
partners = [
  "alice",  # leads
  "bob",
]

date = 2026-03-04
+++
"""
BODY = """
Notes of the session.

Q: What does `git reflog` show?
A: Where HEAD has been.
<!-- id: k7q2m9x4 · by: alice -->
"""


def test_fmt_keeps_comments_blank_lines_and_key_order_byte_for_byte() -> None:
    text = COMMENTED + BODY
    assert format_text(text) == text
    assert parse_deck(text).front == FrontMatter(
        title="Rebase",
        date=dt.date(2026, 3, 4),
        partners=["alice", "bob"],
        tags=["git", "recovery"],
    )


def test_fmt_tidies_only_trailing_spaces_outer_blank_lines_crlf_and_delimiters() -> None:
    messy = "+++  \n\n# why  \ntitle = 'x'\t\n\n+++\t\r\nQ: q\r\nA: a\r\n"
    assert format_text(messy) == "+++\n# why\ntitle = 'x'\n+++\n\nQ: q\nA: a\n"


def test_fmt_and_check_of_a_commented_deck_exit_0(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    deck = decks / "rebase.md"
    deck.write_text(COMMENTED + "\n\n" + BODY.strip("\n") + "\n\n\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["--decks", str(decks), "fmt", "--check"]).exit_code == 1
    assert runner.invoke(cli, ["--decks", str(decks), "fmt"]).exit_code == 0
    assert deck.read_text() == COMMENTED + BODY
    assert runner.invoke(cli, ["--decks", str(decks), "fmt", "--check"]).exit_code == 0


def test_a_front_matter_tandem_makes_is_canonical() -> None:
    front = FrontMatter(title='a "b"', date=dt.date(2026, 3, 4), partners=["bob"], tags=["x"])
    assert write_deck(Deck(front=front, blocks=[NotesBlock(text="n")])) == (
        '+++\ntitle = "a \\"b\\""\ndate = 2026-03-04\npartners = ["bob"]\ntags = ["x"]\n+++\n\nn\n'
    )


def test_a_changed_value_is_changed_in_place_and_the_rest_is_kept() -> None:
    deck = parse_deck(COMMENTED + BODY)
    assert deck.front is not None
    front = deck.front.model_copy(update={"title": 'Rebase "onto"', "partners": ["carol"]})
    text = write_deck(deck.model_copy(update={"front": front}))
    assert text == (
        COMMENTED.replace('title = "Rebase"', 'title = "Rebase \\"onto\\""').replace(
            '[\n  "alice",  # leads\n  "bob",\n]', '["carol"]'
        )
        + BODY
    )
    assert parse_deck(text).front == front


def test_a_removed_value_takes_its_line_and_a_new_one_goes_last() -> None:
    deck = parse_deck(COMMENTED + BODY)
    assert deck.front is not None
    front = deck.front.model_copy(update={"date": None, "tags": [], "title": None})
    text = write_deck(deck.model_copy(update={"front": front}))
    assert text.split("+++")[1] == (
        "\n# Pairing with Bob: keep these notes for the retro.\n\n"
        '# the people, one a line:\npartners = [\n  "alice",  # leads\n  "bob",\n]\n'
    )
    without = parse_deck(text).front
    assert without is not None
    added = without.model_copy(update={"date": dt.date(2027, 1, 2)})
    text = write_deck(Deck(front=added))
    assert text.endswith('  "bob",\n]\ndate = 2027-01-02\n+++\n')
    assert parse_deck(text).front == added


def test_a_source_that_cannot_hold_the_values_gives_way_to_canonical_lines() -> None:
    for source in ["title = [", "author = 'x'", "title = 'x'\n+++", "title = 'x\u0007'"]:
        front = FrontMatter(title="t", source=source)
        assert write_deck(Deck(front=front)) == '+++\ntitle = "t"\n+++\n'


def test_a_front_matter_of_comments_only_is_kept() -> None:
    text = "+++\n# nothing set yet\n+++\n"
    assert parse_deck(text).front == FrontMatter()
    assert format_text(text) == text


# Hypothesis: front matter written in many TOML styles, with comments and blank lines.
TITLES = st.sampled_from(["Rebase", "a 'q' b", 'say "hi"', "back\\slash", "日本 🙂", "# not a c"])
NAMES = st.lists(st.sampled_from(["alice", "bob", "Anna Maria"]), max_size=3)
COMMENT = st.sampled_from(["# a comment", "#", "#+++ not a delimiter", "  # indented", "# ñ · x"])
EOL = st.sampled_from(["", "  # why", " #", "\t# tab"])
KEY_STYLE = st.sampled_from(["{k}", '"{k}"', "'{k}'"])


def _string(draw: st.DrawFn, value: str) -> str:
    literal = "'" not in value and draw(st.booleans())
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f"'{value}'" if literal else f'"{escaped}"'


def _array(draw: st.DrawFn, values: list[str]) -> str:
    items = [_string(draw, v) for v in values]
    if draw(st.booleans()) or not items:
        return "[" + ", ".join(items) + "]"
    return "[\n" + "".join(f"  {item},{draw(EOL)}\n" for item in items) + "]"


@st.composite
def front_sources(draw: st.DrawFn) -> tuple[str, FrontMatter]:
    values: dict[str, object] = {}
    lines: list[str] = []
    keys = draw(st.permutations(["title", "date", "partners", "tags"]))
    for key in keys[: draw(st.integers(0, 4))]:
        lines += draw(st.lists(COMMENT | st.just(""), max_size=2))
        if key == "title":
            values[key] = draw(TITLES)
            value = _string(draw, str(values[key]))
        elif key == "date":
            values[key] = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
            value = str(values[key])
        else:
            names = draw(NAMES) if key == "partners" else draw(NAMES.map(_tags))
            values[key] = names
            value = _array(draw, names)
        lines.append(f"{draw(KEY_STYLE).format(k=key)} = {value}{draw(EOL)}")
    lines += draw(st.lists(COMMENT, max_size=2))
    return "\n".join(lines), FrontMatter.model_validate(values)


def _tags(names: list[str]) -> list[str]:
    return [name.replace(" ", "-") for name in names]


@settings(max_examples=examples(200), deadline=None)
@given(front_sources(), st.sampled_from(["", "  ", "\t"]), st.sampled_from(["", "\n", "\n \n"]))
def test_fmt_of_commented_front_matter_is_idempotent_and_keeps_it(
    source: tuple[str, FrontMatter], trailing: str, around: str
) -> None:
    body, front = source
    messy = body.replace("\n", trailing + "\n")
    text = f"+++{trailing}\n{around}{messy}{around}\n+++\n\n" + BODY.lstrip("\n")
    formatted = format_text(text)
    assert format_text(formatted) == formatted
    kept = body.strip("\n")  # blank lines at the start and end go, as around notes
    assert formatted == (f"+++\n{kept}\n+++\n\n" if kept else "+++\n+++\n\n") + BODY.lstrip("\n")
    deck = parse_deck(formatted)
    assert deck == parse_deck(text)
    assert deck.front == front
    assert parse_deck(write_deck(deck)) == deck
