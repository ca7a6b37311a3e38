"""Provides reading an Anki package (``.apkg`` / ``.colpkg``) of any format in use.

The collection is chosen by name: ``collection.anki21b`` (zstd, latest), then
``collection.anki21``, then ``collection.anki2``. Modern Anki also adds a decoy
``collection.anki2`` ("please update Anki") that is never read when a newer one is there.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from tandem.interop import protobuf
from tandem.interop.anki_model import Collection, MediaFile
from tandem.interop.archive import ZSTD_MAGIC, Archive, Limits, is_plain_name, maybe_unzstd
from tandem.interop.collection import read_collection
from tandem.models import BadInputError

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_SMALL = 64 << 20


def read_package(path: Path, limits: Limits | None = None, spool: Path | None = None) -> Collection:
    """Reads the notes, cards, review log and media of the package at ``path``.

    With ``spool`` (an empty folder) each media file is streamed there as it is read and
    the ``MediaFile`` names that file: a package of 2 GB of media takes no more memory than
    one of none. Without it the media are read into memory.

    Raises:
        BadInputError: if the package is corrupt, hostile or not an Anki package.
    """
    limits = limits or Limits()
    with Archive(path, limits) as archive:
        name = next((n for n in COLLECTIONS if archive.has(n)), None)
        if name is None:
            raise BadInputError(f"{path}: not an Anki package (no collection inside)")
        with tempfile.TemporaryDirectory(prefix="tandem-anki-") as folder:
            db = Path(folder) / "collection.db"
            with db.open("wb") as out:
                archive.copy_to(name, limits.collection_bytes, out, zstd=name.endswith("b"))
            with db.open("rb") as written:
                if written.read(16) != b"SQLite format 3\x00":
                    raise BadInputError(f"{path}: {name} is not a SQLite database")
            collection = read_collection(db, f"{path}: {name}", limits.read_seconds)
        collection.format = name.removeprefix("collection.")
        collection.media = _media(archive, limits, spool, latest=name.endswith("b"))
    return collection


def _media(
    archive: Archive, limits: Limits, spool: Path | None, *, latest: bool
) -> list[MediaFile]:
    if not archive.has("media"):
        return []
    raw = archive.read("media", _SMALL)
    label = f"{archive.path}: media"
    entries = _latest_entries(maybe_unzstd(raw, _SMALL, label)) if latest else _legacy(raw, label)
    files: list[MediaFile] = []
    total = 0
    for member, name in entries:
        if not is_plain_name(name):
            raise BadInputError(f"{label}: unsafe media file name {name!r}; refused")
        if not archive.has(member):
            continue
        if spool is not None:
            media = _spooled(archive, member, name, spool / str(len(files)), limits, latest)
            size = media.spooled.stat().st_size if media.spooled else 0
        else:
            data = archive.read(member, limits.media_file_bytes)
            if latest:
                data = maybe_unzstd(data, limits.media_file_bytes, f"{label} {name!r}")
            media, size = MediaFile(name, data), len(data)
        total += size
        if total > limits.media_total_bytes:
            raise BadInputError(f"{label}: media over {limits.media_total_bytes} bytes; refused")
        files.append(media)
    return files


def _spooled(
    archive: Archive, member: str, name: str, target: Path, limits: Limits, latest: bool
) -> MediaFile:
    """The media file ``member`` streamed to ``target`` (decompressed when the package is
    of the latest format and the member is a zstd frame), its cap kept while it streams."""
    zstd = latest and archive.head(member, len(ZSTD_MAGIC)) == ZSTD_MAGIC
    with target.open("wb") as out:
        archive.copy_to(member, limits.media_file_bytes, out, zstd=zstd)
    return MediaFile(name, spooled=target)


def _legacy(raw: bytes, label: str) -> list[tuple[str, str]]:
    try:
        mapping = json.loads(raw.decode("utf-8") or "{}")
        return [(str(member), str(name)) for member, name in dict(mapping).items()]
    except (ValueError, TypeError, RecursionError) as error:
        raise BadInputError(f"{label}: unreadable media list ({type(error).__name__})") from None


def _latest_entries(data: bytes) -> list[tuple[str, str]]:
    entries = []
    for index, (number, entry) in enumerate(protobuf.fields(data)):
        if number != 1 or not isinstance(entry, bytes):
            continue
        legacy = protobuf.first(entry, 255)
        member = str(legacy) if isinstance(legacy, int) else str(index)
        entries.append((member, protobuf.text_field(entry, 1)))
    return entries
