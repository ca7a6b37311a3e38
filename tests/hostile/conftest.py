"""Fixtures of the hostile-input suite: a small world, and exact pictures of what it holds.

Each test hands tandem a file that someone else controls (a deck file, its name, a link in
the repository, a package, a log, a backup) and checks what the user sees (exit code,
message, no terminal escape) and that nothing changed: the database row for row
(``dump``) and the decks folder entry for entry (``folder``).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tandem.cli import cli

DECK = (
    '+++\ntitle = "Git"\n+++\n\n'
    "Q: What does `git reflog` show?\nA: Where HEAD has been.\n"
    "<!-- id: git00001 · by: alice -->\n\n"
    "Q: el perro\nA: the dog\n<!-- id: perro001 · by: bob · reverse -->\n\n"
    "C: `git reflog` keeps {{c1::a log}} for {{c2::90 days}}.\n<!-- id: cloze001 · by: bob -->\n"
)
SRC = str(Path(__file__).resolve().parents[2] / "src")
"""Subprocesses run the tandem these tests import (PYTHONPATH set by the caller wins)."""


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A decks folder with one deck, synced into a database with alice and bob."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "git.md").write_text(DECK)
    runner = CliRunner()
    for args in (["people", "add", "alice"], ["people", "add", "bob"], ["sync"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    return tmp_path


def invoke(*args: str) -> Result:
    """Runs tandem in this process (for commands that cannot hang)."""
    return CliRunner().invoke(cli, list(args))


def run(
    *args: str, timeout: float = 120, stdin: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Runs tandem in a process of its own, stopped after ``timeout`` seconds (a hang fails
    the test instead of holding the suite)."""
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args],
        capture_output=True,
        timeout=timeout,
        env=child_env(),
        input=stdin.encode() if stdin is not None else None,
        check=False,
    )


def child_env() -> dict[str, str]:
    """The environment of a tandem subprocess: this one's, with the source on the path (a
    PYTHONPATH given to the tests comes first, to run them against another tandem)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), SRC) if p)
    return env


def dump(db: Path) -> list[str]:
    """The database's whole content, row for row (SQLite's own dump)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def folder(root: Path) -> dict[str, object]:
    """Every entry below ``root`` (links not followed): a file's bytes, a link's target."""
    found: dict[str, object] = {}
    for directory, folders, names in os.walk(root):
        for name in folders + names:
            path = Path(directory) / name
            rel = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                found[rel] = path.read_bytes()
            else:
                found[rel] = ("kind", stat.S_IFMT(mode))
    return found


def no_escape(*outputs: bytes | str) -> None:
    """Asserts that no output holds an ESC, BEL or C1 control byte (a terminal would act)."""
    for output in outputs:
        text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
        bad = [c for c in text if c in "\x1b\x07\x9b\x9d" or "\u202a" <= c <= "\u202e"]
        assert not bad, f"control characters reach the terminal: {bad!r} in {text[:300]!r}"
