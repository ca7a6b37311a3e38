"""Provides the rules that say which files under a decks folder are not decks.

A ``README.md`` (in any folder; ``readme.md``, ``Readme.md`` too) is not a deck, and neither
is what a ``.tandemignore`` file lists, in gitignore syntax, matched by ``pathspec``'s
``GitIgnoreSpec``. As in git, a ``.tandemignore`` in a subfolder speaks for the files below
it and wins over the folders above it; a file in an ignored folder cannot be taken back by a
``!`` pattern; the default README rule comes first, so ``!README.md`` takes it back.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.decks.files import read_regular
from tandem.models import BadInputError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

IGNORE_FILE = ".tandemignore"
_MAX_BYTES = 1_000_000
MAX_WILDCARDS = 3
"""The most ``*`` wildcards (a run such as ``**`` counts once) one pattern may hold.
pathspec matches by regular expressions that backtrack: a name's check costs about its
length to the power of the wildcards less one, so ``*a*a*a*a*a*a*a*a*b`` against a long name
of ``a``s runs for hours (a team's repository can hold both). With three, the worst name
(255 characters) takes about 10 ms."""
_WILDCARD = re.compile(r"(?<!\\)\*+")


class IgnoreRules:
    """The ignore rules of the decks folder ``root``; ``.tandemignore`` files are read once,
    when a path below their folder is first asked about."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._specs: dict[str, GitIgnoreSpec | None] = {}
        self._folders: dict[str, bool] = {}

    def ignores(self, rel: str, *, folder: bool = False) -> bool:
        """Tells whether ``rel`` (below the root, ``/``-separated) is left out.

        Raises:
            BadInputError: a ``.tandemignore`` on the way cannot be read or has a bad pattern.
        """
        parts = [part for part in rel.split("/") if part not in ("", ".")]
        if not parts:
            return False
        for depth in range(1, len(parts)):
            above = "/".join(parts[:depth])
            if above not in self._folders:
                self._folders[above] = self._decide(parts[:depth], folder=True)
            if self._folders[above]:
                return True
        return self._decide(parts, folder=folder)

    def relative(self, path: Path) -> str | None:
        """``path`` relative to the root (``""`` for the root), or None when it is outside.

        A link keeps its own place: only the folders on its way are resolved.
        """
        full = Path(os.path.abspath(path))
        full = full.parent.resolve() / full.name if full.name else full
        try:
            rel = full.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None
        return "" if rel == "." else rel

    def _decide(self, parts: list[str], *, folder: bool) -> bool:
        # The README rule first; then deeper .tandemignore files win, and within one file
        # the last matching line wins.
        ignored = _is_readme(parts[-1])
        suffix = "/" if folder else ""
        for depth in range(len(parts)):
            spec = self._spec("/".join(parts[:depth]))
            if spec is not None:
                result = spec.check_file("/".join(parts[depth:]) + suffix)
                if result.include is not None:
                    ignored = result.include
        return ignored

    def _spec(self, folder: str) -> GitIgnoreSpec | None:
        if folder not in self._specs:
            self._specs[folder] = _read_spec(self.root, folder)
        return self._specs[folder]


def _is_readme(name: str) -> bool:
    """The rule before every ``.tandemignore``: a README describes a deck repository, it is
    not a deck (the gitignore pattern ``[Rr][Ee][Aa][Dd][Mm][Ee].md``, applied without
    loading pathspec, which loads only where a ``.tandemignore`` is)."""
    return len(name) == 9 and name[:6].lower() == "readme" and name[6:] == ".md"


def _read_spec(root: Path, folder: str) -> GitIgnoreSpec | None:
    """The patterns of ``folder``'s ``.tandemignore``, or None when it has none."""
    rel = f"{folder}/{IGNORE_FILE}" if folder else IGNORE_FILE
    path = root / rel
    if not (path.exists() or path.is_symlink()):
        return None
    data = read_regular(path, _MAX_BYTES, rel)  # RefusedFile: a link, a FIFO, too large
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise BadInputError(f"{rel}:1: invalid UTF-8") from None
    for number, line in enumerate(lines, 1):
        if not line.startswith("#") and len(_WILDCARD.findall(line)) > MAX_WILDCARDS:
            raise BadInputError(
                f"{rel}:{number}: pattern {line!r} holds more than {MAX_WILDCARDS} '*' "
                "wildcards (matching it could take hours); write it with fewer"
            )
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines)
    except ValueError:  # pathspec's error names the pattern, not its line: find it
        number = next(n for n, line in enumerate(lines, 1) if not _valid(line))
        raise BadInputError(f"{rel}:{number}: invalid pattern {lines[number - 1]!r}") from None


def _valid(line: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True
