"""Fixtures of the interop tests: Anki packages copied into tests/fixtures, builders of edits."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zstandard

from tandem.models import FrozenClock

FIXTURES = Path(__file__).parent.parent / "fixtures" / "anki"
VOCAB = FIXTURES / "vocab-reversed.apkg"
CLOZE = FIXTURES / "cloze-legacy.apkg"
NOTES_TXT = FIXTURES / "notes.txt"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
AFTER_FIXTURES = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    """A clock after the fixtures were made (their review log lies in late November 2026)."""
    return FrozenClock(AFTER_FIXTURES)


def collection_db(package: Path, folder: Path) -> Path:
    """Extracts the package's real collection (decompressed) to ``folder``; returns its path."""
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        name = next(n for n in ("collection.anki21b", "collection.anki21") if n in names)
        data = archive.read(name)
    if name.endswith("b"):
        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    target = folder / "collection.db"
    target.write_bytes(data)
    return target


def revlog(package: Path, folder: Path) -> list[tuple[int, int, int, int]]:
    """(id, cid, ease, type) of every revlog row of the package."""
    conn = sqlite3.connect(collection_db(package, folder))
    try:
        return list(conn.execute("SELECT id, cid, ease, type FROM revlog ORDER BY id"))
    finally:
        conn.close()


def edited_package(package: Path, target: Path, edit: Callable[[sqlite3.Connection], None]) -> Path:
    """A copy of ``package`` whose collection ``edit`` changed, zipped again like Anki does."""
    work = target.parent / (target.stem + "-work")
    work.mkdir()
    db = collection_db(package, work)
    conn = sqlite3.connect(db)
    conn.create_collation("unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
    edit(conn)
    conn.commit()
    conn.close()
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "collection.anki21b":
                data = zstandard.ZstdCompressor().compress(db.read_bytes())
            elif info.filename == "collection.anki21":
                data = db.read_bytes()
            out.writestr(info.filename, data)
    return target
