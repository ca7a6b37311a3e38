"""``tandem fmt --ids`` and ``tandem check --require-ids``; ids that sync and fmt agree on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tandem.cli import cli
from tandem.decks.derived_ids import candidate_id
from tandem.decks.parser import parse_deck
from tandem.services import Services

HAS_ID = "Q: one?\nA: 1\n<!-- id: aaaa1111 · by: alice -->\n"
NEW = "Q: two?\nA: 2\n"
NEW_ID = candidate_id("sample.md", "basic", "two?", "2")


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "sample.md").write_text(f"{HAS_ID}\n{NEW}")
    return folder


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def ids_of(path: Path) -> list[str | None]:
    return [card.id for card in parse_deck(path.read_text()).cards]


def test_fmt_ids_writes_the_derived_id_and_formats(decks: Path) -> None:
    (decks / "sample.md").write_text(f"{HAS_ID}\n\n\nQ:two?\nA: 2\n")
    result = run("fmt", "--ids")
    assert result.exit_code == 0, result.output
    target = decks / "sample.md"
    assert result.output == f"reformatted {target}\nwrote 1 new id(s) into {target}\n"
    assert target.read_text() == f"{HAS_ID}\n{NEW}<!-- id: {NEW_ID} -->\n"
    again = run("fmt", "--ids", "--check")
    assert (again.exit_code, again.output) == (0, "")


def test_fmt_ids_check_lists_files_without_ids_and_writes_nothing(decks: Path) -> None:
    before = (decks / "sample.md").read_bytes()
    result = run("fmt", "--ids", "--check")
    assert result.exit_code == 1
    assert result.output == f"would write 1 new id(s) into {decks / 'sample.md'}\n"
    assert (decks / "sample.md").read_bytes() == before
    plain = run("fmt", "--check")  # without --ids a missing id is not fmt's business
    assert (plain.exit_code, plain.output) == (0, "")


def test_fmt_ids_names_a_file_by_its_path_in_the_decks_folder(decks: Path) -> None:
    (decks / "git").mkdir()
    nested = decks / "git" / "rebase.md"
    nested.write_text(NEW)
    result = run("fmt", "--ids", str(nested))
    assert result.exit_code == 0, result.output
    assert ids_of(nested) == [candidate_id("git/rebase.md", "basic", "two?", "2")]
    assert ids_of(decks / "sample.md") == ["aaaa1111", None]  # not named: left alone


def test_fmt_ids_refuses_a_file_outside_the_decks_folder(decks: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(NEW)
    result = CliRunner().invoke(cli, ["fmt", "--ids", str(outside)])
    assert result.exit_code == 65
    assert f"{outside}:1: not inside the decks folder {decks}" in result.output
    assert outside.read_text() == NEW


def test_fmt_ids_avoids_ids_used_in_other_deck_files(decks: Path) -> None:
    (decks / "other.md").write_text(f"Q: x\nA: y\n<!-- id: {NEW_ID} -->\n")
    assert run("fmt", "--ids", str(decks / "sample.md")).exit_code == 0
    assert ids_of(decks / "sample.md") == [
        "aaaa1111",
        candidate_id("sample.md", "basic", "two?", "2", attempt=1),
    ]


def test_check_require_ids_reports_each_card_without_an_id(decks: Path) -> None:
    (decks / "b.md").write_text(f"# notes\n\n{NEW}\nC: {{{{c1::x}}}}\n")
    assert run("check").exit_code == 0
    result = CliRunner().invoke(cli, ["check", "--require-ids"])
    assert result.exit_code == 65
    msg = "card has no id (run tandem fmt --ids)"
    assert result.stdout.splitlines() == [
        f"{decks / 'b.md'}:3: {msg}",
        f"{decks / 'b.md'}:6: {msg}",
        f"{decks / 'sample.md'}:5: {msg}",
    ]
    assert run("fmt", "--ids").exit_code == 0
    clean = run("check", "--require-ids")
    assert (clean.exit_code, clean.output) == (0, "")


def test_check_require_ids_orders_missing_ids_among_other_problems(decks: Path) -> None:
    (decks / "sample.md").write_text(f"{NEW}\nQ: lost\n")
    result = CliRunner().invoke(cli, ["check", "--require-ids", str(decks / "sample.md")])
    assert result.exit_code == 65
    name = decks / "sample.md"
    assert result.stdout.splitlines() == [
        f"{name}:1: card has no id (run tandem fmt --ids)",
        f"{name}:4: Q: without A: (a basic card needs an answer)",
        f"{name}:4: card has no id (run tandem fmt --ids)",
    ]


def test_sync_writes_what_fmt_ids_writes(decks: Path, tmp_path: Path) -> None:
    (decks / "git").mkdir()
    (decks / "git" / "a.md").write_text(f"{NEW}\nC: {{{{c1::x}}}}\n<!-- by: bob -->\n")
    twin = tmp_path / "twin"
    twin.mkdir()
    for path in decks.rglob("*.md"):
        (twin / path.relative_to(decks)).parent.mkdir(exist_ok=True)
        (twin / path.relative_to(decks)).write_bytes(path.read_bytes())
    assert run("sync").exit_code == 0  # a folder outside git: sync writes the ids
    assert run("--decks", str(twin), "fmt", "--ids").exit_code == 0
    for path in decks.rglob("*.md"):
        assert (twin / path.relative_to(decks)).read_bytes() == path.read_bytes()
    canonical = run("--decks", str(twin), "fmt", "--ids", "--check")
    assert (canonical.exit_code, canonical.output) == (0, "")
    assert ids_of(decks / "git" / "a.md") == [
        candidate_id("git/a.md", "basic", "two?", "2"),
        candidate_id("git/a.md", "cloze", "{{c1::x}}", ""),
    ]


def test_an_id_once_written_survives_an_edit_of_the_card(decks: Path) -> None:
    assert run("sync").exit_code == 0
    deck = decks / "sample.md"
    deck.write_text(deck.read_text().replace("Q: two?\nA: 2", "Q: two, edited?\nA: 2 (two)"))
    assert run("sync").exit_code == 0
    assert run("fmt", "--ids").exit_code == 0
    assert ids_of(deck) == ["aaaa1111", NEW_ID]
    assert "two, edited?" in deck.read_text()


def test_identical_cards_in_one_deck_take_ids_in_file_order(decks: Path) -> None:
    (decks / "sample.md").write_text(f"{NEW}\n{NEW}\n{NEW}")
    assert run("sync").exit_code == 0
    assert ids_of(decks / "sample.md") == [
        candidate_id("sample.md", "basic", "two?", "2", attempt=n) for n in range(3)
    ]


def test_a_card_written_again_takes_back_its_retired_id(decks: Path, svc: Services) -> None:
    # The id is in no deck file any more, so fmt --ids (which has no database) derives it
    # again; sync derives the same, and the retired note comes back with its history.
    deck = decks / "sample.md"
    svc.sync.run()
    deck.write_text(HAS_ID)
    assert svc.sync.run().retired == 1
    note = svc.ctx.cards.note(NEW_ID)
    assert note is not None
    assert note.retired
    deck.write_text(f"{HAS_ID}\n{NEW}")
    report = svc.sync.run()
    assert (report.ids_assigned, report.added) == (1, 0)
    assert ids_of(deck) == ["aaaa1111", NEW_ID]
    note = svc.ctx.cards.note(NEW_ID)
    assert note is not None
    assert not note.retired


def test_the_app_tells_of_cards_left_out() -> None:
    from tandem.services.sync.outcome import SyncReport
    from tandem.tui.syncing import deck_notices, describe

    alone = SyncReport(files=1, left_out=1, left_out_of=["a.md"])  # nothing else changed
    assert deck_notices(alone) == [
        "Synced 1 deck file: 1 new card left out (no id yet: tandem fmt --ids)"
    ]

    report = SyncReport(files=2, added=1, left_out=3, left_out_of=["a.md"])
    assert describe(report) == (
        "Synced 2 deck files: 1 added, 3 new cards left out (no id yet: tandem fmt --ids)"
    )
