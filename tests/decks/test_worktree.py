"""What git says about deck files: which are tracked and unchanged (real git, tmp folders)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tandem.decks import worktree
from tandem.decks.worktree import clean_tracked, in_work_tree


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd, capture_output=True, check=True,
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A work tree whose decks folder is a subfolder, with one committed file per case."""
    top = tmp_path / "team"
    decks = top / "decks"
    (decks / "sub dir").mkdir(parents=True)
    git(tmp_path, "init", "-q", "-b", "main", str(top))
    for name in ("clean.md", "edited.md", "staged.md", "sub dir/ñandú.md"):
        (decks / name).write_text("Q: a\nA: b\n")
    (top / ".gitignore").write_text("decks/ignored.md\n")
    git(top, "add", ".")
    git(top, "commit", "-qm", "decks")
    (decks / "edited.md").write_text("Q: a\nA: c\n")
    (decks / "staged.md").write_text("Q: a\nA: c\n")
    git(top, "add", "decks/staged.md")
    (decks / "untracked.md").write_text("Q: a\nA: b\n")
    (decks / "ignored.md").write_text("Q: a\nA: b\n")
    return decks


ALL = ["clean.md", "edited.md", "staged.md", "sub dir/ñandú.md", "untracked.md", "ignored.md"]


def test_only_tracked_unchanged_files_are_clean(repo: Path) -> None:
    assert clean_tracked(repo, ALL) == {"clean.md", "sub dir/ñandú.md"}
    assert clean_tracked(repo / "sub dir", ["ñandú.md"]) == {"ñandú.md"}


def test_many_files_are_asked_about_through_the_whole_folder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worktree, "_MAX_PATHS", 2)  # ALL names more files than that
    assert clean_tracked(repo, ALL) == {"clean.md", "sub dir/ñandú.md"}


def test_a_folder_outside_git_never_runs_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain" / "decks"
    folder.mkdir(parents=True)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("git was run for a folder outside git")

    monkeypatch.setattr(worktree.subprocess, "run", refuse)
    assert not in_work_tree(folder)
    assert clean_tracked(folder, ["a.md"]) == set()


def test_without_git_or_when_git_fails_nothing_counts_as_clean(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert in_work_tree(repo)
    monkeypatch.setattr(worktree.shutil, "which", lambda name: None)
    assert clean_tracked(repo, ALL) == set()
    monkeypatch.undo()
    (repo.parent / ".git" / "HEAD").write_text("garbage\n")  # git cannot read the repository
    assert clean_tracked(repo, ALL) == set()
