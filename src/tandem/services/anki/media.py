"""Provides copying an import's media files into a ``media/`` folder beside each deck file."""

from __future__ import annotations

import filecmp
from pathlib import Path, PurePosixPath

from tandem.config.files import copy_atomically, write_atomically
from tandem.decks.files import deck_target
from tandem.interop import Mapped, MediaFile
from tandem.interop.medianames import MEDIA_FOLDER, safe_media_name
from tandem.services.anki.decks import Placed


class MediaPlan:
    """The media files an import writes: each name checked, each target inside the decks
    folder (a ``media`` folder that is a link elsewhere is refused before anything is
    written), and the names the notes refer to that the package lacks."""

    def __init__(self, root: Path, mapped: Mapped, placed: Placed, media: list[MediaFile]) -> None:
        """Plans the media the imported notes refer to.

        Names were validated when the package was read and are made safe again here (one
        path component, no ``..``).

        Raises:
            BadInputError: a target lies outside the decks folder (through a link).
        """
        by_name = {item.name: item for item in media}
        self.files: dict[str, tuple[Path, MediaFile]] = {}
        self.missing: list[str] = []
        for number, note in enumerate(mapped.notes):
            rel = placed.files.get(number)
            if rel is None or not note.media:
                continue
            folder = PurePosixPath(rel).parent / MEDIA_FOLDER
            for name in note.media:
                found, safe = by_name.get(name), safe_media_name(name)
                if found is None or safe is None:
                    if name not in self.missing:
                        self.missing.append(name)
                    continue
                shown = (folder / safe).as_posix()
                self.files[shown] = (deck_target(root, shown), found)

    def write(self) -> list[str]:
        """Writes the planned files (one already there with the same bytes is left alone);
        returns the names written."""
        written: list[str] = []
        for shown, (target, media) in self.files.items():
            if target.exists() and _same(target, media):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if media.spooled is not None:  # streamed: never the whole file in memory
                copy_atomically(target, media.spooled)
            else:
                write_atomically(target, media.data)
            written.append(shown)
        return written


def _same(target: Path, media: MediaFile) -> bool:
    if media.spooled is None:
        return target.read_bytes() == media.data
    return filecmp.cmp(target, media.spooled, shallow=False)
