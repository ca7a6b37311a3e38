"""A real git merge conflict in a deck file: check, sync and fmt refuse it and write nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli
from tandem.config import resolve_paths
from tandem.services import build_services
from tandem.storage.db import Store

from .gitrepo import git

BASE = """Q: What does git stash do?
A: Shelves the changes of the working tree.
<!-- id: stash001 · by: alice -->

Q: What is a fast-forward?
A: Moving a branch forward without a merge commit.
<!-- id: ffwd0001 · by: bob -->
"""


def _clone(remote: Path, target: Path) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(target))
    return target


def _commit_push(clone: Path, message: str) -> None:
    git(clone, "commit", "-qam", message)
    git(clone, "push", "-q", "origin", "HEAD:main")


@pytest.fixture
def conflicted(tmp_path: Path) -> Path:
    """Bob's clone after a pull that conflicts with Alice's edit of the same answer."""
    remote = tmp_path / "team.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    alice = _clone(remote, tmp_path / "alice")
    git(alice, "checkout", "-q", "-b", "main")
    (alice / "decks").mkdir()
    (alice / "decks" / "git.md").write_text(BASE)
    git(alice, "add", "decks")
    _commit_push(alice, "decks")
    bob = _clone(remote, tmp_path / "bob")
    deck = alice / "decks" / "git.md"
    deck.write_text(BASE.replace("of the working tree.", "and the index, for later."))
    _commit_push(alice, "stash, said better")
    (bob / "decks" / "git.md").write_text(BASE.replace("of the working tree.", "away."))
    git(bob, "commit", "-qam", "stash, said shorter")
    pull = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "pull", "-q"]
    done = subprocess.run(
        [*pull, "--no-rebase", "origin", "main"], cwd=bob, capture_output=True, text=True
    )
    assert (done.returncode, "CONFLICT (content)" in done.stdout) == (1, True)  # a real one
    return bob / "decks"


def test_check_sync_and_fmt_refuse_a_conflicted_deck(
    conflicted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TANDEM_DECKS", str(conflicted))
    deck = conflicted / "git.md"
    before = deck.read_bytes()
    lines = before.decode().split("\n")
    assert lines[1:3] == ["<<<<<<< HEAD", "A: Shelves the changes away."]
    expected = [f"{deck}:{n}: unresolved merge conflict" for n in (2, 4, 6)]
    expected.insert(2, f"{deck}:5: A: without a Q: before it")  # theirs, after ours
    runner = CliRunner()

    check = runner.invoke(cli, ["check"])
    assert (check.exit_code, check.stdout.splitlines()) == (65, expected)

    sync = runner.invoke(cli, ["sync"])
    assert sync.exit_code == 65
    assert "git.md:2: unresolved merge conflict" in sync.output
    svc = build_services(resolve_paths(decks=conflicted), db=Store(tmp_path / "tandem.db"))
    assert svc.ctx.cards.notes() == {}  # nothing of the file was taken
    svc.close()

    for args in (["fmt"], ["fmt", "--check"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 65
        assert result.stderr.splitlines()[:4] == expected
    assert deck.read_bytes() == before
