"""The cached scale collection (``scale.py``), opened for a benchmark that reads it.

The cache is never written: the first run copies it (flushed) into ``--work`` and opens the
copy, which migrates it; the migrated copy is kept per schema version, so a second run starts
at once.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from scale import _flushed_copy, build
from tandem.config import resolve_paths
from tandem.services import Services, build_services
from tandem.storage.db import Store
from tandem.storage.schema import LATEST_VERSION


def add_collection_arguments(parser: argparse.ArgumentParser, work: str) -> None:
    """The options every reader of the collection takes (``work``: the folder's default name)."""
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=430)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "tandem-bench")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / work)
    parser.add_argument("--json", type=Path)


def open_collection(args: argparse.Namespace) -> Services:
    """The services on a migrated copy of the collection, built first if it is not cached."""
    built = args.cache / f"scale-{args.cards}-{args.days}"
    build(built, args.cards, args.days)
    os.environ["TANDEM_HOME"] = str(args.work / "home")  # the migration's backups go here
    db = migrated_copy(built, args.work)
    return build_services(resolve_paths(db, built / "decks"), db=Store(db))


def migrated_copy(built: Path, work: Path) -> Path:
    """A copy of the built database at this schema, made once per schema version."""
    db = work / f"{built.name}-v{LATEST_VERSION}.db"
    if not db.exists():
        part = db.with_suffix(".part")
        _flushed_copy(built / "tandem.db", part)
        Store(part).close()  # opening migrates it
        part.rename(db)
    return db
