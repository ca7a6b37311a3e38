"""Provides the deck files on disk: listing them, statting them, reading their bytes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tandem.models import StorageError


@dataclass
class DeckFile:
    """A ``*.md`` file under the decks folder, with what ``stat`` said of it."""

    path: Path
    rel: str
    size: int
    mtime_ns: int
    sha256: str | None = field(default=None)

    def read(self) -> bytes:
        """The file's bytes (files over the limit are left to ``check`` to report)."""
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise StorageError(f"{self.rel}: cannot read: {error.strerror}") from None
        self.sha256 = hashlib.sha256(data).hexdigest()
        return data

    def restat(self) -> DeckFile:
        again = _deck_file(self.path, self.rel)
        again.read()
        return again


def list_deck_files(root: Path) -> list[DeckFile]:
    """Every ``*.md`` below ``root``, sorted, skipping hidden folders and files."""
    found = []
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            if name.endswith(".md") and not name.startswith("."):
                path = Path(directory) / name
                found.append(_deck_file(path, path.relative_to(root).as_posix()))
    return found


def stat_deck_files(root: Path, rels: Iterable[str]) -> list[DeckFile]:
    """The named files below ``root`` that exist (no walk of the whole folder)."""
    found = []
    for rel in sorted(set(rels)):
        path = root / rel
        if path.is_file():
            found.append(_deck_file(path, rel))
    return found


def _deck_file(path: Path, rel: str) -> DeckFile:
    stat = path.stat()
    return DeckFile(path=path, rel=rel, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
