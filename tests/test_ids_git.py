"""Ids in a team repository, with real git: a bare remote, two clones, two databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tandem.decks.derived_ids import candidate_id

from .gitrepo import git, isolate_git, tandem

DECK = (
    "+++\n"
    'title = "Git"\n'
    "+++\n"
    "\n"
    "Q: What does `git reflog` show?\n"
    "A: Where HEAD has been.\n"
    "<!-- id: k7q2m9x4 · by: alice -->\n"
    "\n"
    "Q: What does `git rebase --onto A B C` do?\n"
    "A: Replays the commits of C that are not in B onto A.\n"
)
ONTO = candidate_id(
    "git/rebase.md",
    "basic",
    "What does `git rebase --onto A B C` do?",
    "Replays the commits of C that are not in B onto A.",
)
WITH_ID = f"{DECK}<!-- id: {ONTO} -->\n"


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def notes(clone: Path) -> dict[str, bool]:
    """The notes of the person's database: id -> retired."""
    with sqlite3.connect(clone.parent / f"{clone.name}.db") as conn:
        return {row[0]: bool(row[1]) for row in conn.execute("SELECT id, retired FROM notes")}


def team(tmp_path: Path, text: str = DECK) -> tuple[Path, Path]:
    """A bare repository holding ``decks/git/rebase.md``, and two clones of it."""
    remote = tmp_path / "team.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(tmp_path, "clone", "-q", str(remote), "lead")
    deck = tmp_path / "lead" / "decks" / "git" / "rebase.md"
    deck.parent.mkdir(parents=True)
    deck.write_text(text)
    git(tmp_path / "lead", "add", "decks")
    git(tmp_path / "lead", "commit", "-qm", "a deck")
    git(tmp_path / "lead", "push", "-q", "origin", "HEAD:main")
    for name in ("alice", "bob"):
        git(tmp_path, "clone", "-q", str(remote), name)
    return tmp_path / "alice", tmp_path / "bob"


def pull(clone: Path) -> None:
    git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")


def test_sync_leaves_a_clean_tracked_file_alone_and_says_what_to_do(tmp_path: Path) -> None:
    alice, _ = team(tmp_path)
    output = tandem(alice, "sync")
    assert (
        "left out 1 new card(s) without an id, in files git tracks unchanged: git/rebase.md; "
        "run `tandem fmt --ids` and commit"
    ) in output
    assert (alice / "decks" / "git" / "rebase.md").read_text() == DECK
    assert git(alice, "status", "--porcelain") == ""
    assert notes(alice) == {"k7q2m9x4": False}
    assert "left out 1 new card(s)" in tandem(alice, "sync")  # every sync says it, until fixed


def test_both_write_ids_before_committing_and_the_merge_is_clean(tmp_path: Path) -> None:
    alice, bob = team(tmp_path)
    for clone in (alice, bob):
        tandem(clone, "sync")
        tandem(clone, "check", "--require-ids", code=65)
        assert "wrote 1 new id(s) into" in tandem(clone, "fmt", "--ids")
        tandem(clone, "check", "--require-ids")
        git(clone, "commit", "-qam", "ids")
    rebase = Path("decks", "git", "rebase.md")
    assert (alice / rebase).read_bytes() == (bob / rebase).read_bytes() == WITH_ID.encode()
    git(alice, "push", "-q", "origin", "HEAD:main")
    pull(bob)  # a merge of two identical changes: clean
    git(bob, "push", "-q", "origin", "HEAD:main")
    pull(alice)
    assert (alice / rebase).read_text() == (bob / rebase).read_text() == WITH_ID
    for clone in (alice, bob):
        tandem(clone, "sync")
    assert notes(alice) == notes(bob) == {"k7q2m9x4": False, ONTO: False}


def test_sync_writes_into_a_file_being_edited_the_ids_fmt_writes(tmp_path: Path) -> None:
    alice, bob = team(tmp_path)
    rebase = Path("decks", "git", "rebase.md")
    tandem(alice, "fmt", "--ids")
    git(alice, "commit", "-qam", "ids")
    git(alice, "push", "-q", "origin", "HEAD:main")
    # Bob's own edit (a new card at the top), uncommitted: sync may write into the file.
    edited = DECK.replace("+++\n\n", "+++\n\nQ: mine\nA: yes\n\n", 1)
    (bob / rebase).write_text(edited)
    output = tandem(bob, "sync")
    assert "wrote 2 new ids into: git/rebase.md" in output
    mine = candidate_id("git/rebase.md", "basic", "mine", "yes")
    head, body = WITH_ID.split("+++\n\n", 1)
    expected = f"{head}+++\n\nQ: mine\nA: yes\n<!-- id: {mine} -->\n\n{body}"
    assert (bob / rebase).read_text() == expected
    git(bob, "commit", "-qam", "a card of mine")
    pull(bob)  # alice wrote the same id line: git merges the identical change cleanly
    assert (bob / rebase).read_text().count(f"<!-- id: {ONTO} -->") == 1
    tandem(bob, "sync")
    git(bob, "push", "-q", "origin", "HEAD:main")
    pull(alice)
    tandem(alice, "sync")
    assert notes(alice) == notes(bob) == {"k7q2m9x4": False, ONTO: False, mine: False}


def test_pull_is_not_blocked_after_a_sync(tmp_path: Path) -> None:
    alice, bob = team(tmp_path)
    tandem(alice, "sync")  # before: it wrote an id here, and the pull below aborted
    tandem(bob, "fmt", "--ids")
    git(bob, "commit", "-qam", "ids")
    git(bob, "push", "-q", "origin", "HEAD:main")
    pull(alice)
    assert (alice / "decks" / "git" / "rebase.md").read_text() == WITH_ID
    assert "left out" not in tandem(alice, "sync")
    assert notes(alice) == {"k7q2m9x4": False, ONTO: False}


def test_sync_writes_ids_into_an_untracked_file(tmp_path: Path) -> None:
    alice, _ = team(tmp_path)
    fresh = alice / "decks" / "new.md"
    fresh.write_text("Q: new\nA: deck\n")
    output = tandem(alice, "sync")
    new_id = candidate_id("new.md", "basic", "new", "deck")
    assert fresh.read_text() == f"Q: new\nA: deck\n<!-- id: {new_id} -->\n"
    assert "left out 1 new card(s)" in output  # the tracked deck still waits for fmt --ids
    assert notes(alice) == {"k7q2m9x4": False, new_id: False}
