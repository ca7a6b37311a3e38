"""What is not a deck stays untouched: README.md, .tandemignore (gitignore syntax), comments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.decks.files import list_deck_folder
from tandem.decks.ignore import IgnoreRules
from tandem.models import BadInputError, FrozenClock
from tandem.services import Services, build_services
from tandem.storage.db import Store

# Not canonical (two blank lines) and without ids: fmt would rewrite it, sync would add ids.
LOOSE = "Q: {name}?\nA: {name}\n\n\nQ: {name} again?\nA: again\n"
README = "# Our decks\n\nQ: how do I add a card?\nA: write Q: and A: lines\n"
COMMENTED = "Intro.\n\n<!--\nQ: not yet\nA: draft\n-->\n\nQ: live?\nA: yes\n"
IGNORE = "# drafts are private\ndrafts/\n*.tmp.md\n!keep.tmp.md\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A decks folder with decks, READMEs and files its .tandemignore leaves out."""
    root = tmp_path / "decks"
    files = {
        "git.md": LOOSE.format(name="git"),
        "README.md": README,
        "readme.md": README,  # any case (and the files of case-insensitive systems)
        "lang/README.md": README,
        "lang/es.md": LOOSE.format(name="es"),
        "drafts/wip.md": LOOSE.format(name="wip"),
        "lang/drafts/more.md": LOOSE.format(name="more"),
        "scratch.tmp.md": LOOSE.format(name="scratch"),
        "keep.tmp.md": LOOSE.format(name="keep"),
        "notes.md": COMMENTED,
        ".tandemignore": IGNORE,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


DECKS = ["git.md", "keep.tmp.md", "notes.md", "lang/es.md"]  # a folder's files, then below
UNTOUCHED = [
    "README.md",
    "readme.md",
    "lang/README.md",
    "drafts/wip.md",
    "lang/drafts/more.md",
    "scratch.tmp.md",
]


def _bytes(root: Path, rels: list[str]) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in rels}


@pytest.fixture
def svc(tmp_path: Path, folder: Path, clock: FrozenClock) -> Services:
    return build_services(resolve_paths(decks=folder), db=Store(tmp_path / "t.db"), clock=clock)


def test_the_listing_skips_readmes_and_what_tandemignore_lists(folder: Path) -> None:
    assert [f.rel for f in list_deck_folder(folder).files] == DECKS


def test_rules_follow_gitignore(tmp_path: Path) -> None:
    root = tmp_path / "d"
    (root / "sub").mkdir(parents=True)
    (root / ".tandemignore").write_text("/top.md\nold/\n!README.md\n")
    (root / "sub" / ".tandemignore").write_text("*.md\n!keep.md\n")
    rules = IgnoreRules(root)
    assert [
        rel
        for rel in ["top.md", "sub/top.md", "old/a.md", "x/old/a.md", "README.md", "ReadMe.md"]
        + ["sub/a.md", "sub/keep.md", "sub/deeper/keep.md", "other/a.md"]
        if rules.ignores(rel)
    ] == ["top.md", "sub/top.md", "old/a.md", "x/old/a.md", "ReadMe.md", "sub/a.md"]


def test_a_file_in_an_ignored_folder_cannot_be_taken_back(tmp_path: Path) -> None:
    (tmp_path / ".tandemignore").write_text("drafts/\n!drafts/keep.md\n")
    assert IgnoreRules(tmp_path).ignores("drafts/keep.md")


def test_default_readme_rule_without_any_tandemignore(tmp_path: Path) -> None:
    rules = IgnoreRules(tmp_path)
    ignored = [
        r for r in ["README.md", "a/b/Readme.md", "README-es.md", "x.md"] if rules.ignores(r)
    ]
    assert ignored == ["README.md", "a/b/Readme.md"]


def test_sync_takes_only_decks_and_leaves_the_rest_byte_for_byte(
    svc: Services, folder: Path
) -> None:
    before = _bytes(folder, UNTOUCHED)
    report = svc.sync.run()
    assert _bytes(folder, UNTOUCHED) == before
    assert sorted(report.written) == ["git.md", "keep.tmp.md", "lang/es.md", "notes.md"]
    questions = sorted(note.question for note in svc.ctx.cards.notes().values())
    assert questions == ["es again?", "es?", "git again?", "git?", "keep again?", "keep?", "live?"]
    notes = (folder / "notes.md").read_text()
    assert notes.startswith("Intro.\n\n<!--\nQ: not yet\nA: draft\n-->\n\nQ: live?\nA: yes\n<!--")
    assert notes.count("<!-- id:") == 1


