"""``tandem quiz`` and ``tandem join`` on the command line (the TUI itself is not started)."""

from __future__ import annotations

from click.testing import CliRunner

from tandem.cli import cli


def test_quiz_help_names_the_roles_and_the_options() -> None:
    result = CliRunner().invoke(cli, ["quiz", "--help"])
    assert result.exit_code == 0
    for option in ("--asker", "--answerer", "--swap-every", "--all", "--shared", "--db"):
        assert option in result.output
    assert "tandem join --as ANSWERER" in result.output


def test_join_without_an_open_quiz_is_exit_66() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["people", "add", "bob"]).exit_code == 0
    result = runner.invoke(cli, ["join", "--as", "bob"])
    assert result.exit_code == 66
    assert "no open quiz with bob; start one with `tandem quiz`" in result.output


def test_join_as_someone_unknown_is_exit_65() -> None:
    result = CliRunner().invoke(cli, ["join", "--as", "nobody"])
    assert result.exit_code == 65
    assert "no person named 'nobody'" in result.output


def test_quiz_needs_two_different_people() -> None:
    runner = CliRunner()
    runner.invoke(cli, ["people", "add", "alice"])
    result = runner.invoke(cli, ["quiz", "--asker", "alice", "--answerer", "alice"])
    assert result.exit_code == 1
    assert "two different people" in result.output
    assert runner.invoke(cli, ["quiz", "--asker", "alice"]).exit_code == 2
