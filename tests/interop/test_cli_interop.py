"""``tandem import`` and ``tandem export`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tests.interop.conftest import CLOZE, NOTES_TXT, VOCAB


@pytest.fixture
def runner() -> CliRunner:
    runner = CliRunner()
    assert runner.invoke(cli, ["people", "add", "alice"]).exit_code == 0
    return runner


def test_import_text_summary_and_json(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["import", str(VOCAB), "--as", "alice"])
    assert result.exit_code == 0, result.output
    assert "30 notes, 60 cards (30 added, 0 updated, 0 unchanged)" in result.output
    assert "reviews: 110 added for alice, 0 already here" in result.output
    assert "wrote languages/spanish-vocab.md" in result.output
    again = runner.invoke(cli, ["import", str(VOCAB), "--as", "alice", "--json"])
    data = json.loads(again.output)
    assert (data["notes"], data["cards"], data["unchanged"], data["reviews"]) == (30, 60, 30, 0)
    assert data["reviews_known"] == 110
    assert runner.invoke(cli, ["check"]).exit_code == 0


def test_import_into_and_without_person(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["import", str(CLOZE), "--into", "anki", "--json"])
    data = json.loads(result.output)
    assert data["files"] == ["anki/biology/cells.md"]
    assert data["skipped"] == {"reviews (no --as NAME given)": 5}
    outside = runner.invoke(cli, ["import", str(CLOZE), "--into", "../elsewhere"])
    assert outside.exit_code == 65
    unknown = runner.invoke(cli, ["import", str(CLOZE), "--as", "nobody"])
    assert unknown.exit_code == 65
    assert "no person named 'nobody'" in unknown.output


def test_import_notes_txt(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["import", str(NOTES_TXT), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["cards"] == 17


def test_export_formats(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(cli, ["import", str(CLOZE), "--as", "alice"])
    text = runner.invoke(cli, ["export", "--format", "anki-txt"])
    assert text.exit_code == 0
    assert text.output.startswith("#separator:tab\n#html:true\n")
    assert len(text.output.splitlines()) == 6 + 10
    out = tmp_path / "notes.txt"
    saved = runner.invoke(cli, ["export", "--format", "anki-txt", "-o", str(out), "--json"])
    assert json.loads(saved.output)["notes"] == 10
    assert out.read_text() == text.output
    apkg = tmp_path / "x.apkg"
    packed = runner.invoke(cli, ["export", "--format", "apkg", "-o", str(apkg), "--as", "alice"])
    assert packed.exit_code == 0, packed.output
    assert "exported 10 notes (17 cards, 5 reviews)" in packed.output
    assert apkg.stat().st_size > 0
    bad = runner.invoke(cli, ["export", "--format", "anki-txt", "--json"])
    assert bad.exit_code == 2


def test_a_one_column_csv_exits_65_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "words.csv"
    path.write_text("perro,dog\nlonely line\n")
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 65
    assert "words.csv:2: one column only" in result.output
    listed = runner.invoke(cli, ["cards", "list", "--json"])
    assert json.loads(listed.output) == []


def test_an_obsidian_notes_schedules_are_due_for_the_person(
    runner: CliRunner, tmp_path: Path
) -> None:
    note = tmp_path / "Spanish.md"
    note.write_text(
        "#flashcards/spanish\n\nhouse::casa\n<!--SR:!2020-01-06,3,250-->\ndog::perro\n\n"
        "cat:::gato <!--SR:!2099-01-01,9,250!2000-01-01,0,250-->\n\n"
        "red::rojo <!--SR:!someday-->\n"
    )
    result = runner.invoke(cli, ["import", str(note), "--as", "alice"])
    assert result.exit_code == 0, result.output
    assert "2 due dates set by hand" in result.output
    assert "warning: Spanish.md:9: a schedule comment" in result.output
    [alice] = json.loads(runner.invoke(cli, ["due", "--as", "alice", "--json"]).output)
    assert (alice["review"], alice["new"]) == (1, 3)  # house overdue; cat ahead (2099)
    again = runner.invoke(cli, ["import", str(note), "--as", "alice", "--json"])
    data = json.loads(again.output)
    assert (data["due_dates"], data["reviews_known"]) == (0, 2)
