"""Provides ``tandem merge-file``: the git merge driver that merges deck files card by card."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tandem.cli.common import global_options, handle_errors, say
from tandem.config.files import write_atomically
from tandem.decks.worktree import run_git

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("merge-file")
@global_options
@click.argument("base", type=_FILE)
@click.argument("ours", type=_FILE)
@click.argument("theirs", type=_FILE)
@click.argument("path", required=False, default=None)
@handle_errors
def merge_file(base: Path, ours: Path, theirs: Path, path: str | None) -> None:
    """Merge three versions of a deck file card by card, into OURS (a git merge driver).

    Wire it in a repository with `tandem init`, or by hand: `*.md merge=tandem` in
    .gitattributes and `git config merge.tandem.driver "tandem merge-file %O %A %B %P"`.
    Exits 0 when the merge is clean, 1 when conflict markers were written. A file that is
    not a valid deck is merged as text by `git merge-file` instead.
    """
    from tandem.decks.merge import merge_decks
    from tandem.decks.problems import DeckError

    name = path or str(ours)
    texts = [_read(file) for file in (base, ours, theirs)]
    try:
        if any(text is None for text in texts):
            raise ValueError("not UTF-8 text")
        merged = merge_decks(texts[0] or "", texts[1] or "", texts[2] or "", name)
    except (ValueError, DeckError) as error:
        reason = str(error).split("\n", 1)[0]
        say(f"tandem: {name}: not merged card by card ({reason}); merged as text", err=True)
        sys.exit(_merge_as_text(base, ours, theirs))
    write_atomically(ours, merged.text.encode("utf-8"))
    for conflict in merged.conflicts:
        say(f"{name}:{conflict.line}: conflict: {conflict.what} changed on both sides", err=True)
    sys.exit(1 if merged.conflicts else 0)


def _read(file: Path) -> str | None:
    try:
        return file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None


def _merge_as_text(base: Path, ours: Path, theirs: Path) -> int:
    """Git's own line merge into ``ours``; without git, the whole file as one conflict.

    Returns:
        The exit code for git: 0 clean, 1 conflicts.
    """
    labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
    done = run_git("merge-file", *labels, "-p", str(ours), str(base), str(theirs))
    if done is not None and 0 <= done.returncode < 128:
        write_atomically(ours, done.stdout)
        return 0 if done.returncode == 0 else 1
    mine, other = ours.read_bytes(), theirs.read_bytes()
    write_atomically(ours, _whole_conflict(mine, other))
    return 1


def _whole_conflict(mine: bytes, other: bytes) -> bytes:
    def ended(data: bytes) -> bytes:
        return data if not data or data.endswith(b"\n") else data + b"\n"

    return b"<<<<<<< ours\n" + ended(mine) + b"=======\n" + ended(other) + b">>>>>>> theirs\n"
