"""A bad deck file costs only that file: `tandem sync` takes the others and exits 65."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli

GOOD_A = "Q: one?\nA: 1\n<!-- id: aaaa0001 -->\n"
GOOD_B = "Q: two?\nA: 2\n<!-- id: bbbb0001 -->\n"
BAD = "Q: three?\nA: 3\n<!-- id: cccc0001 -->\n"
BROKEN = (
    "Q: three, edited?\nA: 3\n<!-- id: cccc0001 -->\n\nQ: no answer \x1b[31mred\n\nC: no deletion\n"
)


pytestmark = pytest.mark.usefixtures("held_cards_both_ways")


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    for name, text in {"a.md": GOOD_A, "b.md": GOOD_B, "c.md": BAD}.items():
        (folder / name).write_text(text)
    result = CliRunner().invoke(cli, ["sync"])
    assert result.exit_code == 0, result.output
    return folder


def _notes(tmp_path: Path) -> dict[str, tuple[str, int]]:
    with sqlite3.connect(tmp_path / "tandem.db") as conn:
        rows = conn.execute("SELECT id, question, retired FROM notes ORDER BY id").fetchall()
    return {str(note): (str(question), int(retired)) for note, question, retired in rows}


def test_sync_takes_the_good_files_and_leaves_the_bad_one(decks: Path, tmp_path: Path) -> None:
    (decks / "a.md").write_text(GOOD_A.replace("one?", "one, edited?"))
    (decks / "b.md").write_text(GOOD_B + "\nQ: four?\nA: 4\n<!-- id: bbbb0002 -->\n")
    (decks / "c.md").write_text(BROKEN)
    result = CliRunner().invoke(cli, ["sync"])
    assert result.exit_code == 65
    assert result.stdout.splitlines()[0] == (
        "1 added, 1 updated, 0 moved, 0 retired, 2 unchanged (3 files, 2 read)"
    )
    assert result.stderr.splitlines() == [
        "tandem: 1 deck file has problems (c.md): it is left as it was; the others are synced",
        "  c.md:5: control character U+001B",
        "  c.md:5: Q: without A: (a basic card needs an answer)",
        "  c.md:7: cloze has no deletion like {{c1::text}}",
    ]
    assert _notes(tmp_path) == {
        "aaaa0001": ("one, edited?", 0),
        "bbbb0001": ("two?", 0),
        "bbbb0002": ("four?", 0),
        "cccc0001": ("three?", 0),  # its old text, still active
    }
    again = CliRunner().invoke(cli, ["sync"])
    assert (again.exit_code, again.stderr.splitlines()[1]) == (
        65,
        "  c.md:5: control character U+001B",
    )


def test_the_problems_show_no_control_bytes(decks: Path) -> None:
    (decks / "c.md").write_text("Q: \x1b[2J\x1b]0;owned\x07?\n")
    result = CliRunner().invoke(cli, ["sync"])
    assert result.exit_code == 65
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert "c.md:1:" in result.stderr


def test_sync_json_carries_the_problems(decks: Path) -> None:
    (decks / "c.md").write_text(BROKEN)
    (decks / "d.md").write_text("Q: same id\nA: x\n<!-- id: aaaa0001 -->\n")
    result = CliRunner().invoke(cli, ["sync", "--json"])
    assert result.exit_code == 65
    data = json.loads(result.stdout)
    assert data["refused"] == ["c.md", "d.md"]
    assert data["problems"] == [
        "c.md:5: control character U+001B",
        "c.md:5: Q: without A: (a basic card needs an answer)",
        "c.md:7: cloze has no deletion like {{c1::text}}",
        "a.md: duplicate id 'aaaa0001' (also at d.md:1)",
        "d.md:1: duplicate id 'aaaa0001' (also at a.md)",
    ]
    assert (data["added"], data["retired"]) == (0, 0)


def test_the_retire_guard_counts_only_the_files_taken(decks: Path, tmp_path: Path) -> None:
    (decks / "a.md").write_text("")
    (decks / "b.md").write_text("")
    (decks / "c.md").write_text(BROKEN)
    refused = CliRunner().invoke(cli, ["sync"])
    assert refused.exit_code == 65
    assert "would retire 2 of the 3 notes" in refused.stderr
    assert all(retired == 0 for _, retired in _notes(tmp_path).values())
    forced = CliRunner().invoke(cli, ["sync", "--retire"])
    assert forced.exit_code == 65
    assert _notes(tmp_path) == {
        "aaaa0001": ("one?", 1),
        "bbbb0001": ("two?", 1),
        "cccc0001": ("three?", 0),
    }
