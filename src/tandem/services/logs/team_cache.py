"""Provides the cache of a lead's report: what was replayed from a log folder, kept.

Replaying a team's year of reviews through FSRS is the cost of a report from a folder; the
cache keeps the result in a database of its own in the data folder, so the next report
replays only the lines that are new since. It is derived data, nobody studies with it, and
it may be deleted at any time. It is made again when tandem, its schema or its scheduler
changes (a key file beside it says which made it).

A new cache is filled without a WAL (each page written once, nothing waiting for the disk);
its key file is written only once the report that filled it is done (``cache_made``), so a
cache whose filling was cut short (a crash, a bad deck file) is made again from nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tandem import __version__
from tandem.config import Paths
from tandem.storage.db import Store
from tandem.storage.schema import LATEST_VERSION


def cache_path(paths: Paths, logs: Path, decks: Path) -> Path:
    """The cache of the report on ``logs`` and ``decks`` (one per pair of folders)."""
    name = hashlib.sha256(f"{logs}\n{decks}".encode()).hexdigest()[:16]
    return paths.data_dir / "report-cache" / f"{name}.db"


def open_cache(path: Path) -> Store:
    """The cache at ``path``; a new one if it is missing, was never finished (see
    ``cache_made``) or another tandem made it."""
    if _fits(path):  # derived data: commits need not wait for the disk
        return Store(path, durable=False)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), path.with_suffix(".key")):
        stale.unlink(missing_ok=True)
    return Store(path, durable=False, journal=False)  # thrown away unless finished


def cache_made(path: Path) -> None:
    """Marks the cache at ``path`` finished (call after closing it): the next report uses
    it; until then it is made again from nothing."""
    if not _fits(path):
        path.with_suffix(".key").write_text(_key(), encoding="utf-8")


def _fits(path: Path) -> bool:
    """Whether the cache at ``path`` was finished by this tandem."""
    try:
        return path.with_suffix(".key").read_text(encoding="utf-8") == _key()
    except OSError:
        return False


def _key() -> str:
    """What made a cache: tandem's version, the schema, and the scheduler's own code."""
    import tandem.scheduling

    digest = hashlib.sha256()
    for source in sorted(Path(tandem.scheduling.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return f"{__version__} schema {LATEST_VERSION} scheduler {digest.hexdigest()[:16]}\n"
