"""Provides copying an import's media files into a ``media/`` folder beside each deck file."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from tandem.config.files import write_atomically
from tandem.interop import Mapped, MediaFile
from tandem.interop.medianames import MEDIA_FOLDER, safe_media_name
from tandem.services.anki.decks import Placed


def write_media(
    root: Path, mapped: Mapped, placed: Placed, media: list[MediaFile]
) -> tuple[list[str], list[str]]:
    """Writes the media the imported notes refer to; returns (written, missing) names.

    A file already there with the same bytes is left alone. Names were validated when the
    package was read and are made safe again here (one path component, no ``..``).
    """
    base = root
    by_name = {item.name: item for item in media}
    written: list[str] = []
    missing: list[str] = []
    for number, note in enumerate(mapped.notes):
        rel = placed.files.get(number)
        if rel is None or not note.media:
            continue
        folder = PurePosixPath(rel).parent / MEDIA_FOLDER
        for name in note.media:
            found, safe = by_name.get(name), safe_media_name(name)
            if found is None or safe is None:
                if name not in missing:
                    missing.append(name)
                continue
            target = base / folder / safe
            if target.exists() and target.read_bytes() == found.data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, found.data)
            written.append((folder / safe).as_posix())
    return written, missing
