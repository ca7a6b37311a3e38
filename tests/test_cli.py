"""The command line: help everywhere, exit codes of the contract, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tandem.cli import cli

SAMPLE = """+++
title = "Sample"
+++

Q: one?
A: 1
<!-- id: aaaa1111 · by: alice -->

Q: two?
A: 2
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "sample.md").write_text(SAMPLE)
    return folder


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(cli))
def test_every_command_has_help_and_global_options(
    runner: CliRunner, command: tuple[str, ...]
) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "--db" in result.output
    assert "--decks" in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for command in _commands(cli):
        assert f"tandem {' '.join(command)}" in readme, command


def test_people_add_list_and_errors(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["people", "add", "alice"]).exit_code == 0
    assert runner.invoke(cli, ["people", "add", "bob"]).exit_code == 0
    again = runner.invoke(cli, ["people", "add", "alice"])
    assert again.exit_code == 1
    assert "already here" in again.output
    bad = runner.invoke(cli, ["people", "add", "1[b]x"])
    assert bad.exit_code == 65
    listed = runner.invoke(cli, ["people", "list", "--json"])
    assert json.loads(listed.output) == ["alice", "bob"]


def test_people_names_in_any_script_one_person_whatever_the_case(runner: CliRunner) -> None:
    for name in ("Alice", "José", "Zoë"):
        added = runner.invoke(cli, ["people", "add", name])
        assert (added.exit_code, added.output) == (0, f"added {name}\n")
    # ``e`` + combining acute is the same José; ``alice`` is Alice
    for same, known in (("alice", "Alice"), ("JOSE\u0301", "José"), ("zoë", "Zoë")):
        again = runner.invoke(cli, ["people", "add", same])
        assert again.exit_code == 1
        assert f"'{known}' is already here" in again.output
    listed = runner.invoke(cli, ["people", "list", "--json"])
    assert json.loads(listed.output) == ["Alice", "José", "Zoë"]
    due = runner.invoke(cli, ["due", "--as", "alice", "--json"])
    assert due.exit_code == 0, due.output
    assert json.loads(due.output)[0]["person"] == "Alice"


@pytest.mark.parametrize("name", ["a/b", "a\\b", "..", "a b", "al\x1bce", "a\u202eb", "_x", "7up"])
def test_people_names_never_hold_separators_or_controls(runner: CliRunner, name: str) -> None:
    refused = runner.invoke(cli, ["people", "add", name])
    assert refused.exit_code == 65
    assert "invalid name" in refused.output
    assert json.loads(runner.invoke(cli, ["people", "list", "--json"]).output) == []


def test_sync_due_and_json(runner: CliRunner, decks: Path) -> None:
    runner.invoke(cli, ["people", "add", "alice"])
    synced = runner.invoke(cli, ["sync", "--json"])
    assert synced.exit_code == 0, synced.output
    report = json.loads(synced.output)
    assert (report["added"], report["ids_assigned"]) == (2, 1)
    assert "<!-- id: " in (decks / "sample.md").read_text().split("Q: two?")[1]
    due = runner.invoke(cli, ["due", "--as", "alice", "--json"])
    [alice] = json.loads(due.output)
    assert (alice["new"], alice["total"]) == (2, 2)
    assert alice["decks"][0]["title"] == "Sample"
    text = runner.invoke(cli, ["due"])
    assert "alice: 2 due (learning 0, review 0, new 2)" in text.output


def test_unknown_person_is_exit_65(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["due", "--as", "nobody"])
    assert result.exit_code == 65
    assert "no person named 'nobody'" in result.output


def test_usage_error_is_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["log", "export"]).exit_code == 2
    assert runner.invoke(cli, ["no-such-command"]).exit_code == 2


