"""Provides reading a Mochi export (``.mochi``): its decks, cards, templates, attachments and
review history, as notes ready for tandem.

A ``.mochi`` file is a zip holding ``data.json`` (Transit JSON, what Mochi exports today) or
``data.edn`` (older exports) and the cards' attachments, each under its own name. The data
holds ``decks`` (``id``, ``name``, ``parent-id``, their ``cards``), maybe top-level
``cards`` (each with its ``deck-id``) and ``templates`` (``content`` with ``<< Field >>``
placeholders, ``fields`` by id with their ``name`` and ``pos``). A card's ``content`` is
Markdown whose sides are separated by ``---`` lines; a card on a template has ``fields``
(field id -> ``value``) instead. Its ``reviews`` are ``date``, ``remembered?``, ``due``,
``interval``. ``interop.mochi_data`` decodes the two formats into the same plain values;
``interop.mochi_cards`` maps them to notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from tandem.interop.anki_model import Mapped, MediaFile
from tandem.interop.archive import Archive, Limits, is_plain_name
from tandem.interop.mochi_cards import CardReader
from tandem.interop.mochi_data import decode_edn, decode_json
from tandem.models import BadInputError

DATA_FILES = ("data.json", "data.edn")
MAX_DATA_BYTES = 256 << 20


def read_mochi(path: Path, limits: Limits | None = None) -> tuple[Mapped, list[MediaFile]]:
    """Reads the decks, cards, reviews and attachments of the Mochi export at ``path``: a
    ``.mochi`` zip, or an unzipped export's ``data.json``/``data.edn`` (its attachments
    read from beside it).

    Raises:
        BadInputError: not a zip, no data inside, data that is not JSON/EDN or not Mochi's
            shape, or a hostile package (member names, sizes); nothing is written.
    """
    limits = limits or Limits()
    if path.name.lower() in DATA_FILES:
        return _read(_Folder(path.parent), path.name.lower(), path, limits)
    with Archive(path, limits) as archive:
        name = next((n for n in DATA_FILES if archive.has(n)), None)
        if name is None:
            raise BadInputError(f"{path}: not a Mochi export (no data.json or data.edn inside)")
        return _read(archive, name, path, limits)


class _Source(Protocol):
    path: Path

    def has(self, name: str) -> bool: ...

    def read(self, name: str, cap: int) -> bytes: ...


def _read(source: _Source, name: str, path: Path, limits: Limits) -> tuple[Mapped, list[MediaFile]]:
    label = f"{path}: {name}" if source.path == path else str(path)
    raw = source.read(name, min(MAX_DATA_BYTES, limits.collection_bytes))
    data = decode_json(raw, label) if name == "data.json" else decode_edn(raw, label)
    reader = CardReader(label)
    reader.read(data)
    media = _attachments(source, reader.attachments, limits)
    reader.mapped.warnings += reader.cleaner.warnings()
    return reader.mapped, media


@dataclass
class _Folder:
    """The files beside an unzipped export's data: regular files by exact plain name."""

    path: Path

    def has(self, name: str) -> bool:
        file = self.path / name
        return is_plain_name(name) and not file.is_symlink() and file.is_file()

    def read(self, name: str, cap: int) -> bytes:
        file = self.path / name
        try:
            if not self.has(name):
                raise BadInputError(f"{file}: not a regular file")
            if file.stat().st_size > cap:
                raise BadInputError(f"{file}: too large ({file.stat().st_size} bytes > {cap})")
            return file.read_bytes()
        except OSError as error:
            raise BadInputError(f"{file}: cannot read: {error.strerror}") from None


def _attachments(source: _Source, names: list[str], limits: Limits) -> list[MediaFile]:
    files, total = [], 0
    for name in names:
        member = next((m for m in (name, unquote(name)) if source.has(m)), None)
        if member is None:
            continue  # the summary lists it as missing
        data = source.read(member, limits.media_file_bytes)
        total += len(data)
        if total > limits.media_total_bytes:
            raise BadInputError(
                f"{source.path}: attachments over {limits.media_total_bytes} bytes; refused"
            )
        files.append(MediaFile(name, data))
    return files
