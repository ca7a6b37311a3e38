"""``tandem check --format github``: problems as GitHub Actions annotations, escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.decks.problems import Problem
from tandem.render.annotations import annotation, github_annotations


def test_an_annotation_escapes_data_and_properties() -> None:
    line = annotation("decks/a,b:c%d.md", 7, "100% wrong:\nsee, here\r")
    assert line == "::error file=decks/a%2Cb%3Ac%25d.md,line=7::100%25 wrong:%0Asee, here%0D"


def test_paths_are_relative_to_the_working_folder_when_inside_it(tmp_path: Path) -> None:
    problems = [
        Problem(path=str(tmp_path / "decks" / "a.md"), line=3, message="question is empty"),
        Problem(path="decks/b.md", line=1, message="x"),
        Problem(path="/elsewhere/c.md", line=2, message="y"),
    ]
    assert github_annotations(problems, cwd=tmp_path) == [
        "::error file=decks/a.md,line=3::question is empty",
        "::error file=decks/b.md,line=1::x",
        "::error file=/elsewhere/c.md,line=2::y",
    ]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root holding decks/, the working folder of a CI job."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "ok.md").write_text("Q: fine?\nA: yes\n")
    (decks / "we, 100%: notes.md").write_text("Q: one\nA: 1\n<<<<<<< HEAD\n=======\n>>>>>>> x\n")
    (decks / "sub").mkdir()
    (decks / "sub" / "empty.md").write_text("Q:\nA: nothing asked\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TANDEM_DECKS", str(decks))  # absolute, as a config would give it
    return tmp_path


def test_check_prints_annotations_for_a_ci(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--format", "github"])
    assert result.exit_code == 65
    assert result.stdout.splitlines() == [
        "::error file=decks/we%2C 100%25%3A notes.md,line=3::unresolved merge conflict",
        "::error file=decks/we%2C 100%25%3A notes.md,line=4::unresolved merge conflict",
        "::error file=decks/we%2C 100%25%3A notes.md,line=5::unresolved merge conflict",
        "::error file=decks/sub/empty.md,line=1::question is empty",
    ]
    assert result.stderr == "4 problem(s)\n"


def test_text_stays_the_default(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "decks/sub"])
    assert (result.exit_code, result.stdout) == (65, "decks/sub/empty.md:1: question is empty\n")
    github = CliRunner().invoke(cli, ["check", "--format", "github", "decks/ok.md"])
    assert (github.exit_code, github.stdout) == (0, "")


def test_a_control_character_in_a_name_never_reaches_the_terminal(repo: Path) -> None:
    (repo / "decks" / "evil\x1b[2J.md").write_text("Q: a\nA: b\n")
    result = CliRunner().invoke(cli, ["check", "--format", "github"])
    assert "\x1b" not in result.stdout
    assert "::error file=decks/evil\\x1b[2J.md,line=1::file: name contains control characters" in (
        result.stdout.splitlines()
    )
