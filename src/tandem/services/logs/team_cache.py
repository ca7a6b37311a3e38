"""Provides the cache of a lead's report: what was replayed from a log folder, kept.

Replaying a team's year of reviews through FSRS is the cost of a report from a folder; the
cache keeps the result in a database of its own in the data folder, so the next report
replays only the lines that are new since. It is derived data, nobody studies with it, and
it may be deleted at any time. It is made again when tandem, its schema or its scheduler
changes (a key file beside it says which made it).

A new cache is filled without a WAL (each page written once, nothing waiting for the disk)
in a file of its own beside the cache's place; only once the report that filled it is done
does it take that place and get its key file (``cache_made``). A cache whose filling was cut
short (a crash, a bad deck file) never takes the place, and two first reports at once each
fill their own file: the last to finish leaves its whole cache there.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from tandem import __version__
from tandem.config import Paths
from tandem.storage.db import Store
from tandem.storage.schema import LATEST_VERSION

_FILLING = ".filling.db"
"""How the file of a cache being filled ends."""


def cache_path(paths: Paths, logs: Path, decks: Path) -> Path:
    """The cache of the report on ``logs`` and ``decks`` (one per pair of folders)."""
    name = hashlib.sha256(f"{logs}\n{decks}".encode()).hexdigest()[:16]
    return paths.data_dir / "report-cache" / f"{name}.db"


def open_cache(path: Path) -> Store:
    """The cache at ``path`` if this tandem finished it; else a new one, filled in a file of
    its own until ``cache_made`` puts it at ``path``."""
    if _fits(path):  # derived data: commits need not wait for the disk
        return Store(path, durable=False)
    _remove_abandoned(path)
    filling = path.with_name(f"{path.stem}.{os.getpid()}-{secrets.token_hex(4)}{_FILLING}")
    return Store(filling, durable=False, journal=False)  # thrown away unless finished


def cache_made(path: Path, store: Store) -> None:
    """Marks the cache ``store`` filled for ``path`` finished (call after closing it): it
    takes the place at ``path`` and the next report uses it."""
    filled = Path(store.path)
    if filled == path:
        return  # a finished cache, used as it was
    key = path.with_suffix(".key")
    key.unlink(missing_ok=True)  # no key vouches for the file while it is replaced
    for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(filled, path)
    key.write_text(_key(), encoding="utf-8")


def _remove_abandoned(path: Path) -> None:
    """Removes the files of fillings cut short (their process is gone) beside ``path``."""
    for filling in path.parent.glob(f"{path.stem}.*{_FILLING}"):
        pid = filling.name.removeprefix(f"{path.stem}.").split("-", 1)[0]
        if not (pid.isdigit() and _running(int(pid))):
            filling.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


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
