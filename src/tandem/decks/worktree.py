"""Provides what git says about deck files: which ones are tracked and unchanged.

``tandem sync`` writes ids only into files git would not be disturbed by: a clean tracked
file that tandem changed would make the next ``git pull`` that touches it abort ("Your
local changes would be overwritten"). git itself is asked, and only when the decks folder
is inside a work tree (a ``.git`` above it): a folder outside git costs one walk up the
path, and a machine without git (or a git that cannot read the repository) is treated as
having no work tree, as tandem behaved before it knew of git.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Collection
from pathlib import Path

_TIMEOUT_S = 120
_MAX_PATHS = 200
"""Files named to ``git status`` at most; more, and the whole folder is asked about."""


def in_work_tree(folder: Path) -> bool:
    """Whether ``folder`` or a folder above it holds a ``.git`` (a folder, or the file of
    a linked work tree or submodule)."""
    here = folder.absolute()
    return any((place / ".git").exists() for place in (here, *here.parents))


def clean_tracked(root: Path, rels: Collection[str]) -> set[str]:
    """The files of ``rels`` (relative to the decks folder ``root``, ``/`` between parts)
    that git tracks and that have no change, staged or not, against the last commit.

    Returns an empty set when ``root`` is not in a work tree or git cannot tell.
    """
    if not rels or not in_work_tree(root):
        return set()
    if shutil.which("git") is None:
        return set()
    prefix = _git(root, "rev-parse", "--show-prefix")
    # Porcelain paths are relative to the top of the work tree, whatever the config says;
    # ignored files are listed too (with !!), so every path not listed is tracked and clean.
    # Only the files asked about (a few new decks, usually), not the whole folder's status.
    paths = [f":(literal){rel}" for rel in rels] if len(rels) <= _MAX_PATHS else ["."]
    status = _git(
        root, "status", "--porcelain=v1", "-z", "--untracked-files=all",
        "--ignored=traditional", "--no-renames", "--", *paths,
    )  # fmt: skip
    if prefix is None or status is None:
        return set()
    prefix = prefix.strip("\n")
    listed = {entry[3:] for entry in status.split("\0") if len(entry) > 3}
    return {rel for rel in rels if prefix + rel not in listed}


def run_git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """Runs ``git args`` (in ``cwd`` when given) and returns the finished process, or
    ``None`` when git is not there, cannot start, or takes longer than a few minutes."""
    where = ["-C", str(cwd)] if cwd is not None else []
    try:
        return subprocess.run(  # noqa: S603 - a fixed command; paths are arguments
            ["git", *where, *args], capture_output=True, timeout=_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None


def _git(root: Path, *args: str) -> str | None:
    # --no-optional-locks: no index refresh written while the user runs git too
    done = run_git("--no-optional-locks", *args, cwd=root)
    if done is None or done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="surrogateescape")
