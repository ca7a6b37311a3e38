"""Real git for the team tests: one way to run it, an identity that needs no user config,
and clones whose deck files merge with this checkout's tandem."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli

DRIVER = f"{shlex.quote(sys.executable)} -m tandem merge-file %O %A %B %P"
"""The merge driver as this checkout runs it (whatever ``tandem`` is on PATH)."""


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits work without a configured identity, and the machine's config stays out."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "t")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "t@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def run_git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs git in ``cwd`` as a test committer, whatever the machine's identity."""
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    return subprocess.run(
        ["git", *identity, *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def git(cwd: Path, *args: str) -> str:
    """Runs git in ``cwd``; it must succeed. Returns what it printed."""
    done = run_git(cwd, *args)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def clone_with_driver(remote: Path, clone: Path) -> Path:
    """Clones ``remote`` into ``clone`` and sets tandem's merge driver there."""
    git(clone.parent, "clone", "-q", str(remote), str(clone))
    git(clone, "config", "merge.tandem.driver", DRIVER)
    return clone


def tandem(clone: Path, *args: str, code: int = 0) -> str:
    """Runs the command line as the person of ``clone``: their own database beside the
    clone (``alice.db`` for ``alice/``) and the clone's decks folder."""
    db = clone.parent / f"{clone.name}.db"
    result = CliRunner().invoke(cli, [*args, "--db", str(db), "--decks", str(clone / "decks")])
    assert result.exit_code == code, result.output
    return result.output