def test_missing_log_file_is_exit_66(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["log", "import", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 66


def test_not_a_tandem_database_is_exit_74(runner: CliRunner, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    result = runner.invoke(cli, ["--db", str(junk), "people", "list"])
    assert result.exit_code == 74
    assert "cannot open database" in result.output


def test_db_option_after_the_command(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    assert runner.invoke(cli, ["people", "add", "carol", "--db", str(db)]).exit_code == 0
    assert db.exists()
    listed = runner.invoke(cli, ["people", "list", "--db", str(db)])
    assert listed.output.split() == ["carol"]


def test_log_export_import_round_trip(runner: CliRunner, decks: Path, tmp_path: Path) -> None:
    runner.invoke(cli, ["people", "add", "alice"])
    runner.invoke(cli, ["sync"])
    lines = [
        {
            "id": f"r{i}",
            "card": "aaaa1111",
            "person": "alice",
            "rating": 3,
            "at": f"2026-01-0{i}T10:00:00Z",
            "grader": "alice",
        }  # fmt: skip
        for i in (1, 2)
    ]
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(line) + "\n" for line in lines))
    first = runner.invoke(cli, ["log", "import", str(log), "--json"])
    assert json.loads(first.output)["added"] == 2
    second = runner.invoke(cli, ["log", "import", str(log), "--json"])
    assert json.loads(second.output)["skipped"] == 2
    exported = runner.invoke(cli, ["log", "export", "--as", "alice"])
    assert [json.loads(line) for line in exported.output.splitlines()] == lines


def test_bad_log_line_is_exit_65_with_file_and_line(
    runner: CliRunner, decks: Path, tmp_path: Path
) -> None:
    runner.invoke(cli, ["people", "add", "alice"])
    runner.invoke(cli, ["sync"])
    log = tmp_path / "log.jsonl"
    log.write_text('{"id": "x", "card": "aaaa1111", "person": "alice", "rating": 9, '
                   '"at": "2026-01-01T00:00:00Z", "grader": "alice"}\n')  # fmt: skip
    result = runner.invoke(cli, ["log", "import", str(log)])
    assert result.exit_code == 65
    assert f"{log}:1: rating:" in result.output
    assert "nothing was imported" in result.output


def test_locate_json(runner: CliRunner, tmp_path: Path) -> None:
    places = json.loads(runner.invoke(cli, ["locate", "--json"]).output)
    assert places["database"] == str(tmp_path / "tandem.db")
    assert places["decks"] == str(tmp_path / "decks")


def test_doctor_ok_and_rebuild(runner: CliRunner, decks: Path) -> None:
    runner.invoke(cli, ["people", "add", "alice"])
    runner.invoke(cli, ["sync"])
    result = runner.invoke(cli, ["doctor", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["ok"] is True
    assert runner.invoke(cli, ["doctor", "--rebuild", "--full"]).exit_code == 0


def test_python_dash_m_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "tandem", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "tandem" in result.stdout


def test_check_lists_every_problem_and_exits_65(runner: CliRunner, decks: Path) -> None:
    (decks / "bad.md").write_text("Q: no answer\n\nC: no deletion\n")
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 65
    lines = [line for line in result.output.splitlines() if line.startswith(str(decks))]
    assert len(lines) == 2
    assert all(":" in line.removeprefix(str(decks / "bad.md")) for line in lines)
    assert runner.invoke(cli, ["check", str(decks / "sample.md")]).exit_code == 0


def test_check_of_a_missing_path_is_exit_66(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(cli, ["check", str(tmp_path / "nope.md")]).exit_code == 66


def test_fmt_check_then_fmt(runner: CliRunner, decks: Path) -> None:
    messy = decks / "messy.md"
    messy.write_bytes(b"Q: one?\r\nA: 1\r\n\r\n\r\n\r\nQ: two?\r\nA: 2\r\n")
    check = runner.invoke(cli, ["fmt", "--check"])
    assert check.exit_code == 1
    assert f"would reformat {messy}" in check.output
    assert b"\r\n" in messy.read_bytes()
    assert runner.invoke(cli, ["fmt"]).exit_code == 0
    assert messy.read_bytes() == b"Q: one?\nA: 1\n\nQ: two?\nA: 2\n"
    assert runner.invoke(cli, ["fmt", "--check"]).exit_code == 0


def test_sync_with_a_bad_deck_is_exit_65_and_writes_nothing_into_it(
    runner: CliRunner, decks: Path
) -> None:
    (decks / "bad.md").write_text("Q: no answer\n")
    result = runner.invoke(cli, ["sync"])
    assert result.exit_code == 65
    assert "bad.md:1:" in result.output
    assert (decks / "bad.md").read_text() == "Q: no answer\n"
    assert "<!-- id:" in (decks / "sample.md").read_text()  # the good file is synced