def test_a_file_ignored_after_a_sync_retires_its_cards(svc: Services, folder: Path) -> None:
    (folder / "extra.md").write_text("".join(LOOSE.format(name=f"x{n}") + "\n" for n in range(9)))
    svc.sync.run()
    synced = (folder / "git.md").read_bytes()
    (folder / ".tandemignore").write_text(IGNORE + "git.md\n")
    report = svc.sync.run()
    assert report.retired == 2
    retired = sorted(n.question for n in svc.ctx.cards.notes().values() if n.retired)
    assert retired == ["git again?", "git?"]
    assert (folder / "git.md").read_bytes() == synced
    (folder / ".tandemignore").write_text(IGNORE)  # taken back: the same notes live again
    assert svc.sync.run().retired == 0
    assert not any(note.retired for note in svc.ctx.cards.notes().values())


def test_a_bad_tandemignore_is_named_with_its_line(svc: Services, folder: Path) -> None:
    (folder / "lang" / ".tandemignore").write_text("ok.md\n!\n")
    with pytest.raises(BadInputError, match=r"^lang/\.tandemignore:2: invalid pattern '!'$"):
        svc.sync.run()


def test_a_pattern_of_many_wildcards_is_refused_before_it_is_matched(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pathspec's expressions backtrack: this pattern against the 80 ``a``s' name would run
    for hours. It is refused, named with its line, before any name is matched."""
    monkeypatch.setenv("TANDEM_DECKS", str(folder))
    (folder / ("a" * 80 + ".md")).write_text("Q: long?\nA: yes\n")
    (folder / ".tandemignore").write_text("*.tmp.md\n" + "*a" * 15 + "*b\n")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 65
    assert ".tandemignore:2: pattern '" + "*a" * 15 + "*b' holds more than 3 '*' wildcards" in (
        result.output
    )
    (folder / ".tandemignore").write_text("**/x*a*.md\n\\*a*b*c*d.md\n*" + "a" * 60 + "*\n")
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0  # three, and escaped stars
    rules = IgnoreRules(folder)
    assert rules.ignores("a" * 80 + ".md")
    assert rules.ignores("lang/x-a-.md")
    assert not rules.ignores("git.md")


def test_fmt_and_check_leave_ignored_files_alone(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TANDEM_DECKS", str(folder))
    (folder / "drafts" / "broken.md").write_text("Q: no answer\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["check"]).exit_code == 0
    would = runner.invoke(cli, ["fmt", "--check"])
    listed = sorted(line.split(" ", 2)[2] for line in would.output.splitlines())
    assert listed == [str(folder / rel) for rel in ["git.md", "keep.tmp.md", "lang/es.md"]]
    before = _bytes(folder, UNTOUCHED)
    assert runner.invoke(cli, ["fmt"]).exit_code == 0
    assert _bytes(folder, UNTOUCHED) == before
    assert (folder / "git.md").read_text() == "Q: git?\nA: git\n\nQ: git again?\nA: again\n"


def test_named_files_under_the_decks_folder_obey_its_rules(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-commit hook names every staged file: an ignored one is skipped, not checked."""
    monkeypatch.setenv("TANDEM_DECKS", str(folder))
    monkeypatch.chdir(folder.parent)
    (folder / "drafts" / "broken.md").write_text("Q: no answer\n")
    runner = CliRunner()
    named = ["decks/README.md", "decks/drafts/broken.md", "decks/lang/README.md", "decks/git.md"]
    assert runner.invoke(cli, ["check", *named]).exit_code == 0
    result = runner.invoke(cli, ["check", "decks/lang"])
    assert result.exit_code == 0
    outside = tmp_path / "README.md"  # not under the decks folder: checked as named
    outside.write_text("Q: no answer\n")
    result = runner.invoke(cli, ["check", "README.md"])
    assert result.exit_code == 65
    assert result.stdout == "README.md:1: Q: without A: (a basic card needs an answer)\n"


def test_no_session_is_started_where_tandemignore_would_hide_its_cards(
    svc: Services, folder: Path
) -> None:
    svc.people.add("alice")
    (folder / ".tandemignore").write_text("sessions/\n")
    with pytest.raises(BadInputError, match=r"^sessions/.*\.md: \.tandemignore leaves it out"):
        svc.authoring.start_session("Private", ["alice"])
    assert not (folder / "sessions").exists()
    (folder / ".tandemignore").write_text("")
    rel = svc.authoring.start_session("Shared", ["alice"])
    assert [f.rel for f in list_deck_folder(folder).files if f.rel.startswith("sessions/")] == [rel]


def test_a_tandemignore_that_is_a_fifo_or_a_link_is_refused_unread(
    svc: Services, folder: Path, tmp_path: Path
) -> None:
    (folder / ".tandemignore").unlink()
    os.mkfifo(folder / ".tandemignore")  # reading it would wait for a writer forever
    with pytest.raises(BadInputError, match=r"^\.tandemignore:1: file: not a regular file"):
        svc.sync.run()
    (folder / ".tandemignore").unlink()
    (tmp_path / "elsewhere").write_text("*.md\n")
    (folder / ".tandemignore").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(BadInputError, match=r"^\.tandemignore:1: cannot read"):
        svc.sync.run()
    assert svc.ctx.cards.notes() == {}
